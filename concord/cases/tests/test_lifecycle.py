"""A case's status lifecycle: the transition table, reasons, and what the buttons offer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.cases.lifecycle import (
    REASON_REQUIRED,
    STATUS_CHOICES,
    TRANSITIONS,
    CaseStatus,
    ReasonRequired,
    allowed_next,
    check_transition,
    is_active,
)
from concord.core.lifecycle import IllegalTransition

REFERRED = CaseStatus.REFERRED
OPEN = CaseStatus.OPEN
CLOSED = CaseStatus.CLOSED
DECLINED = CaseStatus.DECLINED
NOT_ENGAGED = CaseStatus.NOT_ENGAGED

LEGAL = [
    (REFERRED, OPEN),
    (REFERRED, DECLINED),
    (REFERRED, NOT_ENGAGED),
    (OPEN, CLOSED),
    (OPEN, NOT_ENGAGED),
    (CLOSED, OPEN),
    (NOT_ENGAGED, OPEN),
]
statuses = st.sampled_from(CaseStatus)


@pytest.mark.parametrize(("current", "target"), LEGAL)
def test_every_listed_transition_is_allowed_with_a_reason(current, target):
    check_transition(current, target, reason="Moved to another area")


def test_the_table_holds_exactly_the_listed_transitions():
    assert {(c, t) for c, targets in TRANSITIONS.items() for t in targets} == set(LEGAL)
    assert set(TRANSITIONS) == set(CaseStatus)


@given(current=statuses, target=statuses)
def test_any_move_not_in_the_table_is_illegal(current, target):
    if (current, target) in LEGAL:
        check_transition(current, target, reason="A reason")
    else:
        with pytest.raises(IllegalTransition) as raised:
            check_transition(current, target, reason="A reason")
        assert (raised.value.current, raised.value.target) == (current, target)


def test_a_declined_case_is_final():
    assert allowed_next(DECLINED) == []
    with pytest.raises(IllegalTransition):
        check_transition(DECLINED, OPEN)


def test_a_closed_case_can_be_reopened_without_a_reason():
    check_transition(CLOSED, OPEN)


def test_a_person_who_re_engages_has_their_case_opened_again():
    check_transition(NOT_ENGAGED, OPEN)


def test_opening_a_referral_needs_no_reason():
    check_transition(REFERRED, OPEN)


def test_illegal_move_is_explained_in_words():
    with pytest.raises(IllegalTransition, match=r"^A case that is closed cannot become declined$"):
        check_transition(CLOSED, DECLINED, reason="Not eligible")


def test_illegal_move_names_statuses_as_people_say_them():
    with pytest.raises(
        IllegalTransition, match=r"^A case that is not engaged cannot become closed$"
    ):
        check_transition(NOT_ENGAGED, CLOSED, reason="Done")


def test_moving_to_the_current_status_says_the_case_is_already_there():
    with pytest.raises(IllegalTransition, match=r"^The case is already open$"):
        check_transition(OPEN, OPEN)


def test_an_illegal_transition_is_a_value_error():
    assert issubclass(IllegalTransition, ValueError)
    assert issubclass(ReasonRequired, ValueError)


def test_declining_closing_and_not_engaged_need_a_reason():
    assert frozenset({DECLINED, NOT_ENGAGED, CLOSED}) == REASON_REQUIRED


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (REFERRED, DECLINED, "Give a reason why the case is declined"),
        (REFERRED, NOT_ENGAGED, "Give a reason why the case is not engaged"),
        (OPEN, NOT_ENGAGED, "Give a reason why the case is not engaged"),
        (OPEN, CLOSED, "Give a reason why the case is closed"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_a_blank_reason_is_refused_where_one_is_needed(current, target, message, blank):
    with pytest.raises(ReasonRequired, match=f"^{message}$"):
        check_transition(current, target, reason=blank)


def test_an_illegal_move_is_reported_before_a_missing_reason():
    with pytest.raises(IllegalTransition):
        check_transition(CLOSED, DECLINED)


def test_allowed_next_lists_buttons_in_a_stable_order():
    assert allowed_next(REFERRED) == [OPEN, DECLINED, NOT_ENGAGED]
    assert allowed_next(OPEN) == [CLOSED, NOT_ENGAGED]
    assert allowed_next(CLOSED) == [OPEN]
    assert allowed_next(NOT_ENGAGED) == [OPEN]
    assert allowed_next(DECLINED) == []


@given(current=statuses)
def test_allowed_next_offers_exactly_the_legal_moves(current):
    assert set(allowed_next(current)) == TRANSITIONS[current]


def test_stored_string_values_are_accepted():
    check_transition("referred", "open")
    assert allowed_next("closed") == [OPEN]
    assert is_active("open")


def test_an_unknown_status_value_is_refused():
    with pytest.raises(ValueError, match="'archived' is not a valid CaseStatus"):
        check_transition("open", "archived", reason="Old")


def test_referred_and_open_cases_are_active():
    assert [s for s in CaseStatus if is_active(s)] == [REFERRED, OPEN]


def test_statuses_have_labels_for_people():
    assert [s.label for s in CaseStatus] == [
        "Referred",
        "Open",
        "Closed",
        "Declined",
        "Not engaged",
    ]
    assert STATUS_CHOICES[-1] == ("not_engaged", "Not engaged")


def test_status_values_are_the_stored_strings():
    assert [str(s) for s in CaseStatus] == [
        "referred",
        "open",
        "closed",
        "declined",
        "not_engaged",
    ]
