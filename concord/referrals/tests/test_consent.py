"""The pure rules of consent: valid on a day, and which agencies it covers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from concord.referrals.consent import ConsentProblem, ConsentTerms, covers, is_valid_on, problem_on

GIVEN_ON = date(2026, 11, 2)


def test_consent_is_valid_from_the_day_it_was_given():
    terms = ConsentTerms(given=True, given_on=GIVEN_ON)

    assert not is_valid_on(terms, GIVEN_ON - timedelta(days=1))
    assert is_valid_on(terms, GIVEN_ON)
    assert is_valid_on(terms, date(2030, 1, 1))


def test_consent_no_longer_allows_sharing_on_its_expiry_date():
    terms = ConsentTerms(given=True, given_on=GIVEN_ON, expires_on=date(2027, 5, 2))

    assert is_valid_on(terms, date(2027, 5, 1))
    assert problem_on(terms, date(2027, 5, 2)) == ConsentProblem.EXPIRED


def test_consent_no_longer_allows_sharing_from_the_day_it_was_withdrawn():
    terms = ConsentTerms(given=True, given_on=GIVEN_ON, withdrawn_on=date(2026, 11, 9))

    assert is_valid_on(terms, date(2026, 11, 8))
    assert problem_on(terms, date(2026, 11, 9)) == ConsentProblem.WITHDRAWN


def test_refused_consent_never_allows_sharing():
    assert problem_on(ConsentTerms(given=False, given_on=GIVEN_ON), GIVEN_ON) == (
        ConsentProblem.REFUSED
    )


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(
    given_=st.booleans(),
    given_on=days,
    expires_on=st.none() | days,
    withdrawn_on=st.none() | days,
    day=days,
)
def test_valid_exactly_when_given_started_and_neither_expired_nor_withdrawn(
    given_, given_on, expires_on, withdrawn_on, day
):
    terms = ConsentTerms(given_, given_on, expires_on, withdrawn_on)
    expected = (
        given_
        and given_on <= day
        and (expires_on is None or day < expires_on)
        and (withdrawn_on is None or day < withdrawn_on)
    )

    assert is_valid_on(terms, day) == expected
    assert (problem_on(terms, day) is None) == expected


def test_consent_naming_nobody_covers_any_agency():
    assert covers(set(), "", agency="homes")
    assert covers(set(), "", outside_agency="Citizens Advice")


def test_consent_naming_agencies_covers_only_those():
    assert covers({"homes"}, "", agency="homes")
    assert not covers({"homes"}, "", agency="police")
    assert not covers({"homes"}, "", outside_agency="Citizens Advice")


def test_consent_naming_an_outside_agency_matches_its_name_as_typed():
    assert covers(set(), "Citizens  Advice", outside_agency="citizens advice")
    assert not covers(set(), "Citizens Advice", outside_agency="Shelter")
    assert not covers(set(), "Citizens Advice", agency="homes")
