"""Typed view of what Concord's middleware adds to a request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from concord.accounts.models import Membership, User
    from concord.core.scope import Scope


class ConcordRequest(HttpRequest):
    """A request that passed the access policy: a verified user acting in a membership."""

    user: User
    membership: Membership
    scope: Scope
    request_id: str


def is_verified(user: Any) -> bool:
    """True when the user passed the second factor in this session (set by django-otp)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
