"""Submission history: for each quarter, which files each agency was expected to send, which
came, and whether on time (due SUBMISSION_DUE_DAYS after the quarter, or the schedule's own
days). Two queries whatever the number of agencies and quarters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from concord.accounts.models import Agency
from concord.domain.periods import Quarter
from concord.submissions.models import (
    Submission,
    SubmissionKind,
    SubmissionQuerySet,
    SubmissionSchedule,
)


@dataclass(frozen=True)
class HistoryLine:
    quarter: Quarter
    agency: Agency
    kind: str
    expected: bool
    due_on: date | None
    first_received: Submission | None
    files: int
    rows: int
    kept_back: int

    @property
    def kind_label(self) -> str:
        return SubmissionKind(self.kind).label

    def state(self, today: date) -> str:
        """In words: received on time or late, overdue, or not due yet."""
        if self.first_received is not None:
            if self.due_on is None:
                return "Received (not expected)"
            received_on = self.first_received.received_at.date()
            return "Received on time" if received_on <= self.due_on else "Received late"
        assert self.due_on is not None
        return "Overdue" if today > self.due_on else "Not due yet"


def submission_history(
    submissions: SubmissionQuerySet, quarters: list[Quarter], *, agency: Agency | None
) -> list[HistoryLine]:
    """Lines for ``quarters`` (newest first): every expected file, and every accepted file
    that was not expected. ``agency`` limits the schedules to one agency (data officers);
    ``submissions`` is already limited by the reader's scope."""
    first, last = min(quarters).first, max(quarters).last
    schedules = SubmissionSchedule.objects.select_related("agency")
    if agency is not None:
        schedules = schedules.filter(agency=agency)
    received: dict[tuple[object, str, date], list[Submission]] = defaultdict(list)
    accepted = submissions.accepted().filter(period_first__gte=first, period_first__lte=last)
    for submission in accepted.order_by("received_at"):
        received[(submission.agency_id, submission.kind, submission.period_first)].append(
            submission
        )
    lines = []
    for quarter in sorted(quarters, reverse=True):
        expected = [schedule for schedule in schedules if _expects(schedule, quarter)]
        for schedule in expected:
            files = received.pop((schedule.agency_id, schedule.kind, quarter.first), [])
            due = quarter.last + timedelta(days=schedule.days_allowed)
            lines.append(_line(quarter, schedule.agency, schedule.kind, due, files))
        for (_, kind, period_first), files in list(received.items()):
            if period_first == quarter.first:
                lines.append(_line(quarter, files[0].agency, kind, None, files))
    return lines


def _expects(schedule: SubmissionSchedule, quarter: Quarter) -> bool:
    return schedule.starts_on <= quarter.first and (
        schedule.ends_on is None or quarter.first <= schedule.ends_on
    )


def _line(
    quarter: Quarter, agency: Agency, kind: str, due_on: date | None, files: list[Submission]
) -> HistoryLine:
    return HistoryLine(
        quarter=quarter,
        agency=agency,
        kind=kind,
        expected=due_on is not None,
        due_on=due_on,
        first_received=files[0] if files else None,
        files=len(files),
        rows=sum(file.rows_total for file in files),
        kept_back=sum(file.rows_quarantined for file in files),
    )
