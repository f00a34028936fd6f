"""When a delivery-plan action needs attention, and which years a strategy's plans and
self-assessments may be for (DOMAIN §15). Django-free."""

from __future__ import annotations

from datetime import date, timedelta

from concord.domain.delivery import ActionStatus
from concord.domain.periods import financial_year_label

# A lead is reminded of an open action with no update for this long.
QUIET_DAYS = 91  # three months
# The home panel shows a lead's actions due within this many days.
DUE_SOON_DAYS = 31


def is_overdue(status: ActionStatus, due_on: date, today: date) -> bool:
    return status.is_open and due_on < today


def is_due_soon(status: ActionStatus, due_on: date, today: date) -> bool:
    """Open and due by DUE_SOON_DAYS from today (overdue included)."""
    return status.is_open and due_on <= today + timedelta(days=DUE_SOON_DAYS)


def is_quiet(
    status: ActionStatus, starts_on: date, last_update_on: date | None, today: date
) -> bool:
    """Open, started at least three months ago and without an update for three months."""
    since = last_update_on or starts_on
    return status.is_open and today - since >= timedelta(days=QUIET_DAYS)


def outside_strategy(first_year: int, last_year: int, year: int) -> str:
    """Why ``year`` cannot have a plan or assessment of a strategy over those years; empty
    when it can."""
    if first_year <= year <= last_year:
        return ""
    return (
        f"{financial_year_label(year)} is outside the strategy, which runs from the "
        f"{financial_year_label(first_year)} year to the {financial_year_label(last_year)} year"
    )
