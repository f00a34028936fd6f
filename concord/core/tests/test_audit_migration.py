"""Migration 0003 carries the plain SHA-256 chain over: verified as written, re-sealed with
the key, or stopped naming the first bad event."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from concord.core import audit
from concord.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

migration = importlib.import_module("concord.core.migrations.0003_audit_sealing")


def legacy_chain(count):
    """Events as the old audit.record wrote them: sequence, plain SHA-256, linked."""
    events, previous = [], migration.GENESIS_HASH
    started = timezone.now() - timedelta(days=1)
    for sequence in range(1, count + 1):
        event = {
            "sequence": sequence,
            "occurred_at": started + timedelta(seconds=sequence),
            "actor_id": None,
            "agency_id": None,
            "action": "person.viewed",
            "object_type": "people.person",
            "object_id": str(sequence),
            "changes": ["family_name"] if sequence == 2 else [],
            "reason": "safety_check" if sequence == 3 else "",
            "request_id": "r1",
            "previous_hash": previous,
        }
        event["hash"] = previous = migration.legacy_hash(event)
        events.append(event)
    return events, (count, previous)


def test_an_intact_old_chain_is_resealed_in_order_and_verifies(settings):
    events, head = legacy_chain(4)

    rows = list(migration.convert_legacy_chain(events, head, settings.AUDIT_KEYS[0]))
    AuditEvent.objects.bulk_create(AuditEvent(**row) for row in rows)
    migration.move_ids_on(connection, AuditEvent)
    AuditChainHead.objects.update_or_create(
        id=1, defaults={"last_sequence": 4, "last_hash": rows[-1]["hash"]}
    )

    assert [row["id"] for row in rows] == [row["sequence"] for row in rows] == [1, 2, 3, 4]
    assert {row["key_id"] for row in rows} == {audit.key_id_for(settings.AUDIT_KEYS[0])}
    assert audit.verify_chain() is None
    # New events carry on after the old ones.
    audit.record("person.viewed")
    audit.seal()
    assert audit.verify_chain() is None


def test_an_empty_trail_converts_to_nothing(settings):
    assert list(migration.convert_legacy_chain([], None, settings.AUDIT_KEYS[0])) == []


def convert(events, head):
    return list(migration.convert_legacy_chain(events, head, "k" * 32))


def test_an_altered_old_event_stops_the_migration_naming_it():
    events, head = legacy_chain(4)
    events[2]["action"] = "person.changed"

    with pytest.raises(migration.LegacyChainBroken, match="audit event 3: was altered"):
        convert(events, head)


def test_a_removed_old_event_stops_the_migration_naming_it():
    events, head = legacy_chain(4)
    del events[1]

    with pytest.raises(migration.LegacyChainBroken, match="audit event 2: missing"):
        convert(events, head)


def test_old_events_removed_at_the_end_stop_the_migration():
    events, head = legacy_chain(4)

    with pytest.raises(migration.LegacyChainBroken, match=r"audit event 4: missing \(events at"):
        convert(events[:3], head)


def test_an_old_chain_rehashed_in_a_forged_order_stops_the_migration():
    events, head = legacy_chain(3)
    events[1]["previous_hash"] = "f" * 64

    with pytest.raises(migration.LegacyChainBroken, match="audit event 2: does not follow"):
        convert(events, head)
