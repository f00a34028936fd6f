"""The board's part of the board pack (concord.core.pack_parts): the meetings in the
period with their attendance and quoracy, the open actions (overdue said in words) and the
categories of membership with no member in term at the period's end."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from concord.board.annual import action_status
from concord.board.figures import attendance_counts, gaps_on, quoracy_of
from concord.board.models import Attendance, BoardAction, Meeting
from concord.core.pack_parts import PackTable
from concord.core.presenters import govuk_date


def board_tables(first: date, last: date) -> list[PackTable]:
    today = timezone.localdate()
    return [_meetings(first, last), _open_actions(min(last, today)), _gaps(min(last, today))]


def _meetings(first: date, last: date) -> PackTable:
    meetings = list(Meeting.objects.filter(held_on__range=(first, last)).order_by("held_on"))
    quoracies = quoracy_of(meetings)
    counts = attendance_counts(meetings)
    rows = tuple(
        (
            govuk_date(meeting.held_on),
            meeting.title,
            str(counts[meeting.pk][Attendance.PRESENT] + counts[meeting.pk][Attendance.DEPUTY]),
            str(counts[meeting.pk][Attendance.APOLOGIES]),
            found.sentence() if (found := quoracies[meeting.pk]) else "Attendance not recorded",
        )
        for meeting in meetings
    )
    return PackTable(
        title="Board meetings",
        headers=("Date", "Meeting", "Present or deputy", "Apologies", "Quoracy"),
        rows=rows,
        empty="The board did not meet in the period.",
        notes=("A deputy attending in a member's place counts towards the quorum.",),
    )


def _open_actions(on: date) -> PackTable:
    actions = (
        BoardAction.objects.filter(created_at__date__lte=on)
        .exclude(done_on__lte=on)
        .select_related("owner", "meeting")
        .order_by("due_on")
    )
    rows = tuple(
        (
            action.description,
            action.owner.name,
            govuk_date(action.due_on),
            action_status(action, on),
        )
        for action in actions
    )
    return PackTable(
        title="Open board actions",
        headers=("Action", "Owner", "Due", "Status"),
        rows=rows,
        empty="No board action is open.",
    )


def _gaps(on: date) -> PackTable:
    rows = tuple((str(category.label), "No member in term") for category in gaps_on(on))
    return PackTable(
        title="Board membership gaps",
        headers=("Statutory category", "Gap"),
        rows=rows,
        empty="Every statutory category of membership has a member in term.",
        notes=(f"On {govuk_date(on)}.",),
    )
