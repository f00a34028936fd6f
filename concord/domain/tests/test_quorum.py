"""The board's quorum: a fraction of the voting members in term, never below a minimum;
deputies count; whose term is current on a day."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.domain.quorum import QuorumRule, ends_soon, in_term, parse_fraction, quoracy

THIRD = QuorumRule(Fraction(1, 3), 3)


def test_a_third_of_twelve_rounds_to_four_needed():
    assert THIRD.needed(12) == 4
    assert THIRD.needed(13) == 5  # 13/3 = 4.33, rounded up


def test_the_minimum_applies_to_a_small_board():
    assert THIRD.needed(5) == 3
    assert THIRD.needed(0) == 3


def test_seven_of_twelve_is_quorate_and_says_so_in_words():
    found = quoracy(7, 12, THIRD)
    assert found.quorate
    assert found.sentence() == "Quorate: 7 of 12 voting members present, 4 needed"


def test_three_of_twelve_is_not_quorate():
    found = quoracy(3, 12, THIRD)
    assert not found.quorate
    assert found.sentence() == "Not quorate: 3 of 12 voting members present, 4 needed"


def test_exactly_the_number_needed_is_quorate():
    assert quoracy(4, 12, THIRD).quorate


def test_more_present_than_voting_members_is_refused():
    with pytest.raises(ValueError):
        quoracy(13, 12, THIRD)


@pytest.mark.parametrize(
    ("text", "value"), [("1/3", Fraction(1, 3)), ("0.5", Fraction(1, 2)), (" 1 ", Fraction(1))]
)
def test_fractions_are_read_from_settings(text, value):
    assert parse_fraction(text) == value


@pytest.mark.parametrize("text", ["", "third", "0", "-1/3", "4/3", "1/0"])
def test_a_fraction_outside_nought_to_one_is_refused(text):
    with pytest.raises(ValueError, match="between 0 and 1"):
        parse_fraction(text)


def test_a_rule_with_no_minimum_is_refused():
    with pytest.raises(ValueError):
        QuorumRule(Fraction(1, 2), 0)


@given(
    voting=st.integers(min_value=0, max_value=200),
    numerator=st.integers(min_value=1, max_value=10),
    minimum=st.integers(min_value=1, max_value=20),
)
def test_needed_is_never_below_the_minimum_nor_the_fraction(voting, numerator, minimum):
    rule = QuorumRule(Fraction(numerator, 10), minimum)
    needed = rule.needed(voting)
    assert needed >= minimum
    assert needed >= rule.fraction * voting
    assert needed - 1 < max(minimum, rule.fraction * voting)


def test_a_term_includes_its_first_and_last_days():
    assert in_term(date(2025, 4, 1), date(2026, 3, 31), date(2025, 4, 1))
    assert in_term(date(2025, 4, 1), date(2026, 3, 31), date(2026, 3, 31))
    assert not in_term(date(2025, 4, 1), date(2026, 3, 31), date(2026, 4, 1))
    assert not in_term(date(2025, 4, 1), None, date(2025, 3, 31))
    assert in_term(date(2025, 4, 1), None, date(2040, 1, 1))


def test_a_term_ending_within_three_months_ends_soon():
    today = date(2025, 11, 30)
    assert ends_soon(date(2026, 2, 28), today)  # February has no 30th
    assert not ends_soon(date(2026, 3, 1), today)
    assert not ends_soon(date(2025, 11, 29), today)  # already ended
    assert not ends_soon(None, today)
