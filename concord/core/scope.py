"""The mechanism behind the one way into person-level records (ADR 0001, ADR 0011).

A scope belongs to a request (``request.scope``) or an API call and acts for one membership.
Each app that keeps person-level records declares its own scope class in its ``scope``
module, built on ScopeBase: the app's querysets filtered to the membership's agency and the
lookups of single records. Those classes are joined into the one class named by the
``SCOPE_CLASS`` setting, so core names none of them.

The rules every scope class keeps: a role that may not see such records at all gets
PermissionDenied (403, ``_require``); a record outside the agency is Http404, like one that
does not exist (``_one``); every read of a single person-level record is written to the
audit trail (``_one`` with an action).
"""

from __future__ import annotations

from typing import Protocol, TypeVar

import rules
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404

from concord.core import audit

M = TypeVar("M", bound=Model)
S = TypeVar("S", bound="ScopeBase")


class Member(Protocol):
    """What a scope needs of the membership it acts in: the agency it works for."""

    @property
    def agency(self) -> Model: ...


class ScopeBase:
    def __init__(self, user: AbstractBaseUser, membership: Member) -> None:
        self.user = user
        self.membership = membership
        self.agency = membership.agency
        # The person the page is about, for the alerts panel (concord.core.alerts), and,
        # when it is another agency's record shared with this one, who shares it and why.
        self.about: Model | None = None
        self.about_shared_by: tuple[str, str] | None = None

    def _about(self, person: Model, shared_by: tuple[str, str] | None = None) -> None:
        """Note the person a page is about: the first person or case it looks up; for
        another agency's record, ``shared_by`` is (that agency's name, why it is shared)."""
        if self.about is None:
            self.about, self.about_shared_by = person, shared_by

    def _require(self, rule_name: str) -> None:
        if not rules.test_rule(rule_name, self.membership):
            raise PermissionDenied

    def _one(self, found: M | None, action: str = "") -> M:
        """The record found, or 404 when there is none; with an action, the read is audited
        under that name."""
        if found is None:
            raise Http404
        if action:
            audit.record(action, actor=self.user, agency=self.agency, target=found)
        return found

    def narrowed_to(self, kind: type[S]) -> S:
        """This scope as one app's scope class. ``request.scope`` is always the class that
        joins them all, so the part of a page that another app draws (the case page's
        MARAC section) may use its own app's lookups; anything else is a programming error."""
        if not isinstance(self, kind):
            raise TypeError(f"{type(self).__name__} is not a {kind.__name__}")
        return self
