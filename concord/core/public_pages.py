"""Pages for people without an account (DOMAIN §17): a victim's self-referral, a
professional's referral, a questionnaire by one-time link. They open to anyone, are never
kept by a browser or proxy, send no referrer to another site and ask search engines to keep
away; their layout is ``core/public_base.html``. The referrer policy is "same-origin", not
"no-referrer": under "no-referrer" a browser posts a form with ``Origin: null``, which
Django's CSRF check refuses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

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
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return cast(View, public(wrapped))
