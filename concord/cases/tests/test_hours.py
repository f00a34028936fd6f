"""Out of hours: office days and times, bank holidays in England, and the configuration string."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.cases.hours import (
    BANK_HOLIDAYS_ENGLAND_CSV,
    DAY_NAMES,
    OfficeHours,
    default_office_hours,
    is_out_of_hours,
    load_bank_holidays,
    parse_office_hours,
)

DEFAULT = default_office_hours()
WEDNESDAY = date(2026, 6, 10)

# Inside the years the bank holiday calendar covers.
calendar_days = st.dates(min_value=date(2008, 1, 1), max_value=date(2030, 12, 31))
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
    ],
)
def test_bank_holiday_is_in_the_england_calendar(holiday):
    assert holiday in load_bank_holidays()


@pytest.mark.parametrize(
    "ordinary_day",
    [
        date(2020, 5, 4),  # Early May was moved to Friday 8 May that year
        date(2012, 5, 28),  # Spring bank holiday was moved to 4 June that year
        date(2022, 5, 30),  # Spring bank holiday was moved to 2 June that year
    ],
)
def test_a_moved_bank_holidays_usual_date_is_an_ordinary_day(ordinary_day):
    assert ordinary_day not in load_bank_holidays()


def test_england_calendar_covers_2008_to_2030_with_at_least_eight_days_each_year():
    holidays = load_bank_holidays()

    for year in range(2008, 2031):
        assert sum(1 for d in holidays if d.year == year) >= 8, year
    assert {d.year for d in holidays} == set(range(2008, 2031))


def test_england_calendar_has_one_row_per_date_and_every_date_is_a_weekday():
    with BANK_HOLIDAYS_ENGLAND_CSV.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))

    assert len(rows) == len({row["date"] for row in rows})
    assert all(row["name"] for row in rows)
    assert all(date.fromisoformat(row["date"]).weekday() < 5 for row in rows)


def test_a_calendar_file_can_be_configured(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date,name\n2026-07-01,Team away day\n\n2026-07-02,Second day\n")

    assert load_bank_holidays(path) == frozenset({date(2026, 7, 1), date(2026, 7, 2)})
    assert load_bank_holidays(str(path)) == load_bank_holidays(path)


def test_a_calendar_file_without_the_header_is_refused(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("2026-07-01,Team away day\n")

    with pytest.raises(ValueError, match="must start with the header 'date,name'"):
        load_bank_holidays(path)


def test_a_calendar_file_with_a_bad_date_names_the_line(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("date,name\n2026-07-01,Away day\n01/07/2026,Away day\n")

    with pytest.raises(ValueError, match="line 3: '01/07/2026' is not a date"):
        load_bank_holidays(path)


def test_the_england_calendar_is_read_once_and_shared():
    assert load_bank_holidays() is load_bank_holidays()
