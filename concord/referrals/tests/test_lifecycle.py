"""A referral's lifecycle: every move in the transition table, and who may make it."""

from __future__ import annotations

import pytest

from concord.core.lifecycle import IllegalTransition
from concord.referrals.lifecycle import (
    TRANSITIONS,
    ReasonRequired,
    ReferralStatus,
    Side,
    WrongSide,
    allowed_next,
    check_transition,
)

BOTH = {Side.REFERRING, Side.RECEIVING}
ALLOWED = {
    (ReferralStatus.PENDING, ReferralStatus.ACCEPTED, Side.RECEIVING),
    (ReferralStatus.PENDING, ReferralStatus.DECLINED, Side.RECEIVING),
    (ReferralStatus.PENDING, ReferralStatus.WITHDRAWN, Side.REFERRING),
}


@pytest.mark.parametrize("current", list(ReferralStatus))
@pytest.mark.parametrize("target", list(ReferralStatus))
@pytest.mark.parametrize("side", list(Side))
def test_only_the_moves_in_the_table_are_allowed_and_only_to_their_side(current, target, side):
    if (current, target, side) in ALLOWED:
        check_transition(current, target, {side}, reason="no_capacity")
    else:
        with pytest.raises((IllegalTransition, WrongSide)):
            check_transition(current, target, {side}, reason="no_capacity")


def test_pending_is_the_only_status_with_somewhere_to_go():
    assert [s for s in ReferralStatus if TRANSITIONS[s]] == [ReferralStatus.PENDING]


def test_declining_needs_a_reason():
    with pytest.raises(ReasonRequired):
        check_transition("pending", "declined", {Side.RECEIVING}, reason=" ")


def test_the_receiving_agency_cannot_withdraw_and_the_referring_one_cannot_accept():
    with pytest.raises(WrongSide, match="Only the referring agency"):
        check_transition("pending", "withdrawn", {Side.RECEIVING})
    with pytest.raises(WrongSide, match="Only the receiving agency"):
        check_transition("pending", "accepted", {Side.REFERRING})


def test_a_referral_within_one_agency_can_be_moved_by_either_side():
    check_transition("pending", "accepted", BOTH)
    check_transition("pending", "withdrawn", BOTH)


def test_what_each_side_may_do_next():
    assert allowed_next("pending", {Side.RECEIVING}) == [
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
    ]
    assert allowed_next("pending", {Side.REFERRING}) == [ReferralStatus.WITHDRAWN]
    assert allowed_next("sent", BOTH) == []
    assert allowed_next("accepted", BOTH) == []


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError):
        check_transition("paused", "accepted", BOTH)
