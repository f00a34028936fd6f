"""When outcome questions are asked (DOMAIN §17): at intake, at exit, and at follow-up some
months after the case closed. Django-free: the stages' keys, the months after closure read
from configuration, and the day a follow-up falls due."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

INTAKE = "intake"
EXIT = "exit"
FOLLOW_UP = "follow_up"
STAGES: tuple[tuple[str, str], ...] = (
    (INTAKE, "Intake"),
    (EXIT, "Exit"),
    (FOLLOW_UP, "Follow-up"),
)


class StageError(ValueError):
    """A stage or a list of follow-up months that makes no sense."""


def parse_follow_up_months(values: Iterable[str]) -> tuple[int, ...]:
    """The months after closure when follow-up questions are due ("3", "6"): whole numbers
    from 1 to 60, each once, in order."""
    months: list[int] = []
    for value in values:
        text = value.strip()
        if not text.isdigit() or not 1 <= int(text) <= 60:
            raise StageError(f"A follow-up is some whole months (1 to 60) after closure: {text!r}")
        months.append(int(text))
    if len(set(months)) != len(months):
        raise StageError("Each follow-up month may be given once")
    return tuple(sorted(months))


def stage_key(stage: str, months: int = 0) -> str:
    """The key of a stage in URLs and task sources: "intake", "exit", "follow_up_3"."""
    return f"{FOLLOW_UP}_{months}" if stage == FOLLOW_UP else stage


def parse_stage_key(key: str, follow_up_months: Iterable[int]) -> tuple[str, int]:
    """(stage, months) of a key that ``stage_key`` made; follow-ups only at the configured
    months."""
    if key in (INTAKE, EXIT):
        return key, 0
    prefix = f"{FOLLOW_UP}_"
    months = key.removeprefix(prefix)
    if key.startswith(prefix) and months.isdigit() and int(months) in set(follow_up_months):
        return FOLLOW_UP, int(months)
    raise StageError(f"There is no stage {key!r}")


def stage_label(stage: str, months: int = 0) -> str:
    if stage == FOLLOW_UP:
        return f"Follow-up ({months} month{'s' if months != 1 else ''})"
    return dict(STAGES)[stage]


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, or the month's last day when it has no
    such day (31 August + 6 months is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
