"""Writing, sealing and verifying the audit trail (ADR 0007).

``record`` only inserts an unsealed event: it locks nothing shared, so a long transaction
(an import) never makes anyone else's audited read wait. ``seal`` later gives pending
events, in the order they were written, consecutive places in a chain: each sealed event's
keyed hash (HMAC-SHA256 with a key kept apart from the database) covers its own fields and
the hash of the event before it, so altering, removing or re-hashing any sealed event breaks
the chain from there on. ``verify_chain`` walks it.

``save_changes`` is the one way a service changes a record's fields and records which.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models, transaction
from django.db.models import Count, Min, Model
from django.utils import timezone

from concord.core.models import AuditChainHead, AuditEvent

M = TypeVar("M", bound=models.Model)

GENESIS_HASH = "0" * 64
# Events sealed per transaction: the head stays locked for milliseconds, not seconds.
SEAL_CHUNK = 500
VERIFY_CHUNK = 5000
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)

# What an event says, as written by ``record``; sealing adds its place in the chain.
CONTENT_FIELDS = (
    "id",
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
CHAIN_FIELDS = ("sequence", "previous_hash", "key_id")
HASHED_FIELDS = CONTENT_FIELDS + CHAIN_FIELDS


class SealingConflict(Exception):
    """Raised when an event about to be sealed was sealed already: nothing is overwritten."""


# Keys ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditKey:
    """One key from CONCORD_AUDIT_KEYS and the short id sealed events name it by."""

    key_id: str
    secret: bytes


def key_id_for(secret: str) -> str:
    """A short id derived from a key, safe to store beside the events it sealed."""
    return hashlib.sha256(b"concord-audit-key-id:" + secret.encode()).hexdigest()[:12]


def audit_keys() -> list[AuditKey]:
    """The configured keys, newest first: the first seals, every one still verifies."""
    return [AuditKey(key_id_for(secret), secret.encode()) for secret in settings.AUDIT_KEYS]


# Hashing ------------------------------------------------------------------------------------


def keyed_hash(secret: bytes, values: Mapping[str, Any]) -> str:
    """HMAC-SHA256 over a canonical JSON form of an event's hashed fields."""
    payload = {field: values[field] for field in HASHED_FIELDS}
    payload["occurred_at"] = payload["occurred_at"].astimezone(UTC).isoformat()
    payload["actor_id"] = str(payload["actor_id"] or "")
    payload["agency_id"] = str(payload["agency_id"] or "")
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hmac.new(secret, canonical.encode(), hashlib.sha256).hexdigest()


def event_hash(event: AuditEvent, secret: bytes | None = None) -> str:
    """The hash ``event`` has (or would have) when sealed with ``secret`` (default: the
    newest key)."""
    if secret is None:
        secret = audit_keys()[0].secret
    return keyed_hash(secret, {field: getattr(event, field) for field in HASHED_FIELDS})


# Writing ------------------------------------------------------------------------------------


def record(
    action: str,
    *,
    actor: AbstractBaseUser | None = None,
    agency: Model | None = None,
    target: Any = None,
    object_type: str = "",
    object_id: object = "",
    changes: Iterable[str] = (),
    reason: str = "",
) -> AuditEvent:
    """Append one unsealed event: a single INSERT, no lock on any shared row. ``changes``
    names fields, never values. ``target`` is a model instance whose type and id are
    recorded."""
    if target is not None:
        object_type = target._meta.label_lower
        object_id = target.pk
    event = AuditEvent(
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        agency_id=agency.pk if agency is not None else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        changes=sorted(set(changes)),
        reason=reason,
        request_id=current_request_id.get(),
    )
    event.save(force_insert=True)
    return event


def save_changes(
    instance: M,
    values: Mapping[str, Any],
    action: str,
    *,
    actor: AbstractBaseUser | None,
    agency: Model | None,
    target: Any = None,
    prefix: str = "",
    exclude: Collection[str] = (),
    check: Callable[[M], None] | None = None,
    also_changed: Iterable[str] = (),
    only_if_changed: bool = False,
) -> M:
    """Set ``values`` on ``instance``, validate it (``check`` first, for rules across its
    fields, then ``full_clean`` without ``exclude``), save it, and record one ``action``
    event naming the fields that changed, never their values: every field given, for a
    record not saved before. ``also_changed`` names changes made beside it (related rows).

    The event is about ``target`` (``instance`` unless given); ``prefix`` names the record
    within it, as in "housing_record.options_outcome". With ``only_if_changed`` nothing is
    recorded when nothing changed. The whole record is saved, so that fields a model
    derives in ``clean`` or ``save`` stay in step.
    """
    if instance._state.adding:
        changed = list(values)
    else:
        changed = [field for field, value in values.items() if getattr(instance, field) != value]
    for field, value in values.items():
        setattr(instance, field, value)
    if check is not None:
        check(instance)
    instance.full_clean(exclude=exclude)
    instance.save()
    changed.extend(also_changed)
    if changed or not only_if_changed:
        record(
            action,
            actor=actor,
            agency=agency,
            target=instance if target is None else target,
            changes=[prefix + field for field in changed],
        )
    return instance


