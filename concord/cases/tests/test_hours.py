"""Out of hours: office days and times, bank holidays in England, and the configuration string."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.cases.hours import (
    DAY_NAMES,
    ClosureDays,
    OfficeHours,
    bank_holidays_in_england,
    default_office_hours,
    is_out_of_hours,
    parse_office_hours,
)

DEFAULT = default_office_hours()
WEDNESDAY = date(2026, 6, 10)

# The bank holiday calendar covers any year: these run well past the old calendar's 2030.
calendar_days = st.dates(min_value=date(2008, 1, 1), max_value=date(2060, 12, 31))
wall_clock = st.times()


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock))


# Office hours on the default calendar


def test_contact_on_an_ordinary_wednesday_at_noon_is_in_hours():
    assert not is_out_of_hours(at(WEDNESDAY, "12:00"), DEFAULT)


def test_contact_at_nine_am_exactly_is_in_hours():
    assert not is_out_of_hours(at(WEDNESDAY, "09:00"), DEFAULT)


def test_contact_at_one_minute_to_nine_is_out_of_hours():
    assert is_out_of_hours(at(WEDNESDAY, "08:59"), DEFAULT)


def test_contact_at_one_second_to_five_pm_is_in_hours():
    assert not is_out_of_hours(at(WEDNESDAY, "16:59:59"), DEFAULT)


def test_contact_at_five_pm_exactly_is_out_of_hours():
    assert is_out_of_hours(at(WEDNESDAY, "17:00"), DEFAULT)


def test_contact_on_a_saturday_morning_is_out_of_hours():
    assert is_out_of_hours(at(date(2026, 6, 13), "10:00"), DEFAULT)


def test_contact_on_a_sunday_afternoon_is_out_of_hours():
    assert is_out_of_hours(at(date(2026, 6, 14), "14:00"), DEFAULT)


def test_contact_on_a_bank_holiday_morning_is_out_of_hours():
    assert is_out_of_hours(at(date(2026, 5, 4), "10:00"), DEFAULT)


def test_contact_on_the_boxing_day_substitute_is_out_of_hours():
    assert is_out_of_hours(at(date(2026, 12, 28), "11:00"), DEFAULT)


def test_contact_on_christmas_day_2031_is_out_of_hours():
    assert is_out_of_hours(at(date(2031, 12, 25), "11:00"), DEFAULT)


def test_contact_on_easter_monday_2032_is_out_of_hours():
    assert is_out_of_hours(at(date(2032, 3, 29), "10:00"), DEFAULT)


def test_contact_on_an_ordinary_weekday_morning_in_2031_is_in_hours():
    assert not is_out_of_hours(at(date(2031, 6, 11), "10:00"), DEFAULT)


def test_extra_holidays_such_as_a_team_closure_day_are_out_of_hours():
    hours = default_office_hours(extra_holidays=[WEDNESDAY])

    assert is_out_of_hours(at(WEDNESDAY, "12:00"), hours)
    assert is_out_of_hours(at(date(2026, 5, 4), "12:00"), hours)


def test_an_aware_moment_is_judged_by_its_wall_clock_time():
    # Callers pass local time; the offset is not applied again.
    british_summer_time = timezone(timedelta(hours=1))
    moment = datetime(2026, 6, 10, 9, 0, tzinfo=british_summer_time)

    assert not is_out_of_hours(moment, DEFAULT)


@given(day=calendar_days, clock=wall_clock, weekend_day=st.sampled_from([5, 6]))
def test_any_moment_on_a_weekend_is_out_of_hours(day, clock, weekend_day):
    saturday_or_sunday = day + timedelta(days=(weekend_day - day.weekday()) % 7)

    assert is_out_of_hours(datetime.combine(saturday_or_sunday, clock), DEFAULT)


@given(
    day=calendar_days.filter(lambda d: d.weekday() < 5),
    clock=st.one_of(st.times(max_value=time(8, 59, 59, 999999)), st.times(min_value=time(17, 0))),
)
def test_any_weekday_moment_before_nine_or_from_five_is_out_of_hours(day, clock):
    assert is_out_of_hours(datetime.combine(day, clock), DEFAULT)


@given(
    day=calendar_days.filter(lambda d: d.weekday() < 5 and d not in DEFAULT.holidays),
    clock=st.times(min_value=time(9, 0), max_value=time(16, 59, 59, 999999)),
)
def test_any_working_day_moment_from_nine_until_five_is_in_hours(day, clock):
    assert not is_out_of_hours(datetime.combine(day, clock), DEFAULT)


# Configuring office hours


def test_default_configuration_reads_as_monday_to_friday_nine_to_five():
    assert parse_office_hours("Mon-Fri 09:00-17:00") == (
        frozenset({0, 1, 2, 3, 4}),
        time(9, 0),
        time(17, 0),
    )


def test_listed_days_and_custom_times_are_read():
    assert parse_office_hours("Mon,Tue,Thu 08:30-18:00") == (
        frozenset({0, 1, 3}),
        time(8, 30),
        time(18, 0),
    )


def test_configuration_allows_ranges_lists_full_names_and_loose_spacing():
    days, opens, closes = parse_office_hours("  monday - wednesday, Sat  9:15 - 12:45 ")

    assert days == frozenset({0, 1, 2, 5})
    assert (opens, closes) == (time(9, 15), time(12, 45))


def test_custom_hours_decide_out_of_hours():
    hours = OfficeHours(*parse_office_hours("Mon,Tue,Thu 08:30-18:00"))

    assert not is_out_of_hours(at(WEDNESDAY - timedelta(days=2), "08:30"), hours)
    assert not is_out_of_hours(at(WEDNESDAY - timedelta(days=2), "17:59"), hours)
    assert is_out_of_hours(at(WEDNESDAY, "12:00"), hours)
    assert is_out_of_hours(at(WEDNESDAY + timedelta(days=1), "18:00"), hours)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "should look like 'Mon-Fri 09:00-17:00'"),
        ("Mon-Fri", "should look like 'Mon-Fri 09:00-17:00'"),
        ("09:00-17:00", "should look like 'Mon-Fri 09:00-17:00'"),
        ("Mon-Fri 09:00", "should look like 'Mon-Fri 09:00-17:00'"),
        ("Mon-Fri 09:00-17:00 please", "should look like 'Mon-Fri 09:00-17:00'"),
        ("Mun-Fri 09:00-17:00", "'Mun' is not a day"),
        ("Mon,,Fri 09:00-17:00", "'' is not a day"),
        ("Mon-Tue-Wed 09:00-17:00", "'Tue-Wed' is not a day"),
        ("Fri-Mon 09:00-17:00", "'Fri-Mon' runs backwards"),
        ("Mon-Fri 9am-5pm", "'9am' is not a 24-hour time"),
        ("Mon-Fri 24:00-17:00", "'24:00' is not a 24-hour time"),
        ("Mon-Fri 09:60-17:00", "'09:60' is not a 24-hour time"),
        ("Mon-Fri 09:00-17.00", "'17.00' is not a 24-hour time"),
        ("Mon-Fri 17:00-09:00", "close at 09:00, which is not after they open at 17:00"),
        ("Mon-Fri 09:00-09:00", "close at 09:00, which is not after they open at 09:00"),
    ],
)
def test_malformed_configuration_is_refused_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_office_hours(text)


@given(
    days=st.sets(st.integers(min_value=0, max_value=6), min_size=1),
    opens=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    closes=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_any_written_list_of_days_and_times_reads_back_the_same(days, opens, closes):
    text = ",".join(DAY_NAMES[d] for d in sorted(days)) + f" {opens:%H:%M}-{closes:%H:%M}"

    if closes > opens:
        assert parse_office_hours(text) == (frozenset(days), opens, closes)
    else:
        with pytest.raises(ValueError, match="not after they open"):
            parse_office_hours(text)


def test_office_hours_that_close_before_they_open_cannot_be_built():
    with pytest.raises(ValueError, match="close after they open"):
        OfficeHours(frozenset({0}), time(17, 0), time(9, 0))


def test_office_hours_with_no_days_or_an_unknown_day_cannot_be_built():
    with pytest.raises(ValueError, match="at least one day"):
        OfficeHours(frozenset(), time(9, 0), time(17, 0))
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6 \\(Sunday\\)"):
        OfficeHours(frozenset({7}), time(9, 0), time(17, 0))


# The bank holiday calendar


@pytest.mark.parametrize(
    "holiday",
    [
        date(2013, 4, 1),  # Easter Monday
        date(2020, 5, 8),  # Early May moved to VE day
        date(2020, 12, 28),  # Boxing Day substitute
        date(2021, 12, 27),  # Christmas Day substitute
        date(2021, 12, 28),  # Boxing Day substitute
        date(2022, 6, 2),  # Spring bank holiday moved
        date(2022, 6, 3),  # Platinum jubilee
        date(2022, 9, 19),  # State funeral
        date(2023, 5, 8),  # Coronation
        date(2026, 4, 3),  # Good Friday
        date(2026, 12, 28),  # Boxing Day substitute
        date(2011, 4, 29),  # Royal wedding
        date(2012, 6, 4),  # Spring bank holiday moved
        date(2012, 6, 5),  # Diamond jubilee
        date(2031, 12, 25),  # Christmas Day, past the end of the old calendar file
        date(2032, 3, 29),  # Easter Monday
    ],
)
def test_bank_holiday_is_in_the_england_calendar(holiday):
    assert holiday in bank_holidays_in_england(holiday.year)


@pytest.mark.parametrize(
    "ordinary_day",
    [
        date(2020, 5, 4),  # Early May was moved to Friday 8 May that year
        date(2012, 5, 28),  # Spring bank holiday was moved to 4 June that year
        date(2022, 5, 30),  # Spring bank holiday was moved to 2 June that year
    ],
)
def test_a_moved_bank_holidays_usual_date_is_an_ordinary_day(ordinary_day):
    assert ordinary_day not in bank_holidays_in_england(ordinary_day.year)


def test_every_year_to_2060_has_at_least_eight_bank_holidays_all_on_weekdays():
    for year in range(2008, 2061):
        holidays = bank_holidays_in_england(year)

        assert len(holidays) >= 8, year
        assert {day.year for day in holidays} == {year}
        assert all(day.weekday() < 5 for day in holidays), year


def test_a_holiday_at_a_weekend_gives_way_to_its_substitute_weekday():
    # Christmas Day 2032 is a Saturday and Boxing Day a Sunday.
    assert {date(2032, 12, 27), date(2032, 12, 28)} <= bank_holidays_in_england(2032)
    assert date(2032, 12, 25) not in bank_holidays_in_england(2032)


def test_closure_days_are_the_bank_holidays_and_the_extra_days():
    closed = ClosureDays(frozenset({WEDNESDAY}))

    assert WEDNESDAY in closed
    assert date(2031, 12, 25) in closed
    assert date(2031, 6, 11) not in closed
    assert WEDNESDAY not in ClosureDays()


def test_each_years_bank_holidays_are_worked_out_once_and_shared():
    assert bank_holidays_in_england(2031) is bank_holidays_in_england(2031)
