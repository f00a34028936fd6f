"""The MARAC referral's and the action's transition tables."""

from __future__ import annotations

import pytest

from concord.core.lifecycle import IllegalTransition
from concord.marac.lifecycle import (
    ActionStatus,
    MaracStatus,
    check_action_transition,
    check_marac_transition,
)


def test_a_referral_is_listed_then_heard():
    check_marac_transition(MaracStatus.REFERRED, MaracStatus.LISTED)
    check_marac_transition("listed", "heard")


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        ("referred", "heard", "The case is waiting for an agenda: it cannot become heard"),
        ("listed", "listed", "The case is already on an agenda"),
        ("heard", "listed", "The case is already heard"),
    ],
)
def test_a_referral_skips_no_step_and_never_goes_back(current, target, message):
    with pytest.raises(IllegalTransition, match=message):
        check_marac_transition(current, target)


def test_an_open_action_ends_completed_or_not_and_stays_so():
    check_action_transition(ActionStatus.OPEN, ActionStatus.COMPLETED)
    check_action_transition("open", "not_completed")
    with pytest.raises(IllegalTransition, match="The action is already not completed"):
        check_action_transition("not_completed", "completed")


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="closed"):
        check_marac_transition("referred", "closed")
