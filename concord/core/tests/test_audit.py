"""The audit trail is append-only and hash-chained; verify_audit finds tampering."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from concord.core import audit
from concord.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events(idva, person_a):
    for action in ("person.viewed", "person.changed", "person.viewed"):
        audit.record(action, actor=idva.user, agency=idva.agency, target=person_a)
    return list(AuditEvent.objects.order_by("sequence"))


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_events_link_to_the_one_before(three_events):
    for previous, event in itertools.pairwise(three_events):
        assert event.previous_hash == previous.hash
        assert event.sequence == previous.sequence + 1
    assert audit.verify_chain() is None


def test_verify_audit_passes_on_an_intact_chain(three_events, capsys):
    call_command("verify_audit")

    assert f"{len(three_events)} events verified" in capsys.readouterr().out


def test_verify_audit_names_an_altered_event(three_events):
    altered = three_events[-2]
    raw("UPDATE core_auditevent SET action = %s WHERE sequence = %s", ["x", altered.sequence])

    with pytest.raises(CommandError, match=f"audit event {altered.sequence}: was altered"):
        call_command("verify_audit")


def test_verify_audit_names_a_removed_event(three_events):
    removed = three_events[-2]
    raw("DELETE FROM core_auditevent WHERE sequence = %s", [removed.sequence])

    with pytest.raises(CommandError, match=f"audit event {removed.sequence}: missing"):
        call_command("verify_audit")


def test_verify_audit_notices_the_newest_events_removed(three_events):
    raw("DELETE FROM core_auditevent WHERE sequence = %s", [three_events[-1].sequence])

    with pytest.raises(CommandError, match="events at the end were removed"):
        call_command("verify_audit")


def test_verify_audit_notices_a_rewritten_hash_that_breaks_the_link(three_events):
    first = three_events[0]
    raw("UPDATE core_auditevent SET hash = %s WHERE sequence = %s", ["f" * 64, first.sequence])

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
        AuditEvent.objects.all().delete()


def test_changes_name_fields_without_values(idva, person_a):
    event = audit.record(
        "person.changed", actor=idva.user, target=person_a, changes=["family_name", "given_name"]
    )

    assert event.changes == ["family_name", "given_name"]
    assert person_a.family_name not in str(AuditEvent.objects.get(pk=event.pk).changes)


@given(field=st.sampled_from(["action", "object_type", "object_id", "request_id"]))
def test_any_change_to_an_event_changes_its_hash(field):
    event = AuditEvent(
        sequence=7,
        occurred_at=timezone.now(),
        action="person.viewed",
        object_type="people.person",
        object_id="abc",
        request_id="r1",
        previous_hash=audit.GENESIS_HASH,
    )
    before = audit.event_hash(event)
    setattr(event, field, getattr(event, field) + "!")

    assert audit.event_hash(event) != before


def test_a_reason_is_covered_by_the_hash(idva, person_a):
    event = audit.record("person.sensitive_revealed", actor=idva.user, target=person_a, reason="x")
    raw("UPDATE core_auditevent SET reason = %s WHERE sequence = %s", ["y", event.sequence])

    problem = audit.verify_chain()

    assert problem is not None
    assert problem.sequence == event.sequence
