"""Any range of days as a reporting period: parsing, labels, and the quarters, year to
date and trend that go with it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.domain.periods import (
    Quarter,
    date_range,
    days_label,
    parse_date,
    parse_date_range,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [
        (date(2012, 9, 1), date(2012, 12, 31), "1 September to 31 December 2012"),
        (date(2012, 2, 1), date(2013, 3, 31), "1 February 2012 to 31 March 2013"),
        (date(2012, 9, 1), date(2012, 9, 1), "1 September 2012"),
    ],
)
def test_a_range_of_days_reads_as_people_write_it(first, last, label):
    assert days_label(first, last) == label
    assert date_range(first, last).label == label


def test_a_range_is_parsed_from_two_iso_dates():
    period = parse_date_range(" 2012-09-01", "2012-12-31 ")
    assert (period.first, period.last, period.days) == (date(2012, 9, 1), date(2012, 12, 31), 122)
    assert period.code == "2012-09-01-to-2012-12-31"


@pytest.mark.parametrize("text", ["", "2012-9-1", "01/09/2012", "2012-02-30", "2012-13-01", "x"])
def test_a_date_not_written_year_month_day_is_refused(text):
    with pytest.raises(ValueError, match="is not a date: write it like 2012-09-01"):
        parse_date(text)


def test_a_range_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="end date must be the same as or after the start"):
        parse_date_range("2012-12-31", "2012-09-01")


def test_a_range_overlaps_the_quarters_it_touches_and_ends_in_the_last():
    period = date_range(date(2012, 9, 1), date(2012, 12, 31))
    assert period.quarters == [Quarter(2012, 2), Quarter(2012, 3)]
    assert period.last_quarter == Quarter(2012, 3)
    assert period.quarter is None
    assert Quarter(2012, 3).period.quarter == Quarter(2012, 3)


def test_the_year_to_date_runs_from_april_of_the_year_the_range_ends_in():
    year_to_date = date_range(date(2012, 9, 1), date(2013, 2, 10)).year_to_date()
    assert (year_to_date.first, year_to_date.last) == (date(2012, 4, 1), date(2013, 2, 10))
    assert year_to_date.label == "1 April 2012 to 10 February 2013 (year to date)"


def test_the_trend_is_the_four_quarters_ending_with_the_one_the_range_ends_in():
    period = date_range(date(2012, 9, 1), date(2013, 1, 31))
    assert period.trend_quarters() == [
        Quarter(2012, 1),
        Quarter(2012, 2),
        Quarter(2012, 3),
        Quarter(2012, 4),
    ]


@given(days, days)
def test_every_day_of_a_range_is_in_one_of_its_quarters(one, other):
    first, last = min(one, other), max(one, other)
    period = date_range(first, last)
    assert period.quarters[0].first <= first
    assert period.quarters[-1].last >= last
    assert period.trend_quarters()[-1] == period.last_quarter
    assert parse_date_range(first.isoformat(), last.isoformat()) == period
