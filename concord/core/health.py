"""What ``/healthz`` reports: whether the database answers, when the worker last reported,
and how far audit sealing is behind. Counts of audit events only; nothing about people."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connection
from django.utils import timezone

from concord.core import audit, heartbeat

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    database_reachable: bool
    worker_needed: bool
    worker_last_seen: datetime | None
    unsealed_events: int | None
    oldest_unsealed: datetime | None
    checked_at: datetime

    @property
    def worker_stale(self) -> bool:
        return self.worker_needed and heartbeat.is_stale(self.worker_last_seen, self.checked_at)

    @property
    def audit_behind(self) -> bool:
        if not self.database_reachable:
            return True
        if self.oldest_unsealed is None:
            return False
        return self.checked_at - self.oldest_unsealed > settings.AUDIT_BACKLOG_LIMIT

    @property
    def healthy(self) -> bool:
        return self.database_reachable and not self.worker_stale and not self.audit_behind

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.healthy else "failing",
            "database": {"reachable": self.database_reachable},
            "worker": {
                "needed": self.worker_needed,
                "last_seen_seconds_ago": self._seconds_since(self.worker_last_seen),
                "stale": self.worker_stale,
            },
            "audit": {
                "unsealed_events": self.unsealed_events,
                "oldest_unsealed_seconds_ago": self._seconds_since(self.oldest_unsealed),
                "behind": self.audit_behind,
            },
        }

    def _seconds_since(self, moment: datetime | None) -> int | None:
        if moment is None:
            return None
        return max(0, int((self.checked_at - moment).total_seconds()))


def check() -> Health:
    """A few fast reads, none cached: the answer is about now."""
    reachable = _database_reachable()
    unsealed, oldest = audit.backlog() if reachable else (None, None)
    return Health(
        database_reachable=reachable,
        worker_needed=heartbeat.worker_needed(),
        worker_last_seen=heartbeat.last_seen(remembered=False, ask_database=reachable),
        unsealed_events=unsealed,
        oldest_unsealed=oldest,
        checked_at=timezone.now(),
    )


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError) as error:
        logger.warning("health.database_unreachable error=%s", type(error).__name__)
        return False
    return True
