"""The default-deny access policy: a signed-in, verified user acting in one membership,
through the scope of that membership."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Membership, User
from concord.accounts.scope import scope_for
from concord.core.http import is_verified
from concord.core.middleware import API_PREFIX, MEMBERSHIP


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
        concord_request = cast(ConcordRequest, request)
        concord_request.membership = membership
        concord_request.scope = scope_for(concord_request.user, membership)
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
