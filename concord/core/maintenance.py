"""Periodic maintenance jobs, run by the background-task worker (``manage.py worker``).

An app registers its jobs in its ``AppConfig.ready``::

    maintenance.register("seal_audit_events", audit.seal, every=timedelta(seconds=30))

Core runs whatever is registered and names no other app. Each worker process keeps its own
schedule (every job runs once soon after the worker starts), so a job must be safe to run
twice at once: short transactions, nothing that breaks when another worker got there first.
A job that fails is logged with its traceback but not its message, and tried again sooner
than its period, with a growing wait, so a locked database delays it and stops nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from concord.core.tracebacks import describe

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=15)


@dataclass(frozen=True)
class Job:
    name: str
    function: Callable[[], object]
    every: timedelta


_jobs: dict[str, Job] = {}


def register(name: str, function: Callable[[], object], every: timedelta) -> None:
    """Run ``function`` every ``every`` in the worker. Registering a name again replaces it
    (``ready`` can run more than once in tests)."""
    if every <= timedelta(0):
        raise ValueError(f"maintenance job {name} must have a positive period")
    _jobs[name] = Job(name, function, every)


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def registered() -> list[Job]:
    return list(_jobs.values())


@dataclass
class Schedule:
    """When each job is next due in this worker process, and how often it has failed in a
    row (which sets how soon it is tried again)."""

    next_due: dict[str, datetime] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)

    def run_due(self, now: datetime) -> list[str]:
        """Run every registered job that is due; return the names of those that ran."""
        ran = []
        for job in registered():
            if self.next_due.get(job.name, now) > now:
                continue
            self._run(job, now)
            ran.append(job.name)
        return ran

    def _run(self, job: Job, now: datetime) -> None:
        try:
            job.function()
        except Exception as error:
            failures = self.failures.get(job.name, 0) + 1
            self.failures[job.name] = failures
            retry = min(job.every, FIRST_RETRY * 2 ** (failures - 1))
            self.next_due[job.name] = now + retry
            logger.error(
                "maintenance.failed job=%s failures=%d retry_in=%ds\n%s",
                job.name,
                failures,
                retry.total_seconds(),
                describe(error),
            )
        else:
            self.failures.pop(job.name, None)
            self.next_due[job.name] = now + job.every
