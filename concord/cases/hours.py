"""Office hours and whether a contact happened out of hours (DOMAIN.md §2).

Default office hours are Monday to Friday 09:00–17:00, excluding bank holidays in England.
The calendar is configuration: days and times come from a string such as
"Mon-Fri 09:00-17:00", and a service may add its own closure days. England's bank holidays
come from the ``holidays`` library, for any year.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from holidays import country_holidays

DEFAULT_OFFICE_HOURS_TEXT = "Mon-Fri 09:00-17:00"

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {name.lower(): number for number, name in enumerate(DAY_NAMES)} | {
    name: number for number, name in enumerate(_FULL_DAY_NAMES)
}
_CONFIG = re.compile(r"(?P<days>\S.*?)\s+(?P<opens>\S+?)\s*-\s*(?P<closes>\S+)")
_CLOCK = re.compile(r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})")


@functools.cache
def bank_holidays_in_england(year: int) -> frozenset[date]:
    """England's bank holidays in ``year``. A holiday that falls at a weekend is replaced by
    a weekday (a substitute day); the library lists both, the bank holidays are the
    weekdays."""
    calendar = country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar if day.weekday() < 5)


@dataclass(frozen=True)
class ClosureDays:
    """The days a service in England is closed: bank holidays and its own extra days."""

    extra: frozenset[date] = frozenset()

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return day in self.extra or day in bank_holidays_in_england(day.year)


@dataclass(frozen=True)
class OfficeHours:
    """When a service is open: weekdays (0 = Monday … 6 = Sunday), opening times, and the
    days it is closed."""

    days: frozenset[int]
    opens: time
    closes: time
    holidays: Container[date] = frozenset()

    def __post_init__(self) -> None:
        if not self.days:
            raise ValueError("Office hours need at least one day")
        if not self.days <= frozenset(range(7)):
            raise ValueError("Office days are numbered 0 (Monday) to 6 (Sunday)")
        if self.closes <= self.opens:
            raise ValueError("Office hours must close after they open")


def default_office_hours(extra_holidays: Iterable[date] = ()) -> OfficeHours:
    """Monday to Friday 09:00–17:00, closed on bank holidays in England and any extra dates."""
    days, opens, closes = parse_office_hours(DEFAULT_OFFICE_HOURS_TEXT)
    return OfficeHours(days, opens, closes, ClosureDays(frozenset(extra_holidays)))


def parse_office_hours(text: str) -> tuple[frozenset[int], time, time]:
    """Read a setting like "Mon-Fri 09:00-17:00" or "Mon,Tue,Thu 08:30-18:00".

    Days are three-letter or full English names, case-insensitive, joined by commas, with
    "Mon-Fri" style ranges running forwards through the week. Times are 24-hour HH:MM.
    """
    match = _CONFIG.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"Office hours {text!r} should look like 'Mon-Fri 09:00-17:00': "
            "days, a space, then opening and closing times"
        )
    days = _parse_days(match["days"])
    opens = _parse_clock(match["opens"])
    closes = _parse_clock(match["closes"])
    if closes <= opens:
        raise ValueError(
            f"Office hours {text!r} close at {closes:%H:%M}, which is not after they open "
            f"at {opens:%H:%M}"
        )
    return days, opens, closes


def is_out_of_hours(moment: datetime, hours: OfficeHours) -> bool:
    """Whether a contact at ``moment`` falls outside office hours.

    ``moment`` must already be in local (UK) time: callers convert aware datetimes with
    ``django.utils.timezone.localtime`` first. Only its date and wall-clock time are read, so
    any tzinfo is ignored. Opening time is in hours; closing time is out of hours.
    """
    day = moment.date()
    in_hours = (
        day.weekday() in hours.days
        and day not in hours.holidays
        and hours.opens <= moment.time() < hours.closes
    )
    return not in_hours


def _parse_days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        first, separator, last = part.partition("-")
        if not separator:
            days.add(_day_number(first))
            continue
        start, end = _day_number(first), _day_number(last)
        if end < start:
            raise ValueError(
                f"Day range {part.strip()!r} runs backwards; list days from Monday to Sunday"
            )
        days.update(range(start, end + 1))
    return frozenset(days)


def _day_number(name: str) -> int:
    try:
        return _DAY_NUMBERS[name.strip().lower()]
    except KeyError:
        raise ValueError(
            f"{name.strip()!r} is not a day; use {', '.join(DAY_NAMES)} or full day names"
        ) from None


def _parse_clock(text: str) -> time:
    match = _CLOCK.fullmatch(text)
    if match is None or int(match["hour"]) > 23 or int(match["minute"]) > 59:
        raise ValueError(f"{text!r} is not a 24-hour time like 09:00 or 17:30")
    return time(int(match["hour"]), int(match["minute"]))
