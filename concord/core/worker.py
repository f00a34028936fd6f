"""The background-task worker (``manage.py worker``): django_tasks_db's worker, made to
outlive a locked or lost database, with a heartbeat and the maintenance jobs beside it.

A locked SQLite database (someone else's long write) or a dropped PostgreSQL connection
stopped the worker of ``db_worker`` for good; here it is logged, waited out with a growing
pause, and the loop goes on. A second thread reports the worker alive every 15 seconds on
its own database connection, so it keeps reporting through a four-minute import, and runs
the maintenance jobs registered in ``concord.core.maintenance``.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from concord.core import heartbeat, maintenance
from concord.core.tracebacks import describe

logger = logging.getLogger(__name__)

# Errors that mean "the database is busy or the connection is gone", not "the code is wrong".
DATABASE_TROUBLE = (OperationalError, InterfaceError)
Result = TypeVar("Result")


@dataclass
class Backoff:
    """Waits that double after each failure in a row, up to ``longest`` seconds; a failure
    long after the last one starts again from ``first``."""

    first: float = 1.0
    longest: float = 60.0
    failures: int = 0
    last_failure: float = 0.0

    def next_wait(self) -> float:
        now = time.monotonic()
        if now - self.last_failure > 2 * self.longest:
            self.failures = 0
        self.last_failure = now
        wait = min(self.longest, self.first * 2.0**self.failures)
        self.failures += 1
        return wait

    def reset(self) -> None:
        self.failures = 0


class Heartbeat(threading.Thread):
    """Reports the worker alive every ``heartbeat.BEAT_EVERY`` and runs the maintenance jobs
    that are due, on this thread's own database connection."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="concord-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()
        self.first_tick_done = threading.Event()
        self.schedule = maintenance.Schedule()

    def run(self) -> None:
        try:
            while True:
                self.tick()
                self.first_tick_done.set()
                if self.stopping.wait(heartbeat.BEAT_EVERY.total_seconds()):
                    return
        finally:
            connections.close_all()

    def tick(self) -> None:
        """One beat, then the jobs that are due. Nothing raised here stops the thread."""
        close_old_connections()
        now = timezone.now()
        try:
            heartbeat.beat_in_cache(now)
            heartbeat.beat_in_database(self.worker_id, now)
        except DATABASE_TROUBLE as error:
            logger.warning("worker.heartbeat_not_saved error=%s", type(error).__name__)
        except Exception as error:
            logger.error("worker.heartbeat_failed\n%s", describe(error))
        self.schedule.run_due(now)
        close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=30)


class ConcordWorker(Worker):
    """django_tasks_db's ``Worker``, through database trouble, with a ``Heartbeat``."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.backoff = Backoff()

    def run(self) -> None:
        beating = Heartbeat(self.worker_id)
        beating.start()
        # Report alive (and seal what waits) before taking work, rather than racing the loop
        # for the database at start-up.
        beating.first_tick_done.wait(timeout=30)
        try:
            self._run_through_database_trouble()
        finally:
            beating.stop()

    def _run_through_database_trouble(self) -> None:
        """The library's loop (finding and claiming the next task, running it), started
        again after each failure of the database, until it ends by itself or is stopped."""
        while self.running:
            try:
                super().run()
                return
            except DATABASE_TROUBLE as error:
                self.startup_delay = False
                self.wait_out(error, "loop")

    def run_task(self, db_task_result: DBTaskResult[..., object]) -> None:
        """Run the task; recording its result waits out database trouble instead of losing
        the result (or the worker)."""
        db_task_result.set_successful = self._patiently(db_task_result.set_successful)
        db_task_result.set_failed = self._patiently(db_task_result.set_failed)
        super().run_task(db_task_result)
        self.backoff.reset()

    def _patiently(self, mark: Callable[..., Result]) -> Callable[..., Result]:
        @wraps(mark)
        def patient(*args: Any, **kwargs: Any) -> Result:
            attempts = 0
            while True:
                try:
                    return mark(*args, **kwargs)
                except DATABASE_TROUBLE as error:
                    attempts += 1
                    if not self.running and attempts >= 3:
                        raise  # stopping: the task stays "running" for the resume job
                    self.wait_out(error, "marking")

        return patient

    def wait_out(self, error: BaseException, where: str) -> None:
        """Log the trouble (its type only), drop a broken connection, pause."""
        wait = self.backoff.next_wait()
        logger.warning(
            "worker.database_trouble where=%s error=%s retry_in=%.1fs",
            where,
            type(error).__name__,
            wait,
        )
        if isinstance(error, InterfaceError):
            connections.close_all()
        else:
            close_old_connections()
        time.sleep(wait)


def log_finished_task(sender: object, task_result: TaskResult[object], **kwargs: Any) -> None:
    """Replaces django_tasks' own receiver, which logs a failed task's exception with its
    message: a failure is logged with its type and frames only."""
    path = task_result.task.module_path
    if task_result.status != TaskResultStatus.FAILED:
        logger.info(
            "task.finished id=%s path=%s state=%s", task_result.id, path, task_result.status
        )
        return
    error = sys.exc_info()[1]
    logger.error(
        "task.failed id=%s path=%s\n%s",
        task_result.id,
        path,
        describe(error) if error is not None else "(no traceback)",
    )
