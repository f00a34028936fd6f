"""When a complaint's stage is due to be acknowledged and answered, and whether it is late:
calendar days from the day the stage began (ADR 0034). No Django here."""

from __future__ import annotations

from datetime import date, timedelta


def due_by(began_on: date, days: int) -> date | None:
    """The last day for a step ``days`` calendar days after ``began_on``; None when the
    stage has no target (``days`` 0)."""
    return began_on + timedelta(days=days) if days > 0 else None


def is_overdue(due: date | None, done_on: date | None, today: date) -> bool:
    """Not done and the last day has passed (a step due today is not yet late)."""
    return due is not None and done_on is None and today > due


def in_time(due: date | None, done_on: date | None) -> bool | None:
    """Whether a step done was done by its last day; None when not done or with no target."""
    if due is None or done_on is None:
        return None
    return done_on <= due
