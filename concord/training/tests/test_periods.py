"""The UK financial year, April to March."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from concord.training.periods import (
    financial_year_dates,
    financial_year_label,
    financial_year_of,
    recent_financial_years,
)


def test_the_year_turns_on_the_first_of_april():
    assert financial_year_of(date(2027, 3, 31)) == 2026
    assert financial_year_of(date(2027, 4, 1)) == 2027
    assert financial_year_of(date(2026, 12, 31)) == 2026


def test_a_year_runs_from_april_to_the_end_of_march():
    assert financial_year_dates(2026) == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year_label(2026) == "2026 to 2027"


def test_recent_years_are_newest_first_back_to_the_baseline():
    assert recent_financial_years(date(2026, 11, 23), 2024) == [2026, 2025, 2024]
    assert recent_financial_years(date(2026, 2, 1), 2024) == [2025, 2024]


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_is_in_exactly_the_year_whose_dates_contain_it(day):
    first, last = financial_year_dates(financial_year_of(day))

    assert first <= day <= last
    assert (last - first).days in (364, 365)
    assert financial_year_of(last + timedelta(days=1)) == financial_year_of(day) + 1
