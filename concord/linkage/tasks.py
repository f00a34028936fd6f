"""Linkage runs in the background (the worker: `manage.py worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from concord.core import audit, heartbeat
from concord.linkage.models import LinkageRun, RunStatus

ABANDONED = (
    "The run stopped when the background worker stopped. Start a new run: it starts from "
    "the partnership IDs as they are and finishes the job."
)


@task()
def run_linkage(run_id: str) -> str:
    """Carry out a waiting run; returns how it ended. A failure is kept on the run."""
    from concord.linkage.services import execute

    run = LinkageRun.objects.get(pk=run_id)
    if run.status != RunStatus.WAITING:
        return run.status  # the task ran before
    return execute(run).status


def fail_abandoned_runs() -> int:
    """A run whose worker died mid-way stays "running" and blocks every new run: mark it
    failed, with the reason, once the worker that took it has stopped reporting. A run is
    cheap to start again, and the next one starts from the links as they are."""
    run_ids = [
        arguments[0]
        for arguments in heartbeat.abandoned_task_arguments(run_linkage.module_path)
        if arguments
    ]
    failed = 0
    for run in LinkageRun.objects.filter(pk__in=run_ids, status=RunStatus.RUNNING):
        ended = LinkageRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.FAILED, stage="", problem=ABANDONED, finished_at=timezone.now()
        )
        if ended:
            audit.record("linkage.run_abandoned", actor=run.started_by, target=run)
            failed += 1
    return failed
