"""Request id, idle timeout, and the default-deny access policy."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from concord.accounts.models import Membership, User
from concord.core import audit
from concord.core.http import ConcordRequest, is_verified

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
        cast(ConcordRequest, request).request_id = request_id
        token = audit.current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            audit.current_request_id.reset(token)
        response["X-Request-ID"] = request_id
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


class AccessPolicyMiddleware:
    """Default deny: every page needs a signed-in, MFA-verified user acting in one of their
    memberships, unless the view opts out with a decorator from ``core.decorators``. The
    API authenticates with tokens (``config.api``) and is skipped here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.path.startswith(API_PREFIX) or getattr(view, "concord_public", False):
            return None
        user = request.user
        if not user.is_authenticated:
            return _redirect_with_next("accounts:sign-in", request)
        if not is_verified(user):
            if getattr(view, "concord_before_mfa", False):
                return None
            return _redirect_with_next("accounts:mfa", request)
        membership = _current_membership(request)
        if membership is None:
            if getattr(view, "concord_before_membership", False):
                return None
            return _redirect_with_next("accounts:choose-role", request)
        from concord.core.scope import Scope

        concord_request = cast(ConcordRequest, request)
        concord_request.membership = membership
        concord_request.scope = Scope(concord_request.user, membership)
        return None


def _current_membership(request: HttpRequest) -> Membership | None:
    memberships = Membership.objects.filter(user=cast(User, request.user)).active()
    memberships = memberships.select_related("agency")
    chosen = request.session.get(MEMBERSHIP)
    if chosen:
        membership = memberships.filter(pk=chosen).first()
        if membership is not None:
            return membership
    only = list(memberships[:2])
    if len(only) == 1:
        request.session[MEMBERSHIP] = str(only[0].pk)
        return only[0]
    return None


def _redirect_with_next(url_name: str, request: HttpRequest) -> HttpResponseRedirect:
    target = reverse(url_name)
    if request.method == "GET" and request.path != "/":
        target += "?" + urlencode({"next": request.path})
    return HttpResponseRedirect(target)
