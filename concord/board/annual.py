"""The board's annual report to government and the Domestic Abuse Commissioner, drafted
from its records for one financial year: each section a paragraph the partnership manager
may then rewrite, and a table kept as the records stood on the day it was drafted."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Q

from concord.board.figures import attendance_counts, category_gaps, in_term_on, quoracy_of
from concord.board.models import (
    Attendance,
    BoardAction,
    BoardMember,
    Category,
    Decision,
    InterestDeclaration,
    Meeting,
)
from concord.core.presenters import govuk_date
from concord.domain.periods import financial_year
from concord.domain.quorum import in_term

Section = dict[str, Any]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _section(key: str, title: str, text: str, headers: list[str], rows: list[list[str]]) -> Section:
    return {"key": key, "title": title, "text": text, "table": {"headers": headers, "rows": rows}}


def draft_sections(year: int, *, today: date, council: str) -> list[Section]:
    """The sections of the report of financial ``year``: the membership on its last day (or
    today, for a year not over), and what the board did within it."""
    period = financial_year(year)
    as_of = min(period.last, today)
    members = list(BoardMember.objects.order_by("category", "name"))
    meetings = list(
        Meeting.objects.filter(held_on__range=(period.first, as_of)).order_by("held_on")
    )
    return [
        _introduction(council, period.label, as_of, len(meetings)),
        _membership(members, as_of),
        _meetings(meetings, members),
        _decisions(meetings),
        _actions(meetings, as_of),
        _interests(period.first, as_of),
    ]


def _introduction(council: str, label: str, as_of: date, meetings: int) -> Section:
    text = (
        f"This is the annual report of the Local Partnership Board convened by {council} "
        f"under section 58 of the Domestic Abuse Act 2021, for the year {label}, to the "
        "Secretary of State and the Domestic Abuse Commissioner. The board advises the council "
        "on its duty to support victims of domestic abuse and their children in safe "
        "accommodation and monitors how the duty is met. "
        f"It met {_plural(meetings, 'time', 'times')} in the year (records to {govuk_date(as_of)})."
    )
    return _section("introduction", "Introduction", text, [], [])


def _membership(members: list[BoardMember], as_of: date) -> Section:
    current = in_term_on(members, as_of)
    gaps = category_gaps(current, as_of)
    by_category = Counter(member.category for member in current)
    voting = Counter(member.category for member in current if member.voting)
    rows = [
        [
            str(category.label),
            str(by_category[category]),
            str(voting[category]),
            ", ".join(f"{m.name} ({m.organisation})" for m in current if m.category == category)
            or "No member",
        ]
        for category in Category
        if category != Category.OTHER or by_category[category]
    ]
    text = (
        f"On {govuk_date(as_of)} the board had {_plural(len(current), 'member', 'members')} "
        f"in term, {sum(voting.values())} of them voting. "
    )
    if gaps:
        text += (
            "The membership did not cover every category the Act requires: there was no "
            f"member for {', '.join(str(gap.label) for gap in gaps)}. The council is recruiting "
            "to fill these places."
        )
    else:
        text += "Every category of membership the Act requires was covered."
    headers = ["Category", "Members", "Voting", "Who"]
    return _section("membership", "Membership", text, headers, rows)


def _meetings(meetings: list[Meeting], members: list[BoardMember]) -> Section:
    quoracies = quoracy_of(meetings, members)
    counts = attendance_counts(meetings)
    quorate = sum(1 for found in quoracies.values() if found is not None and found.quorate)
    rows = []
    for meeting in meetings:
        found = quoracies[meeting.pk]
        count = counts[meeting.pk]
        rows.append(
            [
                govuk_date(meeting.held_on),
                meeting.title,
                str(count[Attendance.PRESENT] + count[Attendance.DEPUTY]),
                str(count[Attendance.APOLOGIES]),
                found.sentence() if found else "Attendance not recorded",
            ]
        )
    text = (
        f"The board met {_plural(len(meetings), 'time', 'times')}; "
        f"{_plural(quorate, 'meeting was', 'meetings were')} quorate."
    )
    headers = ["Date", "Meeting", "Present or deputy", "Apologies", "Quoracy"]
    return _section("meetings", "Meetings and attendance", text, headers, rows)


def _decisions(meetings: list[Meeting]) -> Section:
    decisions = list(
        Decision.objects.filter(meeting__in=meetings)
        .select_related("meeting")
        .order_by("meeting__held_on", "created_at")
    )
    rows = [
        [decision.reference, govuk_date(decision.meeting.held_on), decision.text]
        for decision in decisions
    ]
    text = f"The board made {_plural(len(decisions), 'decision', 'decisions')} in the year."
    return _section("decisions", "Decisions", text, ["Reference", "Date", "Decision"], rows)


def action_status(action: BoardAction, today: date) -> str:
    """An action's status in words: done, overdue or open."""
    if action.done_on is not None and action.done_on <= today:
        return f"Done on {govuk_date(action.done_on)}"
    if action.due_on < today:
        return "Overdue"
    return "Open"


def _actions(meetings: list[Meeting], as_of: date) -> Section:
    actions = list(
        BoardAction.objects.filter(meeting__in=meetings)
        .select_related("owner")
        .order_by("due_on", "created_at")
    )
    statuses = [action_status(action, as_of) for action in actions]
    done = sum(1 for status in statuses if status.startswith("Done"))
    overdue = statuses.count("Overdue")
    rows = [
        [action.description, action.owner.name, govuk_date(action.due_on), status]
        for action, status in zip(actions, statuses, strict=True)
    ]
    text = (
        f"The board agreed {_plural(len(actions), 'action', 'actions')} at its meetings in the "
        f"year: {done} done and {len(actions) - done} outstanding on {govuk_date(as_of)}"
        f"{f', {overdue} of them overdue' if overdue else ''}."
    )
    headers = ["Action", "Owner", "Due", "Status"]
    return _section("actions", "Actions", text, headers, rows)


def _interests(first: date, as_of: date) -> Section:
    declarations = list(
        InterestDeclaration.objects.filter(declared_on__lte=as_of).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=first)
        )
    )
    made = sum(1 for d in declarations if d.declared_on >= first)
    ended = sum(1 for d in declarations if d.ended_on is not None and d.ended_on <= as_of)
    in_force = sum(1 for d in declarations if in_term(d.declared_on, d.ended_on, as_of))
    rows = [
        ["In force at some time in the year", str(len(declarations))],
        ["Declared in the year", str(made)],
        ["Ended in the year", str(ended)],
        [f"In force on {govuk_date(as_of)}", str(in_force)],
    ]
    text = (
        f"Members declared {_plural(made, 'interest', 'interests')} in the year; "
        f"{_plural(len(declarations), 'declaration was', 'declarations were')} in force at some "
        "time in it. Members with an interest in an item take no part in its decision."
    )
    return _section("interests", "Declarations of interest", text, ["Declarations", "Number"], rows)
