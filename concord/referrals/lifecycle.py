"""A referral's status lifecycle as an explicit transition table (pure Python).

    pending   -> accepted   (by the receiving agency; opens a case there)
    pending   -> declined   (by the receiving agency, with a reason)
    pending   -> withdrawn  (by the referring agency)
    sent                    (to an agency outside Concord: recorded, nothing follows)
    accepted, declined, withdrawn: final

Recording who made a transition and when is the job of the service that calls
``check_transition``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from types import MappingProxyType

from concord.core.lifecycle import Lifecycle, Status


class ReferralStatus(Status):
    PENDING = "pending"
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Side(StrEnum):
    """Which agency may make a transition: the one that referred or the one referred to."""

    REFERRING = "referring"
    RECEIVING = "receiving"


TRANSITIONS: Mapping[ReferralStatus, frozenset[ReferralStatus]] = MappingProxyType(
    {
        ReferralStatus.PENDING: frozenset(
            {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN}
        ),
        ReferralStatus.SENT: frozenset(),
        ReferralStatus.ACCEPTED: frozenset(),
        ReferralStatus.DECLINED: frozenset(),
        ReferralStatus.WITHDRAWN: frozenset(),
    }
)
LIFECYCLE = Lifecycle(
    ReferralStatus,
    TRANSITIONS,
    already="The referral is already {current}",
    cannot="A referral that is {current} cannot be {target}",
)
MADE_BY: Mapping[ReferralStatus, Side] = MappingProxyType(
    {
        ReferralStatus.ACCEPTED: Side.RECEIVING,
        ReferralStatus.DECLINED: Side.RECEIVING,
        ReferralStatus.WITHDRAWN: Side.REFERRING,
    }
)
REASON_REQUIRED = frozenset({ReferralStatus.DECLINED})

STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, s.label) for s in ReferralStatus)


class WrongSide(ValueError):
    """The agency asking is not the one that may make this transition."""

    def __init__(self, target: ReferralStatus) -> None:
        self.target = target
        side = MADE_BY[target]
        super().__init__(f"Only the {side.value} agency can record a referral as {target.value}")


class ReasonRequired(ValueError):
    def __init__(self, target: ReferralStatus) -> None:
        self.target = target
        super().__init__(f"Select why the referral is {target.value}")


def check_transition(
    current: ReferralStatus | str,
    target: ReferralStatus | str,
    sides: Collection[Side | str],
    reason: str = "",
) -> None:
    """Raise unless an agency on ``sides`` (both, for a referral within one agency) may
    move a referral from ``current`` to ``target`` with this reason. Unknown values raise
    ``ValueError``."""
    target = ReferralStatus(target)
    LIFECYCLE.check(current, target)
    if MADE_BY[target] not in {Side(side) for side in sides}:
        raise WrongSide(target)
    if target in REASON_REQUIRED and not reason.strip():
        raise ReasonRequired(target)


def allowed_next(
    current: ReferralStatus | str, sides: Collection[Side | str]
) -> list[ReferralStatus]:
    """What an agency on ``sides`` may do next, in declaration order."""
    on = {Side(side) for side in sides}
    return [s for s in LIFECYCLE.allowed_next(current) if MADE_BY[s] in on]