# Sealing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Seal:
    id: int
    sequence: int
    previous_hash: str
    hash: str


def seal(limit: int | None = None) -> int:
    """Seal pending events in the order they were written, a chunk per short transaction;
    return how many were sealed. ``limit`` caps the number (None: all pending)."""
    total = 0
    while limit is None or total < limit:
        size = SEAL_CHUNK if limit is None else min(SEAL_CHUNK, limit - total)
        if not AuditEvent.objects.unsealed().exists():
            break  # nothing to do, so no write lock taken (SQLite has one writer)
        sealed = _seal_chunk(size)
        total += sealed
        if sealed < size:
            break
    return total


def backlog() -> tuple[int, datetime | None]:
    """How many events wait to be sealed and when the oldest of them happened. Until an
    event is sealed, its removal would go unnoticed: this is that window."""
    waiting = AuditEvent.objects.unsealed().aggregate(count=Count("id"), oldest=Min("occurred_at"))
    return waiting["count"], waiting["oldest"]


@transaction.atomic
def _seal_chunk(size: int) -> int:
    """Lock the chain head, give up to ``size`` pending events the next sequences, move the
    head. The lock lasts this one transaction."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
    pending = AuditEvent.objects.unsealed().order_by("id").values(*CONTENT_FIELDS)[:size]
    key = audit_keys()[0]
    seals: list[_Seal] = []
    sequence, previous = head.last_sequence, head.last_hash
    for content in pending:
        sequence += 1
        chain = {"sequence": sequence, "previous_hash": previous, "key_id": key.key_id}
        sealed_hash = keyed_hash(key.secret, content | chain)
        seals.append(_Seal(content["id"], sequence, previous, sealed_hash))
        previous = sealed_hash
    if not seals:
        return 0
    _write_seals(seals, key.key_id)
    head.last_sequence, head.last_hash = sequence, previous
    head.save(update_fields=["last_sequence", "last_hash"])
    return len(seals)


def _write_seals(seals: list[_Seal], key_id: str) -> None:
    """The one write allowed past the append-only guard (AuditEventQuerySet.update): fill in
    the chain fields of events that are still unsealed. A sealed event is never overwritten.
    Plain SQL in one batch: building the same UPDATE from ORM expressions cost ~1 ms an event."""
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(AuditEvent._meta.db_table)} SET sequence = %s, previous_hash = %s, "  # noqa: S608 (a quoted table name; values are parameters)
        "hash = %s, key_id = %s WHERE id = %s AND sequence IS NULL"
    )
    rows = [(item.sequence, item.previous_hash, item.hash, key_id, item.id) for item in seals]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        written = cursor.rowcount
    if written != len(seals):
        raise SealingConflict("An audit event about to be sealed was sealed already")


# Verifying ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"audit event {self.sequence}: {self.reason}"


@dataclass(frozen=True)
class ChainCheck:
    """How many sealed events were verified, and the first problem found (None: intact)."""

    verified: int
    problem: ChainProblem | None


def verify_chain() -> ChainProblem | None:
    """Return the first problem in the sealed chain, or None when it is intact."""
    return check_chain().problem


def check_chain() -> ChainCheck:
    """Walk the sealed chain in order, in chunks, checking each event's link, key and hash,
    then that the chain reaches the head (the newest events were not removed)."""
    keys = {key.key_id: key.secret for key in audit_keys()}
    # The head is read first: events sealed while we walk only lengthen the chain.
    head = AuditChainHead.objects.filter(id=1).first()
    head_sequence, head_hash = (head.last_sequence, head.last_hash) if head else (0, GENESIS_HASH)
    hash_at_head = GENESIS_HASH if head_sequence == 0 else None
    expected, previous = 1, GENESIS_HASH
    rows = AuditEvent.objects.sealed().order_by("sequence").values(*HASHED_FIELDS, "hash")
    for event in rows.iterator(chunk_size=VERIFY_CHUNK):
        problem = _event_problem(event, expected, previous, keys)
        if problem is not None:
            return ChainCheck(expected - 1, problem)
        previous = event["hash"]
        if expected == head_sequence:
            hash_at_head = previous
        expected += 1
    verified = expected - 1
    if verified < head_sequence:
        return ChainCheck(
            verified, ChainProblem(expected, "missing (events at the end were removed)")
        )
    if head is None and verified:
        return ChainCheck(verified, ChainProblem(verified, "is sealed, but the chain head is gone"))
    if hash_at_head != head_hash:
        return ChainCheck(verified, ChainProblem(head_sequence, "does not match the chain head"))
    return ChainCheck(verified, None)


def _event_problem(
    event: dict[str, Any], expected: int, previous: str, keys: Mapping[str, bytes]
) -> ChainProblem | None:
    if event["sequence"] != expected:
        return ChainProblem(expected, "missing (the chain has a gap)")
    if event["previous_hash"] != previous:
        return ChainProblem(expected, "does not follow the event before it")
    secret = keys.get(event["key_id"])
    if secret is None:
        return ChainProblem(expected, "was sealed with an unknown key")
    if not hmac.compare_digest(keyed_hash(secret, event), event["hash"]):
        return ChainProblem(expected, "was altered after it was sealed")
    return None
