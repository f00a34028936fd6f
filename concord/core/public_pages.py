"""Pages for people without an account (DOMAIN §17): a victim's self-referral, a
professional's referral, a questionnaire by one-time link. They open to anyone, are never
kept by a browser or proxy, send no referrer to any other site and ask search engines to
keep away; their layout is ``core/public_base.html``.

The referrer policy is "same-origin", not "no-referrer": under "no-referrer" a browser
sends ``Origin: null`` with the form's own post, and Django's CSRF check refuses it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

from concord.core.decorators import public

View = TypeVar("View", bound=Callable[..., HttpResponseBase])
#: Marks a public form's view, so that an error on its page keeps the public layout.
PUBLIC_PAGE = "concord_public_page"


def public_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    setattr(wrapped, PUBLIC_PAGE, True)
    return public(cast(View, wrapped))


def client_address(request: HttpRequest) -> str:
    """The address a public form's rate limit counts by: the connection's, or behind a proxy
    the one in the header CONCORD_CLIENT_ADDRESS_HEADER names (the last of a list, which the
    proxy itself added). Never a header unless configured: anyone can send one."""
    header = settings.CLIENT_ADDRESS_HEADER
    if header:
        value = request.headers.get(header, "")
        last = value.split(",")[-1].strip()
        if last:
            return last
    return str(request.META.get("REMOTE_ADDR") or "unknown")
