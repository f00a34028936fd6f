from datetime import date

import pytest

from concord.domain.delivery import ActionStatus
from concord.domain.delivery_plan import is_due_soon, is_overdue, is_quiet, outside_strategy

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("status", "due_on", "overdue"),
    [
        (ActionStatus.ON_TRACK, date(2026, 5, 31), True),
        (ActionStatus.ON_TRACK, TODAY, False),
        (ActionStatus.COMPLETE, date(2026, 1, 1), False),
    ],
)
def test_an_open_action_past_its_due_date_is_overdue(status, due_on, overdue):
    assert is_overdue(status, due_on, TODAY) is overdue


def test_an_action_due_within_a_month_is_due_soon():
    assert is_due_soon(ActionStatus.AT_RISK, date(2026, 7, 1), TODAY)
    assert not is_due_soon(ActionStatus.AT_RISK, date(2026, 7, 3), TODAY)
    assert not is_due_soon(ActionStatus.COMPLETE, date(2026, 6, 2), TODAY)


def test_an_action_without_an_update_for_three_months_is_quiet():
    assert is_quiet(ActionStatus.NOT_STARTED, date(2026, 1, 1), None, TODAY)
    assert not is_quiet(ActionStatus.NOT_STARTED, date(2026, 4, 1), None, TODAY)
    assert not is_quiet(ActionStatus.ON_TRACK, date(2025, 1, 1), date(2026, 5, 1), TODAY)
    assert not is_quiet(ActionStatus.COMPLETE, date(2025, 1, 1), None, TODAY)


def test_a_year_outside_the_strategy_is_named_with_its_period():
    assert outside_strategy(2025, 2029, 2025) == ""
    assert outside_strategy(2025, 2029, 2029) == ""
    assert outside_strategy(2025, 2029, 2030) == (
        "2030 to 2031 is outside the strategy, which runs from the 2025 to 2026 year to the "
        "2029 to 2030 year"
    )
