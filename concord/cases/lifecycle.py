"""A case's status lifecycle as an explicit transition table (STYLE.md: lifecycles are explicit).

    referred    -> open, declined, not engaged
    open        -> closed, not engaged
    closed      -> open            (reopened within the same episode of support)
    not engaged -> open            (the person re-engages)
    declined    -> (final)

Moving to declined, not engaged or closed needs a reason. Recording who made a transition
and when is the job of the service that calls ``check_transition``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from concord.core.lifecycle import Lifecycle, Status


class CaseStatus(Status):
    REFERRED = "referred"
    OPEN = "open"
    CLOSED = "closed"
    DECLINED = "declined"
    NOT_ENGAGED = "not_engaged"


TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = MappingProxyType(
    {
        CaseStatus.REFERRED: frozenset(
            {CaseStatus.OPEN, CaseStatus.DECLINED, CaseStatus.NOT_ENGAGED}
        ),
        CaseStatus.OPEN: frozenset({CaseStatus.CLOSED, CaseStatus.NOT_ENGAGED}),
        CaseStatus.CLOSED: frozenset({CaseStatus.OPEN}),
        CaseStatus.DECLINED: frozenset(),
        CaseStatus.NOT_ENGAGED: frozenset({CaseStatus.OPEN}),
    }
)
LIFECYCLE = Lifecycle(
    CaseStatus,
    TRANSITIONS,
    already="The case is already {current}",
    cannot="A case that is {current} cannot become {target}",
)

REASON_REQUIRED = frozenset({CaseStatus.DECLINED, CaseStatus.NOT_ENGAGED, CaseStatus.CLOSED})
ACTIVE = frozenset({CaseStatus.REFERRED, CaseStatus.OPEN})

#: ``(value, label)`` pairs for a model field's or form's ``choices``.
STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, s.label) for s in CaseStatus)


class ReasonRequired(ValueError):
    """Moving to this status needs a reason, and none was given."""

    def __init__(self, target: CaseStatus) -> None:
        self.target = target
        super().__init__(f"Give a reason why the case is {target.label.lower()}")


def check_transition(current: CaseStatus | str, target: CaseStatus | str, reason: str = "") -> None:
    """Raise unless a case may move from ``current`` to ``target`` with this reason.

    Accepts the stored string values too; an unknown value raises ``ValueError``.
    """
    target = CaseStatus(target)
    LIFECYCLE.check(current, target)
    if target in REASON_REQUIRED and not reason.strip():
        raise ReasonRequired(target)


allowed_next = LIFECYCLE.allowed_next


def is_active(status: CaseStatus | str) -> bool:
    """Whether the case is still live work: referred or open."""
    return CaseStatus(status) in ACTIVE


def _routes() -> dict[CaseStatus, list[CaseStatus]]:
    """The shortest way from referred to each status through the table."""
    routes: dict[CaseStatus, list[CaseStatus]] = {CaseStatus.REFERRED: []}
    reached = [CaseStatus.REFERRED]
    for current in reached:
        for following in allowed_next(current):
            if following not in routes:
                routes[following] = [*routes[current], following]
                reached.append(following)
    return routes


#: The steps from "referred" to each status, for a case recorded from an agency's history.
ROUTES: Mapping[CaseStatus, list[CaseStatus]] = MappingProxyType(_routes())
