"""Opt-outs from the default-deny access policy, and role checks, named on each view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def public(view: View) -> View:
    """Open to anyone, signed in or not (sign-in page, set-password link, errors)."""
    view.concord_public = True  # type: ignore[attr-defined]
    return view


def before_mfa(view: View) -> View:
    """Open once the password is accepted, before the second factor (MFA pages, sign out)."""
    view.concord_before_mfa = True  # type: ignore[attr-defined]
    return before_membership(view)


def before_membership(view: View) -> View:
    """Open to a verified user who has not yet chosen which agency role to act in."""
    view.concord_before_membership = True  # type: ignore[attr-defined]
    return view


def rule_required(rule_name: str) -> Callable[[View], View]:
    """403 unless the signed-in membership passes the named `rules` rule."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not rules.test_rule(rule_name, getattr(request, "membership", None)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
