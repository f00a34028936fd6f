"""The return's transition table: every allowed move, and every other refused."""

from __future__ import annotations

import itertools

import pytest

from concord.commissioning.lifecycle import (
    RETURN_TRANSITIONS,
    ReturnStatus,
    check_transition,
)
from concord.core.lifecycle import IllegalTransition

ALLOWED = {
    ("draft", "submitted"),
    ("submitted", "queried"),
    ("submitted", "signed_off"),
    ("queried", "submitted"),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ReturnStatus, ReturnStatus)))
def test_only_the_listed_moves_are_allowed(current: ReturnStatus, target: ReturnStatus) -> None:
    if (current.value, target.value) in ALLOWED:
        check_transition(current, target)
    else:
        with pytest.raises(IllegalTransition):
            check_transition(current, target)


def test_signed_off_is_final() -> None:
    assert RETURN_TRANSITIONS[ReturnStatus.SIGNED_OFF] == frozenset()


def test_a_second_submission_says_it_is_already_submitted() -> None:
    with pytest.raises(IllegalTransition, match="already submitted"):
        check_transition("submitted", "submitted")


def test_a_draft_cannot_be_signed_off() -> None:
    with pytest.raises(IllegalTransition, match="draft: it cannot be signed off"):
        check_transition("draft", "signed_off")
