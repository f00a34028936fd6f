"""A run whose worker died mid-way is failed with the reason, so a new run can start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concord.core.models import AuditEvent, WorkerHeartbeat
from concord.linkage import services, tasks
from concord.linkage.models import LinkageRun, RunStatus

pytestmark = pytest.mark.django_db


def running_run(analyst, *, worker: str, started_minutes_ago: int = 10) -> LinkageRun:
    """A run its task's worker took ``started_minutes_ago`` and left running."""
    run = LinkageRun.objects.create(
        started_by=analyst.user, threshold=0.9, review_floor=0.5, status=RunStatus.RUNNING
    )
    started = timezone.now() - timedelta(minutes=started_minutes_ago)
    DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [str(run.pk)], "kwargs": {}},
        task_path=tasks.run_linkage.module_path,
        worker_ids=[worker],
        backend_name="default",
        run_after=started,
        started_at=started,
    )
    return run


def beat(worker: str, minutes_ago: int) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker, last_seen=timezone.now() - timedelta(minutes=minutes_ago)
    )


def test_a_run_whose_worker_stopped_reporting_is_failed_with_the_reason(analyst):
    run = running_run(analyst, worker="gone")
    beat("gone", minutes_ago=9)

    assert tasks.fail_abandoned_runs() == 1

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.problem == tasks.ABANDONED
    assert run.finished_at is not None
    assert AuditEvent.objects.filter(action="linkage.run_abandoned").count() == 1
    assert services.start_run(analyst).status == RunStatus.WAITING  # no longer blocked


def test_a_run_whose_worker_still_reports_is_left_alone(analyst):
    run = running_run(analyst, worker="alive")
    beat("alive", minutes_ago=0)

    assert tasks.fail_abandoned_runs() == 0

    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    with pytest.raises(ValidationError, match="already under way"):
        services.start_run(analyst)


def test_a_run_taken_moments_ago_is_not_judged_yet(analyst):
    running_run(analyst, worker="new", started_minutes_ago=0)

    assert tasks.fail_abandoned_runs() == 0
