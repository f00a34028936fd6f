"""The audit trail is append-only; sealing chains it with a key; verify_audit finds tampering."""

from __future__ import annotations

import hashlib
import itertools
import json
from datetime import UTC

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from concord.core import audit
from concord.core.models import AppendOnlyError, AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

KEY_1 = "the-first-audit-key-of-these-tests-0123456789"
KEY_2 = "the-second-audit-key-of-these-tests-987654321"


@pytest.fixture
def three_events(idva, person_a):
    for action in ("person.viewed", "person.changed", "person.viewed"):
        audit.record(action, actor=idva.user, agency=idva.agency, target=person_a)
    audit.seal()
    return list(AuditEvent.objects.order_by("sequence"))


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def record_events(count, action="person.viewed"):
    return [audit.record(action, object_type="people.person", object_id=n) for n in range(count)]


def sequences_in_written_order():
    return list(AuditEvent.objects.order_by("id").values_list("sequence", flat=True))


# Appending ----------------------------------------------------------------------------------


def test_recording_is_one_insert_that_locks_nothing_shared(idva, django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        event = audit.record("person.viewed", actor=idva.user, object_type="people.person")

    assert queries.captured_queries[0]["sql"].startswith("INSERT INTO")
    assert "auditchainhead" not in queries.captured_queries[0]["sql"].lower()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.sequence, stored.previous_hash, stored.hash, stored.key_id) == (None, "", "", "")


# Sealing ------------------------------------------------------------------------------------


def test_sealing_follows_the_order_events_were_written_without_gaps():
    record_events(5)

    assert audit.seal(limit=2) == 2
    assert sequences_in_written_order() == [1, 2, None, None, None]
    assert audit.seal() == 3
    assert sequences_in_written_order() == [1, 2, 3, 4, 5]
    assert audit.verify_chain() is None


def test_sealing_works_in_chunks(monkeypatch):
    monkeypatch.setattr(audit, "SEAL_CHUNK", 2)
    record_events(5)

    assert audit.seal() == 5
    assert sequences_in_written_order() == [1, 2, 3, 4, 5]
    assert AuditChainHead.objects.get().last_sequence == 5
    assert audit.verify_chain() is None


def test_sealing_nothing_pending_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert audit.seal() == 0


def test_an_event_written_after_sealing_gets_the_next_sequence(three_events):
    later = audit.record("person.viewed")
    audit.seal()

    later = AuditEvent.objects.get(pk=later.pk)
    assert later.sequence == 4
    assert later.previous_hash == three_events[-1].hash
    assert audit.verify_chain() is None


def test_backlog_counts_unsealed_events_and_names_the_oldest(three_events):
    assert audit.backlog() == (0, None)
    first, _ = record_events(2)

    assert audit.backlog() == (2, first.occurred_at)


def test_sealing_never_overwrites_a_sealed_event(three_events):
    sealed = three_events[0]
    forged = audit._Seal(sealed.id, 99, audit.GENESIS_HASH, "f" * 64)

    with pytest.raises(audit.SealingConflict):
        audit._write_seals([forged], "x")

    assert AuditEvent.objects.get(pk=sealed.pk).sequence == sealed.sequence


def test_sealed_events_name_their_key_not_the_key(three_events, settings):
    key_id = audit.key_id_for(settings.AUDIT_KEYS[0])

    assert {event.key_id for event in three_events} == {key_id}
    assert settings.AUDIT_KEYS[0] not in key_id


# Verifying ----------------------------------------------------------------------------------


def test_events_link_to_the_one_before(three_events):
    for previous, event in itertools.pairwise(three_events):
        assert event.previous_hash == previous.hash
        assert event.sequence == previous.sequence + 1
    assert audit.verify_chain() is None


def test_verify_audit_passes_on_an_intact_chain(three_events, capsys):
    call_command("verify_audit")

    assert f"{len(three_events)} events verified" in capsys.readouterr().out


def test_verify_audit_seals_pending_events_first(three_events, capsys):
    record_events(2)

    call_command("verify_audit")

    out = capsys.readouterr().out
    assert "5 events verified (2 sealed just now)" in out
    assert "No events wait to be sealed" in out


def test_verify_audit_without_sealing_reports_the_backlog(three_events, capsys):
    record_events(2)

    call_command("verify_audit", "--no-seal")

    out = capsys.readouterr().out
    assert "3 events verified" in out
    assert "2 events wait to be sealed; the oldest for 0 seconds" in out


def test_verify_audit_names_an_altered_event(three_events):
    altered = three_events[-2]
    raw("UPDATE core_auditevent SET action = %s WHERE id = %s", ["x", altered.id])

    with pytest.raises(CommandError, match=f"audit event {altered.sequence}: was altered"):
        call_command("verify_audit")


def test_verify_audit_names_a_removed_event(three_events):
    removed = three_events[-2]
    raw("DELETE FROM core_auditevent WHERE id = %s", [removed.id])

    with pytest.raises(CommandError, match=f"audit event {removed.sequence}: missing"):
        call_command("verify_audit")


def test_verify_audit_notices_the_newest_events_removed(three_events):
    raw("DELETE FROM core_auditevent WHERE id = %s", [three_events[-1].id])

    with pytest.raises(CommandError, match=r"audit event 3: missing \(events at the end were"):
        call_command("verify_audit")


