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
    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._locks = Path(dir) / "locks"

    @contextmanager
    def _locked(self, key: str, version: int | None) -> Iterator[None]:
        name = self.make_and_validate_key(key, version=version)
        stripe = int(hashlib.sha256(name.encode()).hexdigest(), 16) % LOCK_STRIPES
        self._locks.mkdir(parents=True, exist_ok=True)
        with (self._locks / f"{stripe}.lock").open("a") as handle:
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
