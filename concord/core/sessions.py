"""Signed-in sessions kept out of the database.

A session used to be saved to the database on every request, so under load a page view
could wait on the write lock and fail. Sessions now live in a cache that every web worker
process on the machine shares: files under ``CONCORD_DATA_DIR/sessions``. Signing out
deletes the session's file, so a copied cookie is worthless afterwards (signed-cookie
sessions could not promise that).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache


class SessionFileCache(FileBasedCache):
    """Django's file cache, never culled. When full, Django's file cache deletes a random
    third of its entries, which would sign people out in the middle of their work; it also
    lists the whole directory on every write to find out whether it is full. Expired
    sessions are removed by ``forget_expired`` instead, which the worker calls."""

    def _cull(self) -> None:
        return None

    def forget_expired(self) -> int:
        """Delete the files of expired sessions; returns how many were deleted."""
        # Django's own helpers read the file format; django-stubs leave them undeclared.
        forgotten = 0
        for path in self._list_cache_files():  # type: ignore[attr-defined]
            try:
                with open(path, "rb") as stored:
                    # Deletes the file when it has expired.
                    forgotten += bool(self._is_expired(stored))  # type: ignore[attr-defined]
            except FileNotFoundError:
                continue  # signed out, or swept by another process, meanwhile
        return forgotten


class SessionStore(CacheSessionStore):
    """The cache session store whose ``clear_expired`` (``manage.py clearsessions``) removes
    expired sessions from the session cache."""

    @classmethod
    def clear_expired(cls) -> None:
        forget_expired_sessions()


def forget_expired_sessions() -> int:
    """Remove expired sessions from the session cache; returns how many. The background
    worker calls this periodically (hourly is plenty). Caches that expire entries by
    themselves (the test suite's memory cache) have nothing to sweep."""
    cache = caches[settings.SESSION_CACHE_ALIAS]
    if isinstance(cache, SessionFileCache):
        return cache.forget_expired()
    return 0
