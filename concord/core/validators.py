"""Checks on dates and times that many records share, each with one wording.

A date in the future reads "<label> must be today or in the past" (GOV.UK's words for a
date), a moment "<label> must be now or in the past"; a date or moment too early reads
"<label> cannot be before <what>". The ``..._problem`` functions give the message (or
``None``) for a form or a service that gathers several; ``not_in_future`` and
``not_before`` raise a ValidationError against one field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone

Moment = TypeVar("Moment", date, datetime)


def future_problem(moment: date | datetime, label: str) -> str | None:
    """What is wrong with ``moment`` if it is in the future: a date after today, or a
    moment after now."""
    if isinstance(moment, datetime):
        return f"{label} must be now or in the past" if moment > timezone.now() else None
    return f"{label} must be today or in the past" if moment > timezone.localdate() else None


def early_problem(moment: Moment, earliest: Moment, label: str, what: str) -> str | None:
    """What is wrong with ``moment`` if it comes before ``earliest`` (``what`` names it)."""
    return f"{label} cannot be before {what}" if moment < earliest else None


def not_in_future(moment: date | datetime, field: str, label: str) -> None:
    _refuse(field, future_problem(moment, label))


def not_before(moment: Moment, earliest: Moment, field: str, label: str, what: str) -> None:
    _refuse(field, early_problem(moment, earliest, label, what))


def _refuse(field: str, problem: str | None) -> None:
    if problem is not None:
        raise ValidationError({field: problem})
