"""Reporting periods: the UK financial year, April to March, its quarters, and any range of
days (DOMAIN §7).

A financial year is named by the calendar year it starts in: 2026 is April 2026 to March
2027, written "2026 to 2027" for readers (or "2026-27" where a period is typed). Quarters are
numbered within the financial year: "2024Q1" is April to June 2024, "2024Q4" is January to
March 2025.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_MONTH = 4  # April
QUARTERS_A_YEAR = 4
MONTHS_A_QUARTER = 3
QUARTER_PATTERN = re.compile(r"(\d{4})Q([1-4])")
YEAR_PATTERN = re.compile(r"(\d{4})-(\d{2})")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def financial_year_of(day: date) -> int:
    """The financial year a day falls in, by its starting year."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_dates(start_year: int) -> tuple[date, date]:
    """The first and last days (inclusive) of a financial year."""
    return date(start_year, FIRST_MONTH, 1), date(start_year + 1, FIRST_MONTH - 1, 31)


def financial_year_label(start_year: int) -> str:
    return f"{start_year} to {start_year + 1}"


def recent_financial_years(today: date, back_to: int) -> list[int]:
    """Financial years from the one ``today`` is in back to ``back_to``, newest first."""
    return list(range(financial_year_of(today), back_to - 1, -1))


@dataclass(frozen=True, order=True)
class Period:
    """A date range, both ends inclusive."""

    first: date
    last: date
    label: str

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError("A period cannot end before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def code(self) -> str:
        """Its dates, for file names and logs: "2012-09-01-to-2012-12-31"."""
        return f"{self.first.isoformat()}-to-{self.last.isoformat()}"

    @property
    def quarters(self) -> list[Quarter]:
        """The quarters it overlaps, oldest first."""
        return quarters_between(quarter_of(self.first), quarter_of(self.last))

    @property
    def quarter(self) -> Quarter | None:
        """The quarter it is exactly, or None."""
        found = quarter_of(self.first)
        return found if (found.first, found.last) == (self.first, self.last) else None

    @property
    def last_quarter(self) -> Quarter:
        """The quarter it ends in."""
        return quarter_of(self.last)

    def year_to_date(self) -> Period:
        """From the start of the financial year it ends in to its last day."""
        first, _ = financial_year_dates(financial_year_of(self.last))
        return Period(first, self.last, f"{days_label(first, self.last)} (year to date)")

    def trend_quarters(self, count: int = 4) -> list[Quarter]:
        """The ``count`` quarters ending with the one it ends in, oldest first."""
        last = self.last_quarter
        return quarters_between(last.shifted(1 - count), last)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the financial year, by its starting calendar year
    number: int  # 1 (April to June) to 4 (January to March)

    def __post_init__(self) -> None:
        if not 1 <= self.number <= QUARTERS_A_YEAR:
            raise ValueError("A quarter is numbered 1 to 4")

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first(self) -> date:
        month = FIRST_MONTH + MONTHS_A_QUARTER * (self.number - 1)
        return date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    @property
    def label(self) -> str:
        """For readers, e.g. "April to June 2024"."""
        return months_label(self.first, self.last)

    @property
    def period(self) -> Period:
        return Period(self.first, self.last, self.label)

    def next(self) -> Quarter:
        return self.shifted(1)

    def previous(self) -> Quarter:
        return self.shifted(-1)

    def shifted(self, quarters: int) -> Quarter:
        year, index = divmod(
            QUARTERS_A_YEAR * self.year + self.number - 1 + quarters, QUARTERS_A_YEAR
        )
        return Quarter(year, index + 1)

    def year_to_date(self) -> Period:
        """From the start of the financial year to the end of this quarter."""
        first, _ = financial_year_dates(self.year)
        return Period(first, self.last, months_label(first, self.last))


def months_label(first: date, last: date) -> str:
    """Whole months for readers: "April 2024", "April to June 2024", "April 2024 to March 2025"."""
    start, end = MONTH_NAMES[first.month - 1], MONTH_NAMES[last.month - 1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{end} {last.year}"
    if first.year == last.year:
        return f"{start} to {end} {last.year}"
    return f"{start} {first.year} to {end} {last.year}"


def day_label(day: date) -> str:
    """For readers: "1 September 2012"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def days_label(first: date, last: date) -> str:
    """A range of days for readers: "1 September to 31 December 2012", "1 February 2012 to
    31 March 2013", or one day, "1 September 2012"."""
    if first == last:
        return day_label(last)
    if first.year == last.year:
        return f"{first.day} {MONTH_NAMES[first.month - 1]} to {day_label(last)}"
    return f"{day_label(first)} to {day_label(last)}"


def date_range(first: date, last: date) -> Period:
    """The days from ``first`` to ``last``; ValueError when it ends before it starts."""
    if first > last:
        raise ValueError("The end date must be the same as or after the start date")
    return Period(first, last, days_label(first, last))


def parse_date(text: str) -> date:
    """A day written like 2012-09-01; ValueError saying so for other text."""
    cleaned = text.strip()
    if DATE_PATTERN.fullmatch(cleaned):
        try:
            return date.fromisoformat(cleaned)
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date: write it like 2012-09-01 (year, month, day)")


def parse_date_range(first: str, last: str) -> Period:
    """``date_range`` of two days written like 2012-09-01."""
    return date_range(parse_date(first), parse_date(last))


def quarter_of(day: date) -> Quarter:
    year = financial_year_of(day)
    months_in = (day.month - FIRST_MONTH) % 12
    return Quarter(year, months_in // MONTHS_A_QUARTER + 1)


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from ``first`` to ``last``, both included, oldest first."""
    quarters = []
    quarter = first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def financial_year(start_year: int) -> Period:
    first, last = financial_year_dates(start_year)
    return Period(first, last, financial_year_label(start_year))


def parse_quarter(text: str) -> Quarter:
    match = QUARTER_PATTERN.fullmatch(text.strip().upper())
    if match is None:
        raise ValueError(f"{text!r} is not a quarter: write it like 2024Q1 (April to June 2024)")
    return Quarter(int(match[1]), int(match[2]))


def parse_financial_year(text: str) -> int | None:
    """The starting year of a financial year written like "2024-25"; None for other text."""
    match = YEAR_PATTERN.fullmatch(text.strip())
    if match and int(match[2]) == (int(match[1]) + 1) % 100:
        return int(match[1])
    return None


def parse_period(text: str) -> Period:
    """A quarter ("2024Q1") or a financial year ("2024-25")."""
    cleaned = text.strip().upper()
    if (start_year := parse_financial_year(cleaned)) is not None:
        return financial_year(start_year)
    if match := QUARTER_PATTERN.fullmatch(cleaned):
        return Quarter(int(match[1]), int(match[2])).period
    raise ValueError(
        f"{text!r} is not a period: write a quarter like 2024Q1 (April to June 2024) "
        "or a financial year like 2024-25"
    )
