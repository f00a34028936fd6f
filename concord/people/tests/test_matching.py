from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from concord.people.matching import (
    POSSIBLE_MATCH_SCORE,
    Candidate,
    compare,
    name_keys,
    phone_digits,
    swapped_day_month,
)


def person(given_name: str, family: str, born: date | None = None, phone: str = "") -> Candidate:
    return Candidate(name_keys(given_name), name_keys(family), born, phone_digits(phone))


def test_transliterations_of_a_name_sound_the_same():
    assert name_keys("Mohammed") == name_keys("Muhammad") == name_keys("Mohamed")


def test_accents_and_case_do_not_matter():
    assert name_keys("Zoë") == name_keys("zoe")


def test_each_part_of_a_name_gets_a_key():
    assert name_keys("Kaur Singh").split() == [name_keys("Kaur"), name_keys("Singh")]


def test_uk_phone_numbers_compare_in_national_form():
    assert phone_digits("+44 7700 900123") == phone_digits("07700-900123") == "07700900123"


def test_same_names_and_date_of_birth_is_a_possible_match():
    match = compare(
        person("Sarah", "Ahmed", date(1988, 3, 14)), person("Sara", "Ahmad", date(1988, 3, 14))
    )

    assert match.score >= POSSIBLE_MATCH_SCORE
    assert "same date of birth" in match.reasons


def test_day_and_month_swapped_still_matches():
    match = compare(
        person("Leanne", "Marsh", date(1995, 2, 11)), person("Leanne", "Marsh", date(1995, 11, 2))
    )

    assert "date of birth with day and month swapped" in match.reasons
    assert match.score >= POSSIBLE_MATCH_SCORE


def test_a_shared_surname_alone_is_not_a_match():
    # Kaur and Singh are shared by many unrelated people.
    match = compare(person("Harpreet", "Kaur"), person("Jaspreet", "Kaur"))

    assert match.score < POSSIBLE_MATCH_SCORE


def test_same_phone_and_surname_is_a_possible_match():
    match = compare(
        person("J", "Price", phone="07700 900123"), person("Joanne", "Price", phone="+447700900123")
    )

    assert match.score >= POSSIBLE_MATCH_SCORE


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)))
def test_swapping_day_and_month_twice_gives_the_date_back(day):
    swapped = swapped_day_month(day)
    if swapped is not None:
        assert swapped_day_month(swapped) == day
