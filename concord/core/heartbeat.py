"""Whether the background-task worker is alive: it reports every few seconds, and pages and
``/healthz`` read when it last did.

A beat goes first to the "heartbeat" cache, a file cache in CONCORD_DATA_DIR shared by the
machine's processes, which no database lock can hold up (a long SQLite import holds the only
write lock); then to a ``WorkerHeartbeat`` row, which web servers on other machines can see.
Readers take the cache when it is fresh, and ask the database only when it is not, so a page
costs no query while the worker is well. Each process also remembers the answer briefly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concord.core.models import WorkerHeartbeat

BEAT_EVERY = timedelta(seconds=15)
FORGET_AFTER = timedelta(days=1)
CACHE_KEY = "worker-last-seen"
MEMO_SECONDS = 10.0
# How long a beat waits for SQLite's write lock before giving up until the next beat.
SQLITE_BEAT_WAIT_MS = 2000

_memo_lock = threading.Lock()
_memo: tuple[float, datetime | None] | None = None


def worker_needed() -> bool:
    """Only the database task backend waits for a worker; the test suite's runs tasks at
    once, inside the request."""
    backend: str = settings.TASKS["default"]["BACKEND"]
    return backend.startswith("django_tasks_db.")


def beat_in_cache(now: datetime) -> None:
    caches["heartbeat"].set(CACHE_KEY, now.timestamp(), timeout=FORGET_AFTER.total_seconds())


def beat_in_database(worker_id: str, now: datetime) -> None:
    """Record the beat in this thread's own connection. May raise OperationalError when the
    database is locked or gone; the caller logs it and beats again later."""
    with _short_sqlite_wait():
        WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"last_seen": now})


def last_seen(*, remembered: bool = True, ask_database: bool = True) -> datetime | None:
    """When any worker last reported, or None if none ever did (or not for a day).
    ``remembered`` allows this process's answer of the last few seconds."""
    global _memo
    if remembered:
        with _memo_lock:
            if _memo is not None and time.monotonic() - _memo[0] < MEMO_SECONDS:
                return _memo[1]
    seen = _seen_in_cache()
    if ask_database and (seen is None or is_stale(seen)):
        in_database = WorkerHeartbeat.objects.aggregate(latest=Max("last_seen"))["latest"]
        if in_database is not None and (seen is None or in_database > seen):
            seen = in_database
    with _memo_lock:
        _memo = (time.monotonic(), seen)
    return seen


def forget_memo() -> None:
    global _memo
    with _memo_lock:
        _memo = None


def is_stale(seen: datetime | None, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return seen is None or now - seen > settings.WORKER_STALE_AFTER


def forget_old_heartbeats() -> int:
    """Remove the rows of workers not seen for a day (each restart adds one). A maintenance
    job."""
    deleted, _ = WorkerHeartbeat.objects.filter(
        last_seen__lt=timezone.now() - FORGET_AFTER
    ).delete()
    return deleted


def _seen_in_cache() -> datetime | None:
    stamp = caches["heartbeat"].get(CACHE_KEY)
    if stamp is None:
        return None
    return datetime.fromtimestamp(float(stamp), tz=timezone.get_current_timezone())


@contextmanager
def _short_sqlite_wait() -> Iterator[None]:
    """On SQLite, wait only briefly for the write lock: a beat that cannot be written now is
    written next time, and a long wait would hold up the maintenance jobs behind it."""
    if connection.vendor != "sqlite":
        yield
        return
    timeout = settings.DATABASES["default"].get("OPTIONS", {}).get("timeout", 5)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BEAT_WAIT_MS}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(float(timeout) * 1000)}")


def abandoned_task_arguments(task_path: str, now: datetime | None = None) -> list[list[object]]:
    """The positional arguments of the tasks at ``task_path`` still marked running although
    the worker that took each one has not reported for the stale time: a worker killed
    mid-task leaves its task "running" for ever. Used by apps to free work such a task held."""
    cutoff = (now or timezone.now()) - settings.WORKER_STALE_AFTER
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True)
    )
    running = DBTaskResult.objects.running().filter(task_path=task_path, started_at__lt=cutoff)
    return [
        list(task.args_kwargs.get("args", []))
        for task in running.only("args_kwargs", "worker_ids")
        if not task.worker_ids or task.worker_ids[-1] not in alive
    ]
