"""A role grant's lifecycle as an explicit transition table (pure Python).

    pending  -> approved  (by a second person: another administrator or the agency's
                           service manager; creates the membership)
    pending  -> refused   (by the same people)
    approved, refused: final

A role that sees person-level records is given only through a grant (concord.accounts
.services); who may decide, and recording who did and when, is the service's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from concord.core.lifecycle import Lifecycle, Status


class GrantStatus(Status):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


TRANSITIONS: Mapping[GrantStatus, frozenset[GrantStatus]] = MappingProxyType(
    {
        GrantStatus.PENDING: frozenset({GrantStatus.APPROVED, GrantStatus.REFUSED}),
        GrantStatus.APPROVED: frozenset(),
        GrantStatus.REFUSED: frozenset(),
    }
)
GRANT_LIFECYCLE = Lifecycle(
    GrantStatus,
    TRANSITIONS,
    already="This request has already been {current}",
    cannot="A request that is {current} cannot be {target}",
    final_is_already=True,
)
GRANT_STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, s.label) for s in GrantStatus)
