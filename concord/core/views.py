"""The error pages, the health check and the accessibility statement. Error pages say what
to do, never what exists."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from concord.core import audit, health
from concord.core.decorators import public
from concord.core.public_pages import PUBLIC_PAGE


def _error(request: HttpRequest, status: int, title: str, body: str) -> HttpResponse:
    """The error page, in the public forms' layout when the request was for one of them."""
    match = getattr(request, "resolver_match", None)
    on_public_form = getattr(getattr(match, "func", None), PUBLIC_PAGE, False)
    template = "core/public_error.html" if on_public_form else "core/error.html"
    return render(request, template, {"title": title, "body": body}, status=status)


@public
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 400, "Sorry, there is a problem with the request", "Go back and try again."
    )


@public
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        "You do not have permission to see this page",
        "Your role does not include this page. If you need it for your work, ask your "
        "service manager or your agency's administrator.",
    )


@public
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, the "
        "page may have moved or may not be available to you.",
    )


@public
def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request, so that it works even when the session or database
    is what failed."""
    page = render_to_string(
        "core/error.html",
        {
            "title": "Sorry, there is a problem with the service",
            "body": "Try again later. Nothing you entered on the last page was saved. If it "
            "keeps happening, contact your administrator and give them the time it happened.",
        },
    )
    return HttpResponseServerError(page)


@public
def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    actor = request.user if request.user.is_authenticated else None
    audit.record("security.csrf_failed", actor=actor)
    return _error(
        request,
        403,
        "Your form could not be sent",
        "For your security, forms expire. Go back, reload the page and try again.",
    )


@public
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer or monitor: 200 when the database answers, the worker reports and
    audit sealing keeps up; 503 otherwise. No personal data, no counts of records."""
    state = health.check()
    return JsonResponse(state.as_json(), status=200 if state.healthy else 503)


@public
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, open to anyone: people need it before they can sign in."""
    context = {
        "title": "Accessibility statement for Concord",
        "partnership": settings.PARTNERSHIP_NAME,
        "contact": settings.ACCESSIBILITY_CONTACT,
    }
    return render(request, "core/accessibility.html", context)
