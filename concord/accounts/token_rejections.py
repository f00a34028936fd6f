"""Bad API tokens, counted per client address and minute instead of audited one by one.

An anonymous caller must not be able to fill the audit trail, so the trail gets at most two
events per address and minute: ``api.tokens_rejected`` at the first rejection and
``api.tokens_rejected_limit_reached`` when the address reaches
CONCORD_API_REJECTED_TOKENS_PER_MINUTE; after that the address is answered 429 until the
minute ends. The count lives in the default cache. Addresses are never stored: events name
the client by a keyed hash (HMAC-SHA256 of the address with the SECRET_KEY, 16 hex
characters), which links one address's events without revealing it.
"""

from __future__ import annotations

import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import Throttled

from concord.core import audit

CLIENT_OBJECT_TYPE = "api.client"
FIRST_REJECTION = "api.tokens_rejected"
LIMIT_REACHED = "api.tokens_rejected_limit_reached"


def client_of(request: HttpRequest) -> str:
    """A keyed hash of the client's address: stable for a client, not reversible."""
    address = request.META.get("REMOTE_ADDR") or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), b"api-client:" + address.encode(), "sha256")
    return digest.hexdigest()[:16]


def refuse_if_over_limit(request: HttpRequest) -> None:
    """Raise Throttled (answered 429 with Retry-After) when this client has sent the allowed
    number of bad tokens this minute, before its token is even looked up."""
    minute, seconds_left = _minute()
    if cache.get(_cache_key(client_of(request), minute), 0) >= _limit():
        raise Throttled(wait=seconds_left)


def note_rejection(request: HttpRequest) -> None:
    """Count one bad token from this client; audit the first of the minute and the one that
    reaches the limit."""
    client = client_of(request)
    minute, _ = _minute()
    key = _cache_key(client, minute)
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, count := 1, timeout=120)
    if count == 1:
        audit.record(FIRST_REJECTION, object_type=CLIENT_OBJECT_TYPE, object_id=client)
    if count == _limit():
        audit.record(LIMIT_REACHED, object_type=CLIENT_OBJECT_TYPE, object_id=client)


def _limit() -> int:
    return int(settings.API_REJECTED_TOKENS_PER_MINUTE)


def _minute() -> tuple[int, int]:
    """The current minute's number and the whole seconds left in it (at least 1)."""
    now = time.time()
    return int(now // 60), max(1, 60 - int(now % 60))


def _cache_key(client: str, minute: int) -> str:
    return f"api-rejected-tokens:{client}:{minute}"