def test_verify_audit_notices_the_chain_head_removed_with_the_newest_events(three_events):
    raw("DELETE FROM core_auditevent WHERE id = %s", [three_events[-1].id])
    raw("DELETE FROM core_auditchainhead")

    with pytest.raises(CommandError, match="audit event 2: is sealed, but the chain head is gone"):
        call_command("verify_audit", "--no-seal")


def test_verify_audit_notices_a_rewritten_hash_that_breaks_the_link(three_events):
    first = three_events[0]
    raw("UPDATE core_auditevent SET hash = %s WHERE id = %s", ["f" * 64, first.id])

    problem = audit.verify_chain()
    assert problem is not None
    assert problem.sequence == first.sequence


def test_events_cannot_be_changed_or_removed_through_the_app(three_events):
    event = three_events[0]
    event.action = "something.else"

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.unsealed().update(sequence=1)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_changes_name_fields_without_values(idva, person_a):
    event = audit.record(
        "person.changed", actor=idva.user, target=person_a, changes=["family_name", "given_name"]
    )

    assert event.changes == ["family_name", "given_name"]
    assert person_a.family_name not in str(AuditEvent.objects.get(pk=event.pk).changes)


@given(field=st.sampled_from(["action", "object_type", "object_id", "request_id", "key_id"]))
def test_any_change_to_an_event_changes_its_hash(field):
    event = AuditEvent(
        id=7,
        sequence=7,
        occurred_at=timezone.now(),
        action="person.viewed",
        object_type="people.person",
        object_id="abc",
        request_id="r1",
        previous_hash=audit.GENESIS_HASH,
        key_id="k1",
    )
    before = audit.event_hash(event)
    setattr(event, field, getattr(event, field) + "!")

    assert audit.event_hash(event) != before


def test_a_reason_is_covered_by_the_hash(idva, person_a):
    event = audit.record("person.sensitive_revealed", actor=idva.user, target=person_a, reason="x")
    audit.seal()
    raw("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["y", event.id])

    problem = audit.verify_chain()

    assert problem is not None
    assert problem.sequence == 1


# A forger with the database but not the key ------------------------------------------------


def plain_sha256(values):
    payload = {field: values[field] for field in audit.HASHED_FIELDS}
    payload["occurred_at"] = payload["occurred_at"].astimezone(UTC).isoformat()
    payload["actor_id"] = str(payload["actor_id"] or "")
    payload["agency_id"] = str(payload["agency_id"] or "")
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def rehash_the_whole_chain(hasher, up_to_sequence=None):
    """What someone who can write to the database does to hide a change: recompute every
    hash and link (up to ``up_to_sequence``), and move the head to match."""
    events = AuditEvent.objects.sealed().order_by("sequence").values(*audit.HASHED_FIELDS, "hash")
    previous = audit.GENESIS_HASH
    for event in events:
        if up_to_sequence is not None and event["sequence"] > up_to_sequence:
            break
        event["previous_hash"] = previous
        event["hash"] = previous = hasher(event)
        raw(
            "UPDATE core_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [event["previous_hash"], event["hash"], event["id"]],
        )
    if up_to_sequence is None:
        raw("UPDATE core_auditchainhead SET last_hash = %s", [previous])
    return previous


@pytest.mark.parametrize(
    "hasher",
    [plain_sha256, lambda values: audit.keyed_hash(b"a-key-the-forger-guessed", values)],
    ids=["plain SHA-256", "HMAC with a wrong key"],
)
def test_a_chain_rehashed_without_the_key_fails_at_its_first_event(three_events, hasher):
    raw("UPDATE core_auditevent SET action = %s WHERE id = %s", ["x", three_events[1].id])
    rehash_the_whole_chain(hasher)

    with pytest.raises(CommandError, match="audit event 1: was altered"):
        call_command("verify_audit")


# Rotating keys ------------------------------------------------------------------------------


def test_rotated_keys_keep_verifying_and_a_removed_key_names_its_first_event(settings):
    settings.AUDIT_KEYS = [KEY_1]
    record_events(2)
    audit.seal()
    settings.AUDIT_KEYS = [KEY_2, KEY_1]
    record_events(2)
    audit.seal()

    assert audit.verify_chain() is None
    key_ids = list(AuditEvent.objects.order_by("sequence").values_list("key_id", flat=True))
    assert key_ids == [audit.key_id_for(KEY_1)] * 2 + [audit.key_id_for(KEY_2)] * 2

    settings.AUDIT_KEYS = [KEY_2]
    assert audit.verify_chain() == audit.ChainProblem(1, "was sealed with an unknown key")


def test_a_rewrite_with_a_leaked_old_key_is_caught_where_the_next_key_begins(settings):
    settings.AUDIT_KEYS = [KEY_1]
    events = record_events(3)
    audit.seal()
    settings.AUDIT_KEYS = [KEY_2, KEY_1]
    record_events(2)
    audit.seal()
    raw("UPDATE core_auditevent SET action = %s WHERE id = %s", ["x", events[1].id])

    # Re-hashed with the old key, events 1 to 3 verify again, but event 4 still follows the
    # old event 3, and its own hash, made with the new key, covers that link.
    new_third = rehash_the_whole_chain(lambda v: audit.keyed_hash(KEY_1.encode(), v), 3)
    assert audit.verify_chain() == audit.ChainProblem(4, "does not follow the event before it")

    raw("UPDATE core_auditevent SET previous_hash = %s WHERE sequence = 4", [new_third])
    assert audit.verify_chain() == audit.ChainProblem(4, "was altered after it was sealed")
