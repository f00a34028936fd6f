"""The scope of one membership: the base of every app's scope class (ADR 0011)."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from concord.accounts.models import Agency, Membership, User
from concord.core.scope import ScopeBase


class MembershipScope(ScopeBase):
    """A scope acting for a Concord user in one of their memberships."""

    user: User
    membership: Membership
    agency: Agency


def scope_for(user: User, membership: Membership) -> MembershipScope:
    """The scope a page request or an API call works through: an instance of the class the
    SCOPE_CLASS setting names, which joins every app's scope class."""
    scope_class: type[MembershipScope] = import_string(settings.SCOPE_CLASS)
    return scope_class(user, membership)
