"""Values encrypted at rest with the keys in CONCORD_VAULT_KEYS (Fernet keys, newest first:
a new key goes in front, values sealed with an older key still open, and ``reseal`` moves a
value onto the newest). The identity vault and form drafts use it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def keys() -> MultiFernet:
    return _fernet(tuple(settings.VAULT_KEYS))


@lru_cache(maxsize=4)
def _fernet(configured: tuple[str, ...]) -> MultiFernet:
    if not configured:
        raise ImproperlyConfigured("CONCORD_VAULT_KEYS must name at least one key")
    try:
        return MultiFernet([Fernet(key) for key in configured])
    except ValueError:
        raise ImproperlyConfigured(
            "CONCORD_VAULT_KEYS must be Fernet keys (32 url-safe base64-encoded bytes)"
        ) from None


def seal(values: Mapping[str, Any]) -> str:
    """Encrypt a mapping of values with the newest key."""
    return keys().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def open_sealed(sealed: str) -> dict[str, Any]:
    try:
        opened: dict[str, Any] = json.loads(keys().decrypt(sealed.encode()))
    except InvalidToken:
        raise ImproperlyConfigured(
            "A sealed value cannot be opened with any key in CONCORD_VAULT_KEYS: "
            "was a key removed before everything was resealed?"
        ) from None
    return opened


def reseal(sealed: str) -> str:
    """The same value sealed with the newest key."""
    return keys().rotate(sealed.encode()).decode()
