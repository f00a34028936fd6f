"""How the board's records read on its pages: members grouped by category with the gaps
named, terms and actions as tags with words (never colour alone), quoracy as a sentence."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from concord.board.models import (
    Attendance,
    BoardAction,
    BoardMember,
    Category,
    Meeting,
    Paper,
)
from concord.core import filetypes
from concord.core.presenters import govuk_date
from concord.domain.quorum import Quoracy, ends_soon, in_term


def tag(text: str, colour: str) -> SafeString:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def link(href: str, text: str, hidden: str = "") -> SafeString:
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
            href,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def term_text(member: BoardMember) -> str:
    start = govuk_date(member.term_starts_on)
    if member.term_ends_on is None:
        return f"From {start}, no set end"
    return f"{start} to {govuk_date(member.term_ends_on)}"


def term_tag(member: BoardMember, today: date) -> SafeString:
    if member.term_starts_on > today:
        return tag("Starts later", "blue")
    if member.term_ends_on is not None and member.term_ends_on < today:
        return tag("Ended", "grey")
    if ends_soon(member.term_ends_on, today):
        return tag("Ends within 3 months", "orange")
    return tag("In term", "green")


def member_row(member: BoardMember, today: date, interests: int) -> list[dict[str, Any]]:
    return [
        {"html": link(reverse("board:member", args=[member.pk]), member.name)},
        {"text": member.organisation + (f", {member.role_title}" if member.role_title else "")},
        {"text": "Voting" if member.voting else "Not voting"},
        {"html": format_html("{}<br>{}", term_text(member), term_tag(member, today))},
        {"text": str(interests) if interests else "None", "format": "numeric"},
    ]


def category_groups(
    members: list[BoardMember], today: date, interests: dict[Any, int]
) -> list[dict[str, Any]]:
    """One table of current (and future) members per category, with an empty category told
    in words; members whose term has ended are left to ``ended_rows``."""
    groups = []
    for category in Category:
        current = [
            m
            for m in members
            if m.category == category and (m.term_ends_on is None or m.term_ends_on >= today)
        ]
        if category == Category.OTHER and not current:
            continue
        groups.append(
            {
                "label": str(category.label),
                "rows": [member_row(m, today, interests.get(m.pk, 0)) for m in current],
                "vacant": not any(
                    in_term(m.term_starts_on, m.term_ends_on, today) for m in current
                ),
            }
        )
    return groups


def ended_rows(members: list[BoardMember], today: date) -> list[list[dict[str, Any]]]:
    return [
        [
            {"html": link(reverse("board:member", args=[m.pk]), m.name)},
            {"text": m.organisation},
            {"text": str(Category(m.category).label)},
            {"text": term_text(m)},
        ]
        for m in members
        if m.term_ends_on is not None and m.term_ends_on < today
    ]


def gap_warnings(gaps: list[Category]) -> list[str]:
    return [f"No member for {category.label}" for category in gaps]


def quoracy_text(found: Quoracy | None) -> str:
    return found.sentence() if found is not None else "Attendance not recorded yet"


def quoracy_tag(found: Quoracy | None) -> SafeString:
    if found is None:
        return tag("Attendance not recorded", "grey")
    return tag("Quorate", "green") if found.quorate else tag("Not quorate", "red")


def meeting_row(
    meeting: Meeting, found: Quoracy | None, papers: int, held: bool
) -> list[dict[str, Any]]:
    row: list[dict[str, Any]] = [
        {"text": govuk_date(meeting.held_on)},
        {"html": link(reverse("board:meeting", args=[meeting.pk]), meeting.title)},
        {"text": str(papers) if papers else "None", "format": "numeric"},
    ]
    if held:
        minutes = (
            f"Approved on {govuk_date(meeting.minutes_approved_on)}"
            if meeting.minutes_approved_on
            else ("Draft" if meeting.minutes else "Not recorded")
        )
        row += [
            {"text": minutes},
            {
                "html": format_html(
                    "{}<br>{}", quoracy_tag(found), quoracy_text(found) if found else ""
                )
            },
        ]
    return row


def action_tag(action: BoardAction, today: date) -> SafeString:
    if action.done_on is not None:
        return tag("Done", "green")
    if action.due_on < today:
        return tag("Overdue", "red")
    return tag("Open", "blue")


def action_row(
    action: BoardAction, today: date, may_keep: bool, with_meeting: bool = True
) -> list[dict[str, Any]]:
    status = action_tag(action, today)
    if action.done_on is not None:
        detail = format_html(
            "{}<br>on {}: {}", status, govuk_date(action.done_on), action.done_note
        )
    elif may_keep:
        detail = format_html(
            "{}<br>{}",
            status,
            link(
                reverse("board:action_done", args=[action.pk]),
                "Mark as done",
                f"({action.description[:40]})",
            ),
        )
    else:
        detail = status
    row: list[dict[str, Any]] = [
        {"text": action.description},
        {"text": action.owner.name},
        {"text": govuk_date(action.due_on)},
    ]
    if with_meeting:
        row.append(
            {
                "html": link(
                    reverse("board:meeting", args=[action.meeting_id]),
                    govuk_date(action.meeting.held_on),
                    f"({action.meeting.title})",
                )
            }
        )
    row.append({"html": detail})
    return row


def paper_row(paper: Paper) -> list[dict[str, Any]]:
    download = format_html(
        '<a class="govuk-link" href="{}" download>{}'
        '<span class="govuk-visually-hidden"> (download)</span></a>',
        reverse("board:paper", args=[paper.pk]),
        paper.title,
    )
    return [
        {"html": download},
        {"text": filetypes.KINDS[paper.kind][0]},
        {"text": f"{max(1, round(paper.size / 1024)):,} KB", "format": "numeric"},
        {"text": str(paper.agenda_item) if paper.agenda_item else "General"},
    ]


def attendance_text(attendance: str, deputy: str) -> str:
    label = str(Attendance(attendance).label)
    return f"{label}: {deputy}" if attendance == Attendance.DEPUTY and deputy else label


def download_name(paper: Paper) -> str:
    """A file name with nothing but the meeting's date and the paper's short id."""
    extension = filetypes.KINDS[paper.kind][1]
    return f"board-paper-{paper.meeting.held_on:%Y-%m-%d}-{paper.pk.hex[:8]}.{extension}"
