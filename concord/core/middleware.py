"""Request id, Permissions-Policy and idle timeout (the default-deny access policy is
concord.accounts.middleware)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from concord.core import audit
from concord.core.http import TracedRequest

LAST_ACTIVITY = "concord_last_activity"
# A session is written when its last activity is noted, so it is noted at most this often:
# the idle timeout is minutes, and a page view need not write the session every time.
ACTIVITY_NOTED_EVERY_SECONDS = 30
MEMBERSHIP = "concord_membership_id"
CAN_SWITCH_ROLE = "concord_can_switch_role"
API_PREFIX = "/api/"
# Sent by a page that asks the server again by itself (htmx polling): not the user's activity.
POLL_HEADER = "Concord-Poll"


class RequestIdMiddleware:
    """Give each request an id, carried into audit events and the response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        cast(TracedRequest, request).request_id = request_id
        token = audit.current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            audit.current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class PermissionsPolicyMiddleware:
    """Send the ``Permissions-Policy`` header (settings.PERMISSIONS_POLICY) on every answer:
    no page needs the camera, microphone, location or the like."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than CONCORD_IDLE_TIMEOUT_MINUTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(API_PREFIX):
            now = timezone.now().timestamp()
            last = request.session.get(LAST_ACTIVITY, now)
            if now - last > settings.IDLE_TIMEOUT.total_seconds():
                audit.record("auth.session_timed_out", actor=request.user)
                logout(request)
                minutes = int(settings.IDLE_TIMEOUT.total_seconds() // 60)
                messages.info(
                    request,
                    f"You were signed out because you had not done anything for {minutes} "
                    "minutes. Sign in again to continue.",
                )
                return redirect("accounts:sign-in")
            noted = LAST_ACTIVITY in request.session
            if POLL_HEADER not in request.headers and (
                not noted or now - last >= ACTIVITY_NOTED_EVERY_SECONDS
            ):
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)
