"""The order a domestic homicide review's dates keep, and when a recommendation is overdue
(DOMAIN §16). Pure Python: the review's services check with these before writing, and its
summary and the board pack count with them.

A death is notified on or after the day it happened; the partnership decides whether to
hold a review on or after the notification; a review is submitted to the Home Office's
quality panel only once decided, and published only once submitted. Only a review the
partnership decided to hold is submitted or published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The review's dates in the order they must keep: (field, how a sentence names it).
DATE_ORDER = (
    ("died_on", "the date of death"),
    ("notified_on", "the date notified"),
    ("decided_on", "the date of the decision"),
    ("submitted_on", "the date submitted to the Home Office"),
    ("published_on", "the date published"),
)
LABELS = {field: label[0].upper() + label[1:] for field, label in DATE_ORDER}
NOT_HELD = "Only a review the partnership decided to hold is submitted or published"
NEEDS_EARLIER = "Enter {earlier} before {later}"


@dataclass(frozen=True)
class ReviewDates:
    died_on: date
    notified_on: date
    decided_on: date | None = None
    submitted_on: date | None = None
    published_on: date | None = None


def date_problems(dates: ReviewDates, *, held: bool, today: date) -> dict[str, str]:
    """What is wrong with a review's dates, one message per field: none in the future, each
    on or after the one before it, none missing before a later one, and a submission or
    publication only for a review to be held."""
    problems: dict[str, str] = {}
    earlier: tuple[str, date] | None = None
    missing_before: str | None = None
    for field, label in DATE_ORDER:
        value: date | None = getattr(dates, field)
        if value is None:
            missing_before = missing_before or label
            continue
        if value > today:
            problems[field] = f"{LABELS[field]} must be today or in the past"
        elif missing_before is not None:
            problems[field] = NEEDS_EARLIER.format(earlier=missing_before, later=label)
        elif earlier is not None and value < earlier[1]:
            problems[field] = f"{LABELS[field]} cannot be before {earlier[0]}"
        earlier = (label, value)
    if not held:
        for field in ("submitted_on", "published_on"):
            if getattr(dates, field) is not None:
                problems[field] = NOT_HELD
    return problems


def is_outstanding(completed_on: date | None, on: date) -> bool:
    """A recommendation is outstanding on a day unless it was completed by then."""
    return completed_on is None or completed_on > on


def is_overdue(due_on: date, completed_on: date | None, on: date) -> bool:
    """Outstanding after the day it was due."""
    return is_outstanding(completed_on, on) and due_on < on
