"""The programmes' pure rules: dates in order and never in the future, counts that add up,
answers that fit together, and children's ages for the family service and their role."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from concord.programmes.checks import (
    Programme,
    attendance_problems,
    child_age_problem,
    dates_problems,
    programme_problems,
)

TODAY = date(2026, 11, 23)
REFERRED = date(2026, 11, 2)
SUITABLE = Programme(
    referral_received_on=REFERRED,
    assessment_on=date(2026, 11, 5),
    assessment_attendance="attended",
    assessment_outcome="suitable",
)


def problems(programme: Programme, changed=()) -> dict[str, str]:
    return programme_problems(programme, today=TODAY, changed=changed)


def test_a_new_record_has_no_problems():
    assert problems(Programme(referral_received_on=REFERRED)) == {}
    assert problems(SUITABLE) == {}


def test_nothing_may_be_in_the_future():
    tomorrow = TODAY + timedelta(days=1)
    found = problems(
        replace(
            SUITABLE,
            referral_received_on=tomorrow,
            assessment_on=tomorrow,
            referred_to_idva_on=tomorrow,
            referred_to_marac_on=tomorrow,
        )
    )

    assert found["referral_received_on"] == (
        "The date the referral was received must be today or in the past"
    )
    assert found["assessment_on"] == "The date of the assessment must be today or in the past"
    assert "referred_to_idva_on" in found and "referred_to_marac_on" in found


def test_today_is_not_the_future():
    assert problems(replace(SUITABLE, assessment_on=TODAY)) == {}


def test_the_assessment_cannot_be_before_the_referral():
    early = replace(SUITABLE, assessment_on=REFERRED - timedelta(days=1))

    assert problems(early) == {
        "assessment_on": "The assessment cannot be before the referral was received"
    }


def test_an_order_problem_is_told_against_the_field_just_changed():
    early = replace(SUITABLE, assessment_on=REFERRED - timedelta(days=1))

    assert set(problems(early, changed={"referral_received_on"})) == {"referral_received_on"}
    assert set(problems(early, changed={"assessment_on"})) == {"assessment_on"}


def test_completion_cannot_be_before_the_assessment():
    ended = replace(SUITABLE, completion="completed", completion_on=date(2026, 11, 4))

    assert problems(ended) == {
        "completion_on": "The date completed or left cannot be before the assessment"
    }


def test_completion_on_the_day_of_the_assessment_is_allowed():
    assert (
        problems(replace(SUITABLE, completion="completed", completion_on=date(2026, 11, 5))) == {}
    )


def test_completion_needs_a_suitable_assessment():
    not_assessed = Programme(
        referral_received_on=REFERRED, completion="completed", completion_on=TODAY
    )
    unsuitable = replace(
        SUITABLE,
        assessment_outcome="unsuitable",
        unsuitable_reason="denies_abuse",
        completion="completed",
        completion_on=TODAY,
    )

    assert "completion" in problems(not_assessed)
    assert "completion" in problems(unsuitable)


def test_leaving_early_needs_a_reason_and_only_then():
    left = replace(SUITABLE, completion="left_early", completion_on=TODAY)
    completed_with_reason = replace(
        SUITABLE, completion="completed", completion_on=TODAY, left_early_reason="excluded"
    )

    assert problems(left) == {"left_early_reason": "Select why the person left early"}
    assert problems(replace(left, left_early_reason="excluded")) == {}
    assert "left_early_reason" in problems(completed_with_reason)


def test_sessions_attended_cannot_exceed_sessions_offered():
    found = problems(replace(SUITABLE, sessions_offered=10, sessions_attended=11))

    assert found == {"sessions_attended": "Sessions attended cannot be more than sessions offered"}


@given(offered=st.integers(0, 60), attended=st.integers(0, 60))
def test_attended_up_to_offered_is_always_accepted(offered, attended):
    found = problems(replace(SUITABLE, sessions_offered=offered, sessions_attended=attended))

    assert ("sessions_attended" in found) == (attended > offered)


def test_sessions_are_offered_only_after_a_suitable_assessment():
    assert "sessions_offered" in problems(
        Programme(referral_received_on=REFERRED, sessions_offered=12)
    )


def test_a_person_who_did_not_attend_has_no_outcome():
    missed = replace(SUITABLE, assessment_attendance="did_not_attend")

    assert problems(missed) == {
        "assessment_outcome": "Leave the outcome empty: the person did not attend"
    }
    assert problems(replace(missed, assessment_outcome="")) == {}


def test_unsuitable_needs_a_reason_and_a_reason_needs_unsuitable():
    unsuitable = replace(SUITABLE, assessment_outcome="unsuitable")

    assert problems(unsuitable) == {"unsuitable_reason": "Select why the person is not suitable"}
    assert problems(replace(unsuitable, unsuitable_reason="risk_too_high")) == {}
    assert "unsuitable_reason" in problems(replace(SUITABLE, unsuitable_reason="risk_too_high"))


def test_an_assessment_needs_its_date_and_whether_they_attended():
    assert "assessment_attendance" in problems(
        Programme(referral_received_on=REFERRED, assessment_on=REFERRED)
    )
    assert "assessment_on" in problems(
        Programme(referral_received_on=REFERRED, assessment_attendance="attended")
    )


def test_number_of_children_only_when_the_person_has_children():
    assert "number_of_children" in problems(replace(SUITABLE, number_of_children=2))
    assert "number_of_children" in problems(
        replace(SUITABLE, has_children="yes", number_of_children=0)
    )
    assert problems(replace(SUITABLE, has_children="yes", number_of_children=2)) == {}
    assert problems(replace(SUITABLE, has_children="yes")) == {}


def test_onward_referrals_cannot_be_before_the_programme_referral():
    early = REFERRED - timedelta(days=1)
    found = problems(replace(SUITABLE, referred_to_idva_on=early, referred_to_marac_on=early))

    assert set(found) == {"referred_to_idva_on", "referred_to_marac_on"}


@given(
    referral=st.dates(date(2020, 1, 1), TODAY),
    gap=st.integers(-30, 30),
    length=st.integers(-30, 120),
)
def test_dates_in_order_and_not_in_the_future_are_exactly_what_is_accepted(referral, gap, length):
    assessed = referral + timedelta(days=gap)
    ended = assessed + timedelta(days=length)
    programme = replace(
        SUITABLE,
        referral_received_on=referral,
        assessment_on=assessed,
        completion="completed",
        completion_on=ended,
    )

    in_order = referral <= assessed <= ended <= TODAY

    assert (problems(programme) == {}) == in_order


def test_dates_of_family_records_are_not_in_the_future_or_before_the_referral():
    found = dates_problems(
        [
            (TODAY + timedelta(days=1), "a", "The date"),
            (REFERRED - timedelta(days=1), "b", "The date"),
            (REFERRED, "c", "The date"),
            (None, "d", "The date"),
        ],
        today=TODAY,
        referred_on=REFERRED,
    )

    assert found == {
        "a": "The date must be today or in the past",
        "b": "The date cannot be before the case was referred",
    }


def test_attendance_counts_at_least_one_session_and_ends_after_it_starts():
    assert attendance_problems(0, REFERRED, REFERRED) == {
        "sessions_attended": "Enter the number of sessions attended, 1 or more"
    }
    assert "last_session_on" in attendance_problems(3, TODAY, REFERRED)
    assert attendance_problems(3, REFERRED, TODAY) == {}


def test_family_service_is_for_children_and_young_people_aged_0_to_19():
    assert child_age_problem(None, "child_of_victim", "Amy") is None
    assert child_age_problem(0, "child_of_victim", "Amy") is None
    assert child_age_problem(19, "child_of_victim", "Amy") is None
    assert child_age_problem(20, "child_of_victim", "Amy") == (
        "The family service supports children and young people aged 0 to 19: Amy is 20"
    )


def test_young_people_in_their_own_relationships_are_counted_by_age_band():
    role_13_to_15 = "own_relationship_13_to_15"
    role_16_to_17 = "own_relationship_16_to_17"

    assert child_age_problem(13, role_13_to_15, "Jo") is None
    assert child_age_problem(15, role_13_to_15, "Jo") is None
    assert child_age_problem(16, role_13_to_15, "Jo") == (
        "Jo is 16: this role is for young people aged 13 to 15"
    )
    assert child_age_problem(12, role_13_to_15, "Jo") is not None
    assert child_age_problem(16, role_16_to_17, "Jo") is None
    assert child_age_problem(18, role_16_to_17, "Jo") is not None
