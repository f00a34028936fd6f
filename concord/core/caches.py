"""A file cache whose counters are safe to share between the server's processes, for the
public forms' rate limits (django-ratelimit needs an atomic ``add`` and ``incr``). Django's
FileBasedCache reads a value and writes it back, so two processes counting the same address
at once could both write the same count. Here both hold an exclusive lock while they do, one
of a fixed number of lock files picked by the key, so the lock files never grow in number.
A partnership that runs Concord on more than one machine points the rate limit at a shared
cache instead (docs/configuration.md)."""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache

LOCK_STRIPES = 64


class LockedFileCache(FileBasedCache):
    @contextmanager
    def _locked(self, key: str, version: int | None) -> Iterator[None]:
        name = self.make_and_validate_key(key, version=version)
        stripe = int(hashlib.sha256(name.encode()).hexdigest(), 16) % LOCK_STRIPES
        folder = Path(self._dir) / "locks"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / f"{stripe}.lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def add(self, key: str, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        with self._locked(key, version):
            return super().add(key, value, timeout, version)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        with self._locked(key, version):
            return super().incr(key, delta, version)
