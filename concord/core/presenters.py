"""Formatting for pages, following GOV.UK style (dates like 23 November 2026)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.html import conditional_escape

from concord.domain.numbers import number_text, percentage_text


def summary_rows(facts: Iterable[tuple[str, Any]]) -> list[dict[str, Any]]:
    """(key, value) pairs as the rows of a GOV.UK summary list; a value is escaped unless it
    is already safe HTML (a tag)."""
    return [
        {"key": {"text": key}, "value": {"html": conditional_escape(value)}} for key, value in facts
    ]


def govuk_date(value: date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{govuk_date(local)} at {hour}{minutes}{suffix}"


FILTERS: dict[str, Any] = {
    "govuk_date": govuk_date,
    "govuk_datetime": govuk_datetime,
    "number": number_text,
    "percentage": percentage_text,
}


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event of a service's own record (housing, programmes) for the case
    timeline, which places it on its day."""

    day: date
    recorded_at: datetime
    title: str
    details: list[str]


def resumed_times(times: int) -> str:
    """How often background work was resumed after its worker stopped (concord.core.resumable)."""
    counted = "Once" if times == 1 else f"{times} times"
    return f"{counted}, after the background worker stopped, at the first row not kept"


def background_work_stopped(last_seen: datetime | None) -> str:
    """The banner shown when the worker has stopped reporting (concord.core.heartbeat)."""
    opening = (
        "Background work has stopped: imports, checks of submitted files and linkage runs "
        "wait. Tell whoever runs Concord; "
    )
    if last_seen is None:
        return opening + "the worker has not reported for at least a day."
    local = timezone.localtime(last_seen)
    when = f"{local:%H:%M}"
    if local.date() != timezone.localdate():
        when += f" on {govuk_date(local)}"
    return opening + f"the worker last reported at {when}."
