"""What keeps the public forms (DOMAIN §17) from being flooded: a limit on the forms sent
from one client address (django-ratelimit, counted in the "ratelimit" cache), a honeypot
field that people never see and scripts fill in, and a cap on a request's size read before
the body is. Shared by the self-referral and the professionals' referral forms: the limit
counts both together, as one address sending either."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from concord.core.public_pages import client_address

#: The name of the field hidden from people (and from assistive technology).
HONEYPOT = "website"
#: One count for every public form, so a flood cannot spread itself over two.
RATE_GROUP = "inbox.public_forms"


def is_flood(request: HttpRequest) -> bool:
    """Whether this client address (concord.core.public_pages.client_address) has sent more
    forms than CONCORD_PUBLIC_FORM_RATE allows; each POST counts, mistakes included."""
    limited = is_ratelimited(
        request,
        group=RATE_GROUP,
        key=lambda _group, req: client_address(req),
        rate=settings.PUBLIC_FORM_RATE,
        method="POST",
        increment=True,
    )
    return bool(limited)


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT, "").strip())


def too_large(request: HttpRequest, limit: int) -> bool:
    """Whether the request says its body is longer than ``limit`` bytes, checked before
    Django reads the body (which it never reads past the length given)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > limit
