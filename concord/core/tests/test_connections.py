"""A persistent PostgreSQL connection that the server dropped is replaced before the next
request uses it (CONN_HEALTH_CHECKS), instead of that request answering 500."""

from __future__ import annotations

import io
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="terminating a backend needs PostgreSQL"
)


def test_connections_are_checked_before_reuse(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def serve(path: str) -> str:
    """One request through Django's WSGI handler, as gunicorn makes it: unlike the test
    client, it sends request_started, which lets Django check its old connections."""
    environ: dict = {"PATH_INFO": path, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    statuses: list[str] = []

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        statuses.append(status)

    WSGIHandler()(environ, start_response)  # type: ignore[arg-type]
    return statuses[0]


def terminate(pid: int) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_first_request_after_the_connection_was_killed_succeeds(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()
    assert serve("/healthz").startswith("200")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    terminate(pid)

    assert serve("/healthz").startswith("200")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
    connection.close()
