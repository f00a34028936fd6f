"""The worker (`manage.py worker`): it waits out a locked database instead of dying, reports
itself alive, runs the registered maintenance jobs, and logs failures without messages."""

from __future__ import annotations

import logging
import os
import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django_tasks import task
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from concord.core import heartbeat, maintenance
from concord.core import worker as worker_module
from concord.core.models import WorkerHeartbeat
from concord.core.worker import Heartbeat

PERSONAL = "Sarah Ahmed, 12 Mill Lane"


@task()
def tidy_up() -> str:
    return "tidied"


@task()
def fail_with_personal_data() -> None:
    raise ValueError(f"could not import {PERSONAL}")


@task()
def wait_for_three_beats() -> int:
    """Stands in for a long import: holds the worker's main thread until the heartbeat
    thread has beaten three more times."""
    first = heartbeat.last_seen(remembered=False)
    beats = 0
    deadline = time.monotonic() + 10
    seen = first
    while beats < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
        now_seen = heartbeat.last_seen(remembered=False, ask_database=False)
        if now_seen != seen:
            beats, seen = beats + 1, now_seen
    return beats


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """Backoff pauses take no time in tests."""
    monkeypatch.setattr(worker_module.time, "sleep", lambda seconds: None)


def failing_once(original, error):
    calls = []

    def replacement(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error
        return original(*args, **kwargs)

    return replacement, calls


@pytest.mark.django_db(transaction=True)
def test_a_locked_database_while_claiming_is_waited_out(
    database_backend, task_worker, monkeypatch, caplog
):
    result = tidy_up.enqueue()
    locked, calls = failing_once(
        db_worker.exclusive_transaction, OperationalError("database is locked")
    )
    monkeypatch.setattr(db_worker, "exclusive_transaction", locked)

    with caplog.at_level(logging.INFO):
        task_worker()

    assert len(calls) >= 2
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert "worker.database_trouble where=loop error=OperationalError" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_locked_database_while_marking_the_result_is_waited_out(
    database_backend, task_worker, monkeypatch, caplog
):
    result = tidy_up.enqueue()
    locked, calls = failing_once(
        DBTaskResult.set_successful, OperationalError("database is locked")
    )
    monkeypatch.setattr(DBTaskResult, "set_successful", locked)

    with caplog.at_level(logging.INFO):
        task_worker()

    assert len(calls) == 2
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "SUCCESSFUL"
    assert stored.return_value == "tidied"
    assert "worker.database_trouble where=marking error=OperationalError" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_failed_task_is_logged_with_its_traceback_but_not_its_message(
    database_backend, task_worker, caplog
):
    result = fail_with_personal_data.enqueue()

    with caplog.at_level(logging.INFO):
        task_worker()

    assert DBTaskResult.objects.get(pk=result.id).status == "FAILED"
    assert f"task.failed id={result.id}" in caplog.text
    assert "builtins.ValueError (message withheld)" in caplog.text
    assert "in fail_with_personal_data" in caplog.text
    assert "Sarah" not in caplog.text
    assert "Mill Lane" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_worker_records_its_heartbeat(database_backend, task_worker):
    heartbeat.forget_memo()

    task_worker()

    assert WorkerHeartbeat.objects.count() == 1
    assert not heartbeat.is_stale(heartbeat.last_seen(remembered=False))


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_goes_on_while_a_long_task_runs(database_backend, task_worker, monkeypatch):
    monkeypatch.setattr(heartbeat, "BEAT_EVERY", timedelta(seconds=0.05))
    result = wait_for_three_beats.enqueue()

    task_worker()

    assert DBTaskResult.objects.get(pk=result.id).return_value == 3


@pytest.fixture
def registered_job(monkeypatch):
    """Registers jobs in a registry of their own, put back as it was afterwards."""
    monkeypatch.setattr(maintenance, "_jobs", {})

    def register(name, function, every=timedelta(minutes=5)):
        maintenance.register(name, function, every=every)

    return register


@pytest.mark.django_db(transaction=True)
def test_a_registered_maintenance_job_runs_in_the_worker(
    database_backend, task_worker, registered_job
):
    runs = []
    registered_job("count_runs", lambda: runs.append(1))

    task_worker()

    assert runs == [1]


def test_a_job_runs_again_after_its_period_and_not_before(registered_job):
    runs = []
    registered_job("count_runs", lambda: runs.append(1), every=timedelta(minutes=5))
    schedule = maintenance.Schedule()
    start = heartbeat.timezone.now()

    schedule.run_due(start)
    schedule.run_due(start + timedelta(minutes=4))
    schedule.run_due(start + timedelta(minutes=5))

    assert runs == [1, 1]


def test_a_failing_job_is_logged_without_its_message_and_tried_again_sooner(registered_job, caplog):
    def leaky() -> None:
        raise OperationalError(f"database is locked while sealing {PERSONAL}")

    registered_job("seal_audit_events", leaky, every=timedelta(hours=1))
    schedule = maintenance.Schedule()
    start = heartbeat.timezone.now()

    schedule.run_due(start)
    ran_again = schedule.run_due(start + timedelta(seconds=15))

    assert ran_again == ["seal_audit_events"]
    assert "maintenance.failed job=seal_audit_events failures=1 retry_in=15s" in caplog.text
    assert "failures=2 retry_in=30s" in caplog.text
    assert "django.db.utils.OperationalError (message withheld)" in caplog.text
    assert "in leaky" in caplog.text
    assert "Sarah" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_the_database_refuses_is_logged_and_the_beat_goes_on(
    monkeypatch, caplog, registered_job
):
    runs = []
    registered_job("count_runs", lambda: runs.append(1))

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(heartbeat, "beat_in_database", locked)
    heartbeat.forget_memo()

    Heartbeat("worker-1").tick()

    assert "worker.heartbeat_not_saved error=OperationalError" in caplog.text
    assert runs == [1]
    assert not heartbeat.is_stale(heartbeat.last_seen(remembered=False, ask_database=False))


def test_the_worker_lowers_its_priority_below_the_pages(settings, monkeypatch):
    from concord.core.management.commands import worker

    niced = []
    monkeypatch.setattr(worker.os, "nice", niced.append)
    settings.WORKER_NICENESS = 10
    worker.yield_to_pages()
    settings.WORKER_NICENESS = 0
    worker.yield_to_pages()

    assert niced == [10]


@pytest.mark.parametrize(("leads_its_session", "written"), [(True, "10\n"), (False, None)])
def test_a_worker_leading_its_own_session_lowers_the_session_share(
    settings, monkeypatch, tmp_path, leads_its_session, written
):
    from concord.core.management.commands import worker

    autogroup = tmp_path / "autogroup"
    monkeypatch.setattr(worker, "AUTOGROUP", autogroup)
    monkeypatch.setattr(worker.os, "nice", lambda niceness: None)
    session = os.getpid() if leads_its_session else os.getpid() + 1
    monkeypatch.setattr(worker.os, "getsid", lambda pid: session)
    settings.WORKER_NICENESS = 10

    worker.yield_to_pages()

    assert (autogroup.read_text() if autogroup.exists() else None) == written
