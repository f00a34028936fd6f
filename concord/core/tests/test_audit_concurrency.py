"""Appending never waits for someone else's transaction; sealing makes one gapless chain.

Each test runs a second Django connection in a thread (a thread gets its own connection).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from concord.core import audit
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def in_another_connection(work):
    """Run ``work`` on a second connection and return what it returns and how long it took."""

    def timed():
        try:
            started = time.perf_counter()
            result = work()
            return result, time.perf_counter() - started
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(timed).result(timeout=30)


def record_and_seal():
    event = audit.record("person.viewed", object_type="people.person", object_id="other")
    audit.seal()
    return event.id


def sequence_of(event_id):
    return AuditEvent.objects.get(pk=event_id).sequence


def test_an_open_transaction_holds_up_nobody_elses_event_and_commits_late():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: see the test below")

    with transaction.atomic():  # an import, say, recording events and not yet committed
        held = [audit.record("case.imported", object_id=n).id for n in range(2)]
        other, seconds = in_another_connection(record_and_seal)
        assert seconds < 1.0  # it used to wait on the chain head until this transaction ended

    assert sequence_of(other) == 1  # sealed while the import's events were not yet visible
    assert audit.seal() == 2
    assert [sequence_of(event_id) for event_id in held] == [2, 3]  # committed late: later
    assert audit.verify_chain() is None


def test_two_connections_appending_in_turn_seal_into_one_chain():
    """On SQLite, as on PostgreSQL, appending takes no lock on the chain head, so neither
    connection waits for the other's sealing. What SQLite cannot do is let a second
    connection write while the first holds a write transaction open: it has one writer at a
    time (IMMEDIATE transactions), so there the second would wait, whatever the audit trail
    did. That is why long work commits in chunks (ADR 0006); this test shows only what
    SQLite allows: short transactions from two connections, interleaved."""
    ids = []
    for _ in range(3):
        ids.append(audit.record("person.viewed", object_id="first").id)
        other, seconds = in_another_connection(
            lambda: audit.record("person.viewed", object_id="second").id
        )
        ids.append(other)
        assert seconds < 1.0

    assert audit.seal() == 6
    assert [sequence_of(event_id) for event_id in ids] == [1, 2, 3, 4, 5, 6]
    assert audit.verify_chain() is None
