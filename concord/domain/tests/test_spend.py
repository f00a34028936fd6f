from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.domain.spend import added_up, pounds, quarter_profile, spend_to_date


def test_the_profile_is_a_quarter_of_the_allocation_each_quarter():
    assert [quarter_profile(120_000_00, q) for q in (1, 2, 3, 4)] == [30_000_00] * 4


def test_the_last_quarter_takes_the_pence_left_over():
    assert [quarter_profile(1003, q) for q in (1, 2, 3, 4)] == [250, 250, 250, 253]


@given(st.integers(min_value=0, max_value=10**12))
def test_the_quarters_add_up_to_the_allocation(allocated):
    assert sum(quarter_profile(allocated, q) for q in (1, 2, 3, 4)) == allocated


def test_a_quarter_outside_one_to_four_is_refused():
    with pytest.raises(ValueError):
        quarter_profile(100, 5)
    with pytest.raises(ValueError):
        spend_to_date(100, {}, 5)


def test_an_underspend_is_said_in_words_with_its_percentage():
    found = spend_to_date(120_000_00, {1: 28_800_00}, 1)

    assert found.profile_pence == 30_000_00
    assert found.variance_pence == -1_200_00
    assert found.variance_percentage == Decimal(4)
    assert found.variance_text == "£1,200 underspent (4%)"


def test_an_overspend_is_said_in_words():
    found = spend_to_date(40_000_00, {1: 10_000_00, 2: 12_500_00}, 2)

    assert found.spent_pence == 22_500_00
    assert found.variance_text == "£2,500 overspent (13%)"


def test_spend_on_profile_says_so():
    assert spend_to_date(400, {1: 100, 2: 100}, 2).variance_text == "On profile"


def test_a_tiny_variance_is_less_than_one_per_cent():
    assert spend_to_date(1_000_000_00, {1: 250_000_01}, 1).variance_text == (
        "£0.01 overspent (less than 1%)"
    )


def test_a_quarter_not_returned_is_not_counted_as_nothing_spent():
    found = spend_to_date(120_000_00, {1: 30_000_00, 3: 30_000_00}, 3)

    assert found.profile_pence == 90_000_00  # the allocation to date
    assert found.returned_profile_pence == 60_000_00
    assert found.variance_text == "On profile"
    assert found.not_returned == (2,)
    assert found.missing_text == "Quarter 2 not returned"


def test_before_any_return_there_is_no_variance():
    found = spend_to_date(120_000_00, {}, 2)

    assert found.variance_pence is None
    assert found.variance_text == "No spend returned yet"
    assert found.missing_text == "Quarters 1 and 2 not returned"


def test_before_the_year_starts_nothing_is_due():
    found = spend_to_date(120_000_00, {1: 5}, 0)

    assert found.profile_pence == 0 and found.spent_pence == 0
    assert found.variance_text == "No spend returned yet"


def test_later_quarters_are_left_out_of_the_spend_to_date():
    assert spend_to_date(400, {1: 100, 2: 500}, 1).spent_pence == 100


def test_allocations_add_up_and_name_any_quarter_missing_from_any_of_them():
    one = spend_to_date(40_000_00, {1: 9_000_00, 2: 9_000_00}, 2)
    two = spend_to_date(80_000_00, {1: 21_000_00}, 2)

    total = added_up([one, two], 2)

    assert total.allocated_pence == 120_000_00
    assert total.profile_pence == 60_000_00
    assert total.spent_pence == 39_000_00
    assert total.variance_pence == 39_000_00 - (20_000_00 + 20_000_00)
    assert total.variance_text == "£1,000 underspent (3%)"
    assert total.missing_text == "Quarter 2 not returned"


def test_nothing_added_up_has_no_variance():
    assert added_up([], 2).variance_text == "No spend returned yet"


def test_pounds_are_written_as_readers_write_them():
    assert pounds(120_000_00) == "£120,000"
    assert pounds(1_200_50) == "£1,200.50"
    assert pounds(-5) == "-£0.05"
