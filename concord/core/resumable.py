"""Long background work that commits in chunks and resumes where it stopped.

An import or a submission writes its file's rows a chunk at a time, each chunk in its own
short transaction, so no lock is held for longer than a chunk takes (ARCHITECTURE, "Many
people at once"). In the same transaction as each chunk, the work records how many rows
are done and beats its heart; a resumed run starts at the first row not committed, so
every row is taken once.

A worker that dies leaves its work "running" with an old heartbeat. A sweep
(``sweep_stale``) finds such work, claims it with one conditional update (so two sweepers
never both resume it, and a run whose heartbeat is recent is left alone), and either hands
it back to the worker or, after too many attempts, gives up on it with a reason in plain
words. Each run also holds a claim: a chunk is written only while the work's attempt
number is still the one the run started with, so a run the sweep gave up on, or replaced,
writes nothing more.

Core names no app: each app's model inherits ``ResumableWork`` and passes its own
statuses and callbacks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


class ResumableWork(models.Model):
    """How far a chunked piece of background work got, in the database for every page to
    read and for a resumed run to start from."""

    rows_done = models.PositiveIntegerField(
        default=0, help_text="Rows of the file committed so far, counting from its first row"
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the run last committed a chunk or started"
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times a run has started on this file"
    )

    class Meta:
        abstract = True

    @property
    def resumed(self) -> int:
        """How many times the work was started again after a worker stopped."""
        return max(self.attempts - 1, 0)


class ClaimLost(Exception):
    """Another run took this work over (or the sweep gave up on it): stop writing."""


@dataclass(frozen=True)
class Claim:
    """The run of one attempt at a piece of work."""

    model: type[ResumableWork]
    pk: Any
    attempt: int

    def start(self, waiting: str, running: str) -> bool:
        """Take waiting work for this attempt; False when another run took it first."""
        return bool(
            self.model._default_manager.filter(pk=self.pk, **_status(waiting)).update(
                status=running, attempts=self.attempt, heartbeat_at=timezone.now()
            )
        )

    def commit(self, rows_done: int, **fields: Any) -> None:
        """Record, inside the chunk's transaction, the rows done and the counts so far;
        raises ClaimLost (rolling the chunk back) when this run no longer holds the work."""
        updated = self.model._default_manager.filter(pk=self.pk, attempts=self.attempt).update(
            rows_done=rows_done, heartbeat_at=timezone.now(), **fields
        )
        if not updated:
            raise ClaimLost

    def hold(self) -> None:
        """Check, first thing in a chunk's transaction, that this run still holds the work;
        on PostgreSQL the update also locks its row until the chunk commits."""
        updated = self.model._default_manager.filter(pk=self.pk, attempts=self.attempt).update(
            heartbeat_at=timezone.now()
        )
        if not updated:
            raise ClaimLost


@dataclass
class ChunkBudget:
    """How much one chunk may do in its transaction: at most ``rows`` rows, and no new row
    once ``milliseconds`` have passed since it began (a chunk always does at least one row).
    Rows written one at a time through the services take from a millisecond to tens on a
    busy machine, so time, not a count, keeps the write lock short."""

    rows: int
    milliseconds: int
    started: float = field(default_factory=time.monotonic)

    def spent(self, done: int) -> bool:
        if done >= self.rows:
            return True
        return done > 0 and (time.monotonic() - self.started) * 1000 >= self.milliseconds


# SQLite has no queue for its write lock: a connection waiting for it sleeps and tries
# again, up to 100 ms apart. Work that began its next chunk straight after committing
# would win every time and starve the pages (a reader's audit event is a write), so
# between chunks it leaves the lock free for longer than one of those sleeps. PostgreSQL
# queues lock waiters, so there work goes straight on.
SQLITE_TURN_SECONDS = 0.11


def give_others_a_turn() -> None:
    """Called between two chunks, outside any transaction."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(SQLITE_TURN_SECONDS)


def _status(value: str) -> dict[str, str]:
    """The ``status`` field every app's resumable model has (the abstract model has none)."""
    return {"status": value}


def claim_for(instance: ResumableWork) -> Claim:
    """The claim a run starting now on ``instance`` will hold: the next attempt."""
    return Claim(type(instance), instance.pk, instance.attempts + 1)


def _stale_after() -> timedelta:
    return timedelta(minutes=settings.IMPORT_STALE_MINUTES)


def _most_attempts() -> int:
    return int(settings.IMPORT_RESUME_ATTEMPTS) + 1


@dataclass(frozen=True)
class Sweep:
    """What to sweep: the running status, where resumed work waits, after how long without
    a heartbeat work counts as stopped, and how many runs it gets in all (by default
    CONCORD_IMPORT_STALE_MINUTES and CONCORD_IMPORT_RESUME_ATTEMPTS resumptions)."""

    model: type[ResumableWork]
    running: str
    waiting: str
    stale_after: timedelta = field(default_factory=_stale_after)
    most_attempts: int = field(default_factory=_most_attempts)


def sweep_stale(
    sweep: Sweep,
    *,
    resume: Callable[[Any], None],
    give_up: Callable[[Any], dict[str, Any]],
    ended: Callable[[Any], None] = lambda pk: None,
) -> int:
    """Resume or give up on every piece of work whose worker stopped; returns how many
    were resumed or given up. ``resume(pk)`` queues the work again and runs in the same
    transaction as the claim; ``give_up(pk)`` returns the fields that end the work, and
    ``ended(pk)`` is called once the sweep has ended it (to let go of its file, say)."""
    manager = sweep.model._default_manager
    cutoff = timezone.now() - sweep.stale_after
    # No heartbeat at all: running before heartbeats were recorded, so stopped long ago.
    beat_long_ago = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)
    stale = manager.filter(beat_long_ago, **_status(sweep.running)).values_list(
        "pk", "heartbeat_at", "attempts"
    )
    handled = 0
    for pk, heartbeat_at, attempts in list(stale):
        handled += _settle(sweep, pk, heartbeat_at, attempts, resume, give_up, ended)
    return handled


def _settle(
    sweep: Sweep,
    pk: Any,
    heartbeat_at: datetime | None,
    attempts: int,
    resume: Callable[[Any], None],
    give_up: Callable[[Any], dict[str, Any]],
    ended: Callable[[Any], None],
) -> int:
    """Claim one stale piece of work: the update matches only while its heartbeat is the
    one seen, so a sweeper that comes second, or a run that beat since, wins nothing."""
    manager = sweep.model._default_manager
    beat = Q(heartbeat_at__isnull=True) if heartbeat_at is None else Q(heartbeat_at=heartbeat_at)
    seen = manager.filter(beat, pk=pk, **_status(sweep.running))
    with transaction.atomic():
        if attempts >= sweep.most_attempts:
            claimed = seen.update(attempts=F("attempts") + 1, **give_up(pk))
            outcome = "given_up"
            if claimed:
                ended(pk)
        else:
            claimed = seen.update(status=sweep.waiting, heartbeat_at=timezone.now())
            outcome = "resumed"
            if claimed:
                resume(pk)
    if claimed:
        logger.warning(
            "work.%s model=%s id=%s attempts=%s", outcome, sweep.model._meta.label, pk, attempts
        )
    return claimed
