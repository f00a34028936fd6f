"""Request id, Permissions-Policy, idle timeout and forgetting the drafts of forms sent (the
default-deny access policy is concord.accounts.middleware)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from concord.core import audit, drafts
from concord.core.http import TracedRequest
from concord.core.paths import safe_path

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


def idle_seconds_left(request: HttpRequest, now: float | None = None) -> float:
    """How long the signed-in session has before the idle sign-out, as the server counts."""
    now = timezone.now().timestamp() if now is None else now
    last = request.session.get(LAST_ACTIVITY, now)
    return float(settings.IDLE_TIMEOUT.total_seconds() - (now - last))


def note_activity(request: HttpRequest) -> None:
    request.session[LAST_ACTIVITY] = timezone.now().timestamp()


class IdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than CONCORD_IDLE_TIMEOUT_MINUTES. The
    sign-in page then sends the user back to the page they were on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not request.path.startswith(API_PREFIX):
            now = timezone.now().timestamp()
            last = request.session.get(LAST_ACTIVITY, now)
            if idle_seconds_left(request, now) < 0:
                return _signed_out_for_idling(request, request.user)
            noted = LAST_ACTIVITY in request.session
            if POLL_HEADER not in request.headers and (
                not noted or now - last >= ACTIVITY_NOTED_EVERY_SECONDS
            ):
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


def _signed_out_for_idling(request: HttpRequest, user: AbstractBaseUser) -> HttpResponse:
    audit.record("auth.session_timed_out", actor=user)
    logout(request)
    minutes = int(settings.IDLE_TIMEOUT.total_seconds() // 60)
    messages.info(
        request,
        f"You were signed out because you had not done anything for {minutes} "
        "minutes. Sign in again to continue.",
    )
    if POLL_HEADER in request.headers:
        # The page's own question: no content, so that the message waits for the page the
        # browser opens next (the page's script reloads it; htmx follows HX-Redirect).
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = reverse("accounts:sign-in")
        return answer
    response = redirect("accounts:sign-in")
    back_to = safe_path(request.path)  # back to the page the user was on
    if back_to and back_to != "/":
        response["Location"] += "?" + urlencode({"next": back_to})
    return response


class SentFormDraftMiddleware:
    """A form sent successfully (its answer is a redirect) needs its draft no more."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.method == "POST"
            and 300 <= response.status_code < 400
            and request.user.is_authenticated
            and not request.path.startswith(API_PREFIX)
        ):
            drafts.forget_sent_form(request.user, request.path)
        return response
