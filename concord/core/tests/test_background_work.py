"""Telling people that background work has stopped: the banner for service managers and
administrators, and /healthz for whoever runs Concord."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.core import audit, heartbeat
from concord.core.presenters import background_work_stopped, govuk_date

BANNER = "Background work has stopped"


@pytest.fixture(autouse=True)
def fresh_heartbeat():
    heartbeat.forget_memo()
    caches["heartbeat"].clear()
    yield
    heartbeat.forget_memo()


@pytest.fixture
def worker_needed(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_reported(minutes_ago: float) -> None:
    heartbeat.beat_in_cache(timezone.now() - timedelta(minutes=minutes_ago))


@pytest.mark.parametrize("persona", ["manager_a", "agency_admin_a", "system_admin"])
def test_managers_and_administrators_are_told_when_the_worker_has_stopped(
    request, signed_in, worker_needed, persona
):
    reported = timezone.now() - timedelta(minutes=10)
    heartbeat.beat_in_cache(reported)

    page = signed_in(request.getfixturevalue(persona)).get("/").content.decode()

    assert BANNER in page
    # no full stop: just after midnight, the day follows the time ("at 23:58 on 6 December")
    assert f"the worker last reported at {timezone.localtime(reported):%H:%M}" in page
    assert "Tell whoever runs Concord" in page


def test_a_report_from_an_earlier_day_gives_the_day_with_the_time():
    today = timezone.localdate()
    before_midnight = timezone.make_aware(
        datetime(today.year, today.month, today.day, 23, 58) - timedelta(days=1)
    )
    this_morning = timezone.make_aware(datetime(today.year, today.month, today.day, 0, 0))

    earlier = background_work_stopped(before_midnight)
    assert earlier.endswith(f"at 23:58 on {govuk_date(today - timedelta(days=1))}.")
    assert background_work_stopped(this_morning).endswith("at 00:00.")


def test_a_worker_never_seen_is_reported_too(signed_in, manager_a, worker_needed):
    page = signed_in(manager_a).get("/").content.decode()

    assert BANNER in page
    assert "the worker has not reported for at least a day" in page


def test_no_banner_while_the_worker_reports(signed_in, manager_a, worker_needed):
    worker_reported(minutes_ago=1)
    client = signed_in(manager_a)

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()

    assert BANNER not in page
    assert not [q for q in queries.captured_queries if "workerheartbeat" in q["sql"].lower()]


def test_a_heartbeat_in_the_database_counts_when_the_cache_has_none(
    signed_in, manager_a, worker_needed
):
    heartbeat.beat_in_database("worker-on-another-machine", timezone.now())

    page = signed_in(manager_a).get("/").content.decode()

    assert BANNER not in page


@pytest.mark.parametrize("persona", ["idva", "commissioner", "police_rep"])
def test_other_roles_never_see_the_banner(request, signed_in, worker_needed, persona):
    worker_reported(minutes_ago=60)

    page = signed_in(request.getfixturevalue(persona)).get("/").content.decode()

    assert BANNER not in page


def test_no_banner_when_tasks_need_no_worker(signed_in, manager_a):
    # The test suite's task backend runs each task at once, inside the request.
    page = signed_in(manager_a).get("/").content.decode()

    assert BANNER not in page


def healthz() -> tuple[int, dict]:
    response = Client().get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthz_is_public_and_says_all_is_well(worker_needed, django_assert_max_num_queries):
    worker_reported(minutes_ago=0.25)

    with django_assert_max_num_queries(3):
        status, body = healthz()

    assert status == 200
    seen = body["worker"].pop("last_seen_seconds_ago")
    assert 15 <= seen < 20  # 15 s, and a busy machine's seconds until the request
    assert body == {
        "status": "ok",
        "database": {"reachable": True},
        "worker": {"needed": True, "stale": False},
        "audit": {"unsealed_events": 0, "oldest_unsealed_seconds_ago": None, "behind": False},
    }


@pytest.mark.django_db
def test_healthz_fails_when_the_worker_is_stale(worker_needed):
    worker_reported(minutes_ago=4)

    status, body = healthz()

    assert status == 503
    assert body["status"] == "failing"
    assert body["worker"]["stale"] is True
    # Four minutes, and a second more if the clock ticked between the report and the ask.
    assert body["worker"]["last_seen_seconds_ago"] in (240, 241)


@pytest.mark.django_db
def test_healthz_fails_when_audit_sealing_falls_behind(worker_needed, monkeypatch, settings):
    worker_reported(minutes_ago=0)
    settings.AUDIT_BACKLOG_LIMIT = timedelta(minutes=15)
    oldest = timezone.now() - timedelta(minutes=16)
    monkeypatch.setattr(audit, "backlog", lambda: (42, oldest))

    status, body = healthz()

    assert status == 503
    assert body["audit"]["unsealed_events"] == 42
    assert body["audit"]["oldest_unsealed_seconds_ago"] >= 16 * 60
    assert body["audit"]["behind"] is True


@pytest.mark.django_db
def test_healthz_tolerates_a_backlog_younger_than_the_limit(worker_needed, monkeypatch):
    worker_reported(minutes_ago=0)
    monkeypatch.setattr(audit, "backlog", lambda: (42, timezone.now() - timedelta(minutes=2)))

    status, body = healthz()

    assert status == 200
    assert body["audit"]["behind"] is False


@pytest.mark.django_db
def test_healthz_fails_when_the_database_is_unreachable(worker_needed, monkeypatch):
    worker_reported(minutes_ago=0)

    def unreachable(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", unreachable)

    status, body = healthz()

    assert status == 503
    assert body["database"] == {"reachable": False}
    assert body["worker"]["stale"] is False
    assert body["audit"]["unsealed_events"] is None


@pytest.mark.django_db
def test_healthz_needs_no_worker_where_tasks_run_at_once():
    status, body = healthz()

    assert status == 200
    assert body["worker"] == {"needed": False, "last_seen_seconds_ago": None, "stale": False}
