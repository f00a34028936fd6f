"""The MARAC repeat rule: 12 calendar months from the case's last referral, the same victim
and person causing harm, both definitions, leap years; examples and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from concord.marac.repeats import (
    Definition,
    Party,
    Referral,
    add_months,
    earlier_referral,
    months_and_days,
    normalised,
    repeat_since_referral,
    same_case,
    window_end,
)
from concord.risk import repeat_rule

SARAH = Party("Sarah", "Ahmed", date(1988, 3, 14))
DARREN = Party("Darren", "Cole", date(1985, 7, 1))
MARK = Party("Mark", "Webb", None)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
offsets = st.integers(min_value=0, max_value=800)


def referral(on: date, victim: Party = SARAH, *harm: Party, criminal: bool = True) -> Referral:
    return Referral(on, victim, harm or (DARREN,), new_incident_criminal=criminal, key=on)


def is_repeat(earlier: date, later: date, definition: str = Definition.CURRENT) -> bool:
    return earlier_referral(referral(later), [referral(earlier)], definition) is not None


# Examples ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "later", "repeat"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), True),  # 11 months and 30 days
        (date(2025, 1, 1), date(2026, 1, 1), True),  # exactly 12 months
        (date(2025, 1, 1), date(2026, 1, 2), False),  # 12 months and a day
        (date(2025, 3, 15), date(2026, 3, 15), True),
        (date(2025, 3, 15), date(2026, 3, 16), False),
        (date(2024, 2, 29), date(2025, 2, 28), True),  # no 29 February: its last day
        (date(2024, 2, 29), date(2025, 3, 1), False),
        (date(2023, 2, 28), date(2024, 2, 28), True),
        (date(2023, 2, 28), date(2024, 2, 29), False),  # 12 months and a day, in a leap year
        (date(2025, 3, 1), date(2026, 3, 3), False),  # 11 months, then 30 days past February
        (date(2025, 6, 1), date(2025, 6, 1), True),  # again the same day
    ],
)
def test_the_twelve_month_window(earlier, later, repeat):
    assert is_repeat(earlier, later) is repeat


def test_a_referral_within_twelve_months_is_a_repeat_of_the_last_one():
    register = [referral(date(2024, 1, 10)), referral(date(2024, 11, 5))]

    found = earlier_referral(referral(date(2025, 10, 1)), register, Definition.CURRENT)

    assert found is not None and found.referred_on == date(2024, 11, 5)


def test_a_referral_after_twelve_months_is_new_even_with_older_referrals():
    register = [referral(date(2022, 5, 1)), referral(date(2023, 5, 1))]

    assert earlier_referral(referral(date(2024, 5, 2)), register, Definition.CURRENT) is None


def test_a_referral_made_later_is_not_an_earlier_one():
    register = [referral(date(2025, 6, 1))]

    assert earlier_referral(referral(date(2025, 5, 1)), register, Definition.CURRENT) is None


def test_another_victim_or_another_person_causing_harm_is_another_case():
    other_victim = Party("Sarah", "Ahmed", date(1990, 1, 1))
    register = [referral(date(2025, 1, 1), other_victim), referral(date(2025, 1, 1), SARAH, MARK)]

    assert earlier_referral(referral(date(2025, 6, 1)), register, Definition.CURRENT) is None


def test_names_are_compared_without_case_accents_spaces_or_punctuation():
    assert normalised("O'Brien-Sánchez") == normalised("obrien sanchez") == "obriensanchez"
    spelt = Party("  SARAH ", "ahmed", SARAH.date_of_birth)
    harm = Party("darren", "COLE", None)  # the date of birth is not known this time

    assert same_case(referral(date(2025, 1, 1), spelt, harm), referral(date(2025, 2, 1)))


def test_one_shared_person_causing_harm_is_enough():
    earlier = referral(date(2025, 1, 1), SARAH, DARREN)
    later = referral(date(2025, 2, 1), SARAH, MARK, DARREN)

    assert same_case(later, earlier)


def test_people_causing_harm_born_on_different_days_are_different_people():
    other_darren = Party("Darren", "Cole", date(1999, 9, 9))

    assert not same_case(
        referral(date(2025, 2, 1), SARAH, other_darren), referral(date(2025, 1, 1))
    )


def test_a_victim_without_a_date_of_birth_matches_only_by_the_same_record():
    unknown = Party("Sarah", "Ahmed", None)
    earlier = Referral(date(2025, 1, 1), unknown, (DARREN,), victim_record="person-1")
    same_record = Referral(date(2025, 2, 1), unknown, (DARREN,), victim_record="person-1")
    other_record = Referral(date(2025, 2, 1), unknown, (DARREN,), victim_record="person-2")

    assert same_case(same_record, earlier)
    assert not same_case(other_record, earlier)


def test_under_the_older_definition_only_a_criminal_incident_makes_a_repeat():
    register = [referral(date(2025, 1, 1))]
    not_criminal = referral(date(2025, 6, 1), criminal=False)

    assert earlier_referral(not_criminal, register, Definition.CURRENT) is not None
    assert earlier_referral(not_criminal, register, Definition.CRIMINAL_ONLY) is None
    assert earlier_referral(referral(date(2025, 6, 1)), register, "criminal_only") is not None


def test_an_unknown_definition_is_refused():
    with pytest.raises(ValueError, match="newest"):
        earlier_referral(referral(date(2025, 6, 1)), [], "newest")


def test_an_incident_since_the_last_referral_makes_the_case_a_repeat_while_the_window_is_open():
    referred = date(2025, 3, 15)

    assert repeat_since_referral(referred, [date(2025, 5, 1)], date(2025, 6, 1))
    assert not repeat_since_referral(referred, [date(2025, 3, 1)], date(2025, 6, 1))  # before
    assert not repeat_since_referral(referred, [referred], date(2025, 6, 1))  # the same day
    assert not repeat_since_referral(referred, [date(2026, 3, 16)], date(2026, 3, 16))
    assert not repeat_since_referral(referred, [date(2025, 5, 1)], date(2026, 3, 16))  # closed
    assert not repeat_since_referral(referred, [], date(2025, 6, 1))


def test_the_marac_app_gives_the_risk_page_its_repeat_rule():
    referred = date(2025, 3, 15)

    assert repeat_rule.is_repeat(referred, [date(2025, 5, 1)], date(2025, 6, 1))
    assert not repeat_rule.is_repeat(referred, [date(2025, 5, 1)], date(2026, 3, 16))
    assert not repeat_rule.is_repeat(None, [date(2025, 5, 1)], date(2025, 6, 1))


# Properties ----------------------------------------------------------------------------------


@given(days, st.integers(min_value=-600, max_value=600))
def test_adding_months_keeps_the_day_or_takes_the_months_last(day, months):
    moved = add_months(day, months)

    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + timedelta(days=1)).day == 1)


@given(days, offsets)
def test_months_and_days_count_back_to_the_later_date(earlier, offset):
    later = earlier + timedelta(days=offset)
    months, extra = months_and_days(earlier, later)

    assert add_months(earlier, months) + timedelta(days=extra) == later
    assert add_months(earlier, months + 1) > later


@given(days, offsets)
def test_less_than_twelve_whole_months_is_a_repeat_and_more_is_new(earlier, offset):
    later = earlier + timedelta(days=offset)
    months, extra = months_and_days(earlier, later)

    assert is_repeat(earlier, later) is (months < 12 or (months, extra) == (12, 0))


@given(days)
def test_eleven_months_and_thirty_days_is_a_repeat(earlier):
    later = add_months(earlier, 11) + timedelta(days=30)
    assume(months_and_days(earlier, later) == (11, 30))

    assert is_repeat(earlier, later)


@given(days)
def test_twelve_months_is_a_repeat_and_twelve_months_and_a_day_is_new(earlier):
    end = window_end(earlier)

    assert months_and_days(earlier, end) == (12, 0)
    assert is_repeat(earlier, end)
    assert not is_repeat(earlier, end + timedelta(days=1))


@given(days, offsets, offsets)
def test_the_window_has_no_gaps(earlier, first, second):
    """A date between the earlier referral and a repeat is a repeat too."""
    near, far = sorted((first, second))
    if is_repeat(earlier, earlier + timedelta(days=far)):
        assert is_repeat(earlier, earlier + timedelta(days=near))


@given(st.lists(days, min_size=1, max_size=6), days, st.randoms())
def test_the_answer_is_the_latest_earlier_referral_whatever_the_registers_order(
    dates, new_on, shuffle
):
    register = [referral(on) for on in dates]
    found = earlier_referral(referral(new_on), register, Definition.CURRENT)
    shuffle.shuffle(register)

    assert earlier_referral(referral(new_on), register, Definition.CURRENT) == found
    earlier = [on for on in dates if on <= new_on]
    if found is None:
        assert not earlier or window_end(max(earlier)) < new_on
    else:
        assert found.referred_on == max(earlier)


@given(st.lists(days, max_size=6), days, st.booleans())
def test_older_definition_repeats_are_current_definition_repeats(dates, new_on, criminal):
    register = [referral(on) for on in dates]
    new = referral(new_on, criminal=criminal)

    older = earlier_referral(new, register, Definition.CRIMINAL_ONLY)

    assert older is None or older == earlier_referral(new, register, Definition.CURRENT)
    if not criminal:
        assert older is None


@given(days, offsets, st.text(min_size=1, max_size=12))
def test_a_different_victim_is_never_a_repeat(earlier, offset, family):
    assume(normalised(family) != normalised(SARAH.family_name))
    other = Party(SARAH.given_name, family, SARAH.date_of_birth)
    register = [referral(earlier, other)]

    assert earlier_referral(referral(earlier + timedelta(days=offset)), register, "current") is None
