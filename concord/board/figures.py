"""What the board's records come to, read in a few set queries: which statutory
categories have no member in term, and each meeting's quoracy. Pages, the API, the
annual report and the board pack all read them from here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from uuid import UUID

from django.conf import settings

from concord.board.models import (
    REQUIRED_CATEGORIES,
    Attendance,
    BoardMember,
    Category,
    Meeting,
    MeetingAttendance,
)
from concord.domain.quorum import Quoracy, QuorumRule, in_term, quoracy

#: Attendance that counts towards the quorum: the member, or their deputy, was there.
PRESENT = frozenset({Attendance.PRESENT, Attendance.DEPUTY})


def quorum_rule() -> QuorumRule:
    return QuorumRule(settings.BOARD_QUORUM_FRACTION, settings.BOARD_QUORUM_MINIMUM)


def category_gaps(members: Iterable[BoardMember], day: date) -> list[Category]:
    """The required categories with no member whose term includes ``day``."""
    covered = {
        member.category
        for member in members
        if in_term(member.term_starts_on, member.term_ends_on, day)
    }
    return [category for category in REQUIRED_CATEGORIES if category not in covered]


def gaps_on(day: date) -> list[Category]:
    return category_gaps(
        BoardMember.objects.in_term(day).only("category", "term_starts_on", "term_ends_on"), day
    )


def in_term_on(members: Sequence[BoardMember], day: date) -> list[BoardMember]:
    return [m for m in members if in_term(m.term_starts_on, m.term_ends_on, day)]


def quoracy_of(
    meetings: Sequence[Meeting], members: Sequence[BoardMember] | None = None
) -> dict[UUID, Quoracy | None]:
    """Each meeting's quoracy (None while its attendance is not recorded), from two queries
    at most: the members, and the attendance of all the meetings."""
    if not meetings:
        return {}
    if members is None:
        members = list(BoardMember.objects.only("voting", "term_starts_on", "term_ends_on"))
    attended: dict[UUID, set[UUID]] = defaultdict(set)
    recorded: set[UUID] = set()
    rows = MeetingAttendance.objects.filter(meeting__in=meetings).values_list(
        "meeting_id", "member_id", "attendance"
    )
    for meeting_id, member_id, attendance in rows:
        recorded.add(meeting_id)
        if attendance in PRESENT:
            attended[meeting_id].add(member_id)
    rule = quorum_rule()
    found: dict[UUID, Quoracy | None] = {}
    for meeting in meetings:
        if meeting.pk not in recorded:
            found[meeting.pk] = None
            continue
        voting = [m.pk for m in in_term_on(members, meeting.held_on) if m.voting]
        present = len(attended[meeting.pk].intersection(voting))
        found[meeting.pk] = quoracy(present, len(voting), rule)
    return found


def attendance_counts(meetings: Sequence[Meeting]) -> dict[UUID, dict[str, int]]:
    """How many members of each meeting were present, sent a deputy, gave apologies or
    were absent."""
    counts: dict[UUID, dict[str, int]] = {
        meeting.pk: {choice.value: 0 for choice in Attendance} for meeting in meetings
    }
    rows = MeetingAttendance.objects.filter(meeting__in=meetings).values_list(
        "meeting_id", "attendance"
    )
    for meeting_id, attendance in rows:
        counts[meeting_id][attendance] += 1
    return counts
