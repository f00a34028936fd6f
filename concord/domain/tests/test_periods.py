"""The UK financial year, April to March, and its quarters."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.domain.periods import (
    Period,
    Quarter,
    financial_year,
    financial_year_dates,
    financial_year_label,
    financial_year_of,
    months_label,
    parse_period,
    parse_quarter,
    quarter_of,
    quarters_between,
    recent_financial_years,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("text", "first", "last", "label"),
    [
        ("2024Q1", date(2024, 4, 1), date(2024, 6, 30), "April to June 2024"),
        ("2024Q2", date(2024, 7, 1), date(2024, 9, 30), "July to September 2024"),
        ("2024Q3", date(2024, 10, 1), date(2024, 12, 31), "October to December 2024"),
        ("2024Q4", date(2025, 1, 1), date(2025, 3, 31), "January to March 2025"),
        ("2013q1", date(2013, 4, 1), date(2013, 6, 30), "April to June 2013"),
    ],
)
def test_quarters_are_numbered_from_april(text, first, last, label):
    period = parse_period(text)

    assert (period.first, period.last, period.label) == (first, last, label)
    assert str(parse_quarter(text)) == text.upper()


def test_a_leap_year_quarter_ends_on_the_twenty_ninth_of_february():
    assert Quarter(2023, 4).last == date(2024, 3, 31)
    assert Period(date(2024, 2, 1), date(2024, 2, 29), "February 2024").days == 29
    assert Quarter(2023, 4).period.days == 91
    assert Quarter(2024, 4).period.days == 90


def test_a_financial_year_is_written_with_both_years():
    year = parse_period(" 2024-25 ")

    assert (year.first, year.last, year.label) == (
        date(2024, 4, 1),
        date(2025, 3, 31),
        "2024 to 2025",
    )
    assert parse_period("1999-00") == financial_year(1999)


@pytest.mark.parametrize("text", ["2024Q5", "2024Q0", "2024-26", "Q1 2024", "2024", "", "24Q1"])
def test_a_period_that_does_not_parse_is_refused_with_the_forms_that_do(text):
    with pytest.raises(ValueError, match="2024Q1") as refused:
        parse_period(text)
    assert "2024-25" in str(refused.value)


def test_a_quarter_must_be_numbered_one_to_four():
    with pytest.raises(ValueError, match="1 to 4"):
        Quarter(2024, 5)
    with pytest.raises(ValueError, match="2024Q1"):
        parse_quarter("2024-25")


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="end before"):
        Period(date(2024, 2, 1), date(2024, 1, 31), "backwards")


def test_quarters_between_include_both_ends_across_a_year_end():
    assert [str(q) for q in quarters_between(Quarter(2023, 3), Quarter(2024, 2))] == [
        "2023Q3",
        "2023Q4",
        "2024Q1",
        "2024Q2",
    ]
    assert quarters_between(Quarter(2024, 2), Quarter(2024, 1)) == []


def test_year_to_date_runs_from_april_to_the_end_of_the_quarter():
    period = Quarter(2024, 3).year_to_date()

    assert (period.first, period.last) == (date(2024, 4, 1), date(2024, 12, 31))
    assert period.label == "April to December 2024"
    assert Quarter(2024, 4).year_to_date().label == "April 2024 to March 2025"
    assert months_label(date(2024, 4, 1), date(2024, 4, 30)) == "April 2024"


@given(days)
def test_every_day_is_in_exactly_the_quarter_found_for_it(day):
    quarter = quarter_of(day)

    assert day in quarter.period
    assert day not in quarter.next().period
    assert day not in quarter.previous().period
    assert quarter_of(quarter.last + timedelta(days=1)) == quarter.next()
    assert quarter_of(quarter.first - timedelta(days=1)) == quarter.previous()


@given(st.integers(1990, 2100), st.integers(1, 4), st.integers(-40, 40))
def test_shifting_a_quarter_moves_it_that_many_quarters(year, number, steps):
    quarter = Quarter(year, number)
    shifted = quarter.shifted(steps)

    assert shifted.shifted(-steps) == quarter
    assert len(quarters_between(min(quarter, shifted), max(quarter, shifted))) == abs(steps) + 1
    assert parse_quarter(str(shifted)) == shifted


@given(days)
def test_the_four_quarters_tile_the_financial_year(day):
    year = quarter_of(day).year
    quarters = quarters_between(Quarter(year, 1), Quarter(year, 4))

    assert quarters[0].first == financial_year(year).first
    assert quarters[-1].last == financial_year(year).last
    for earlier, later in pairwise(quarters):
        assert later.first == earlier.last + timedelta(days=1)


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


@given(days)
def test_every_day_is_in_exactly_the_year_whose_dates_contain_it(day):
    first, last = financial_year_dates(financial_year_of(day))

    assert first <= day <= last
    assert (last - first).days in (364, 365)
    assert financial_year_of(last + timedelta(days=1)) == financial_year_of(day) + 1
