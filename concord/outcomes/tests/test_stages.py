"""The stages' pure rules: follow-up months from configuration, stage keys, month sums."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.outcomes.stages import (
    StageError,
    months_after,
    parse_follow_up_months,
    parse_stage_key,
    stage_key,
    stage_label,
)


def test_follow_up_months_are_whole_numbers_each_once_in_order():
    assert parse_follow_up_months(["6", " 3"]) == (3, 6)
    for bad in (["0"], ["three"], ["3", "3"], ["61"], ["-1"]):
        with pytest.raises(StageError):
            parse_follow_up_months(bad)


def test_stage_keys_name_follow_ups_by_their_months():
    assert stage_key("follow_up", 3) == "follow_up_3"
    assert parse_stage_key("follow_up_3", (3, 6)) == ("follow_up", 3)
    assert parse_stage_key("exit", (3,)) == ("exit", 0)
    assert stage_label("follow_up", 1) == "Follow-up (1 month)"
    for bad in ("follow_up_4", "follow_up_", "closure"):
        with pytest.raises(StageError):
            parse_stage_key(bad, (3, 6))


def test_a_month_without_the_day_ends_on_its_last():
    assert months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_after(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert months_after(date(2026, 12, 7), -3) == date(2026, 9, 7)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 60))
def test_months_after_is_at_least_28_days_a_month_and_keeps_the_day_when_it_can(day, months):
    later = months_after(day, months)
    assert (later - day).days >= 28 * months
    assert later.day == day.day or later.day == calendar.monthrange(later.year, later.month)[1]
