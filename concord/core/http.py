"""Typed view of what core's middleware adds to a request."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class TracedRequest(HttpRequest):
    """A request carrying the id RequestIdMiddleware gave it."""

    request_id: str


def is_verified(user: Any) -> bool:
    """True when the user passed the second factor in this session (set by django-otp)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
