"""The UK financial year, April to March (DOMAIN §7). Pure Python: no Django.

A financial year is named by the calendar year it starts in: 2026 is April 2026 to
March 2027, written "2026 to 2027".
"""

from __future__ import annotations

from datetime import date

FIRST_MONTH = 4  # April


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
