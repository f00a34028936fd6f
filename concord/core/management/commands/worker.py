"""``manage.py worker``: run background tasks, report the worker alive, run the maintenance
jobs; database trouble is waited out, never fatal (``concord.core.worker``)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from concord.core.worker import ConcordWorker

# Linux shares the CPU between sessions first ("autogroups") and by niceness only within a
# session; a process's session's share is set here.
AUTOGROUP = Path("/proc/self/autogroup")


class Command(db_worker.Command):
    help = (
        "Run the background-task worker: imports, checks and linkage runs, a heartbeat "
        "every 15 seconds and the periodic maintenance jobs. Takes db_worker's options."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        reload: bool,
        batch: bool,
        **options: Any,
    ) -> None:
        self.configure_logging(verbosity)
        yield_to_pages()
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ConcordWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()


def yield_to_pages() -> None:
    """Background work runs at a lower CPU priority (CONCORD_WORKER_NICENESS) than the web
    server on the same machine, so that an import or a linkage run takes the cores the
    pages leave free rather than slowing every page (measured in benchmarks/load.py)."""
    niceness = settings.WORKER_NICENESS
    if not niceness:
        return
    os.nice(niceness)
    if os.getsid(0) == os.getpid():
        # The worker leads its own session (a service manager or setsid started it), so
        # its niceness would count against nothing: lower the session's share too.
        # Anyone may lower a priority; off Linux or with autogroups off there is no file.
        with contextlib.suppress(OSError):
            AUTOGROUP.write_text(f"{niceness}\n")
