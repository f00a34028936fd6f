"""Linkage runs in the background (the worker: `manage.py worker`)."""

from __future__ import annotations

from django_tasks import task

from concord.linkage.models import LinkageRun, RunStatus


@task()
def run_linkage(run_id: str) -> str:
    """Carry out a waiting run; returns how it ended. A failure is kept on the run."""
    from concord.linkage.services import execute

    run = LinkageRun.objects.get(pk=run_id)
    if run.status != RunStatus.WAITING:
        return run.status  # the task ran before
    return execute(run).status
