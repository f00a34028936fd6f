"""Typed view of what Concord's middleware adds to a request."""

from __future__ import annotations

from typing import Generic

from typing_extensions import TypeVar

from concord.accounts.models import Membership, User
from concord.accounts.scope import MembershipScope
from concord.core.http import TracedRequest

S = TypeVar("S", bound=MembershipScope, default=MembershipScope, covariant=True)


class ConcordRequest(TracedRequest, Generic[S]):
    """A request that passed the access policy: a verified user acting in a membership,
    through a scope. A view names the scope class whose records it reads
    (``ConcordRequest[CasesScope]``); the scope attached is always the full one."""

    user: User
    membership: Membership
    scope: S
