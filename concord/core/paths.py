"""Where Concord may send someone back to: a path of its own, never another site."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def safe_path(target: str) -> str | None:
    """``target`` when it is a path on this site (``/cases/<id>/``), else None: no scheme,
    host, query or fragment (Concord's addresses carry record ids only), no ``//`` or
    backslash that a browser could read as another host, no control characters."""
    if not target or len(target) > MAX_LENGTH or not target.startswith("/"):
        return None
    if target.startswith("//") or "\\" in target or any(_control(c) for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.query or parts.fragment or parts.path != target:
        return None
    return target


def _control(character: str) -> bool:
    return ord(character) < 32 or ord(character) == 127
