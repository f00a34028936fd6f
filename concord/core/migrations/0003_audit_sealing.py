"""Insert-then-seal audit events with a keyed chain (ADR 0007).

The events written so far were chained with plain SHA-256 as they were appended. This
migration verifies that chain as it was written and re-seals it, in the same order, with the
newest key in CONCORD_AUDIT_KEYS. When the old chain does not verify, it stops and names the
first bad event: re-sealing it would launder the tampering under a valid key.

The hashing is copied here, not imported, so that this migration keeps doing what it did
when later code changes; a test checks that what it writes verifies with concord.core.audit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

GENESIS_HASH = "0" * 64
BATCH = 2000
# The fields 0001/0002 hashed, in order; "reason" was left out when empty.
LEGACY_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "changes",
    "reason",
    "request_id",
    "previous_hash",
)
CONTENT_FIELDS = (
    "occurred_at",
    "actor_id",
    "agency_id",
    "action",
    "object_type",
    "object_id",
    "changes",
    "reason",
    "request_id",
)
SEALED_FIELDS = ("id", *CONTENT_FIELDS, "sequence", "previous_hash", "key_id")


class LegacyChainBroken(Exception):
    """The audit trail written before sealing does not verify; nothing was converted."""


def _canonical(payload: dict[str, Any]) -> bytes:
    payload["occurred_at"] = payload["occurred_at"].astimezone(UTC).isoformat()
    payload["actor_id"] = str(payload["actor_id"] or "")
    payload["agency_id"] = str(payload["agency_id"] or "")
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def legacy_hash(event: Mapping[str, Any]) -> str:
    """The plain SHA-256 the old ``audit.record`` gave an event."""
    payload = {field: event[field] for field in LEGACY_FIELDS}
    if not payload["reason"]:
        del payload["reason"]
    return hashlib.sha256(_canonical(payload)).hexdigest()


def sealed_hash(secret: bytes, event: Mapping[str, Any]) -> str:
    """The keyed hash ``audit.seal`` gives an event (HMAC-SHA256)."""
    payload = {field: event[field] for field in SEALED_FIELDS}
    return hmac.new(secret, _canonical(payload), hashlib.sha256).hexdigest()


def key_id_for(secret: str) -> str:
    return hashlib.sha256(b"concord-audit-key-id:" + secret.encode()).hexdigest()[:12]


def _broken(sequence: int, reason: str) -> LegacyChainBroken:
    return LegacyChainBroken(
        f"The audit trail does not verify at audit event {sequence}: {reason}. It is not "
        "re-sealed, because sealing it would hide the tampering; investigate and restore "
        "the trail from a backup first (docs/adr/0007-audit-sealing.md)."
    )


def convert_legacy_chain(
    events: Iterable[Mapping[str, Any]], head: tuple[int, str] | None, secret: str
) -> Iterator[dict[str, Any]]:
    """Verify the plain chain (``events`` in sequence order, ``head`` the old chain head's
    sequence and hash) and yield each event re-sealed with ``secret``, keeping its sequence as
    its id. Raises LegacyChainBroken naming the first bad event."""
    key, key_id = secret.encode(), key_id_for(secret)
    expected, legacy_previous, previous = 1, GENESIS_HASH, GENESIS_HASH
    for event in events:
        if event["sequence"] != expected:
            raise _broken(expected, "missing (the chain has a gap)")
        if event["previous_hash"] != legacy_previous:
            raise _broken(expected, "does not follow the event before it")
        if legacy_hash(event) != event["hash"]:
            raise _broken(expected, "was altered after it was written")
        legacy_previous = event["hash"]
        row = {field: event[field] for field in CONTENT_FIELDS}
        row |= {"id": expected, "sequence": expected, "previous_hash": previous, "key_id": key_id}
        row["hash"] = previous = sealed_hash(key, row)
        yield row
        expected += 1
    last = expected - 1
    head_sequence, head_hash = head or (0, GENESIS_HASH)
    if head_sequence > last:
        raise _broken(last + 1, "missing (events at the end were removed)")
    if head_sequence != last or head_hash != legacy_previous:
        raise _broken(last, "does not match the chain head")


def carry_events_over(apps: Any, schema_editor: Any) -> None:
    """Copy the verified, re-sealed events into the new table in batches and move the head."""
    legacy = apps.get_model("core", "AuditEvent")
    sealed = apps.get_model("core", "SealedAuditEvent")
    chain_head = apps.get_model("core", "AuditChainHead")
    old_head = chain_head.objects.filter(id=1).first()
    head = (old_head.last_sequence, old_head.last_hash) if old_head else None
    rows = legacy.objects.order_by("sequence").values(*LEGACY_FIELDS, "hash")
    batch: list[Any] = []
    last_sequence, last_hash = 0, GENESIS_HASH
    for row in convert_legacy_chain(rows.iterator(chunk_size=BATCH), head, settings.AUDIT_KEYS[0]):
        batch.append(sealed(**row))
        last_sequence, last_hash = row["sequence"], row["hash"]
        if len(batch) == BATCH:
            sealed.objects.bulk_create(batch)
            batch = []
    sealed.objects.bulk_create(batch)
    chain_head.objects.update_or_create(
        id=1, defaults={"last_sequence": last_sequence, "last_hash": last_hash}
    )
    connection = schema_editor.connection
    move_ids_on(connection, sealed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Check the foreign keys now, so the table can be renamed in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def move_ids_on(connection: Any, model: Any) -> None:
    """Ids were given explicitly: make the next id generated follow them (PostgreSQL keeps a
    separate sequence; SQLite follows the largest id by itself)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_auditevent_reason"),
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SealedAuditEvent",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("occurred_at", models.DateTimeField()),
                ("action", models.CharField(max_length=80)),
                ("object_type", models.CharField(blank=True, max_length=80)),
                ("object_id", models.CharField(blank=True, max_length=64)),
                ("changes", models.JSONField(blank=True, default=list)),
                (
                    "reason",
                    models.CharField(
                        blank=True,
                        help_text="A code, never free text: why a record was revealed",
                        max_length=60,
                    ),
                ),
                ("request_id", models.CharField(blank=True, max_length=64)),
                ("sequence", models.BigIntegerField(blank=True, null=True, unique=True)),
                ("previous_hash", models.CharField(blank=True, max_length=64)),
                ("hash", models.CharField(blank=True, max_length=64)),
                ("key_id", models.CharField(blank=True, max_length=16)),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "agency",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
            ],
            options={
                "ordering": ["id"],
                "indexes": [
                    models.Index(
                        fields=["object_type", "object_id", "id"], name="core_audit_object_idx"
                    ),
                    models.Index(
                        condition=models.Q(("sequence__isnull", True)),
                        fields=["id"],
                        name="core_audit_unsealed_idx",
                    ),
                ],
            },
        ),
        # Irreversible: a keyed chain is not turned back into a plain one.
        migrations.RunPython(carry_events_over),
        migrations.DeleteModel(name="AuditEvent"),
        migrations.RenameModel(old_name="SealedAuditEvent", new_name="AuditEvent"),
    ]
