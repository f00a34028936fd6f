"""Pages for people without an account (DOMAIN §17): a victim's self-referral, a
professional's referral, a questionnaire by one-time link. They open to anyone, are never
kept by a browser or proxy, send no referrer to other sites and ask search engines to keep
away; their layout is ``core/public_base.html``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

from concord.core.decorators import public

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def public_page(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        # Nothing to other sites (the exit page among them); "no-referrer" would also make
        # the browser send "Origin: null" with the page's own form, which Django's CSRF
        # check refuses.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return public(wrapped)  # type: ignore[return-value]
