"""Writing and verifying the audit trail.

Each event's hash covers its own fields and the previous event's hash, so altering or
removing any event breaks every link after it. ``verify_chain`` walks the chain.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from concord.core.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from concord.accounts.models import Agency, User

GENESIS_HASH = "0" * 64
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)


# The fields a hash covers, in the order verify_chain reads them from the database.
HASHED_FIELDS = (
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


def _hash(values: tuple[Any, ...]) -> str:
    payload = dict(zip(HASHED_FIELDS, values, strict=True))
    payload["occurred_at"] = payload["occurred_at"].astimezone(UTC).isoformat()
    payload["actor_id"] = str(payload["actor_id"] or "")
    payload["agency_id"] = str(payload["agency_id"] or "")
    if not payload["reason"]:
        # Events written before the reason field existed were hashed without it.
        del payload["reason"]
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def event_hash(event: AuditEvent) -> str:
    return _hash(tuple(getattr(event, field) for field in HASHED_FIELDS))


def record(
    action: str,
    *,
    actor: User | None = None,
    agency: Agency | None = None,
    target: Any = None,
    object_type: str = "",
    object_id: object = "",
    changes: Iterable[str] = (),
    reason: str = "",
) -> AuditEvent:
    """Append one event. ``changes`` names fields, never values. ``target`` is a model
    instance whose type and id are recorded."""
    if target is not None:
        object_type = target._meta.label_lower
        object_id = target.pk
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            sequence=head.last_sequence + 1,
            occurred_at=timezone.now(),
            actor=actor if actor is not None and actor.is_authenticated else None,
            agency=agency,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            changes=sorted(set(changes)),
            reason=reason,
            request_id=current_request_id.get(),
            previous_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_sequence = event.sequence
        head.last_hash = event.hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    reason: str

    def __str__(self) -> str:
        return f"audit event {self.sequence}: {self.reason}"


def verify_chain() -> ChainProblem | None:
    """Return the first problem in the chain, or None when it is intact."""
    expected_sequence = 1
    previous = GENESIS_HASH
    rows = AuditEvent.objects.order_by("sequence").values_list(*HASHED_FIELDS, "hash")
    for *values, stored_hash in rows.iterator(chunk_size=5000):
        sequence, previous_hash = values[0], values[-1]
        if sequence != expected_sequence:
            return ChainProblem(expected_sequence, "missing (the chain has a gap)")
        if previous_hash != previous:
            return ChainProblem(sequence, "does not follow the event before it")
        if _hash(tuple(values)) != stored_hash:
            return ChainProblem(sequence, "was altered after it was written")
        previous = stored_hash
        expected_sequence += 1
    head = AuditChainHead.objects.filter(id=1).first()
    last_written = head.last_sequence if head else 0
    if last_written != expected_sequence - 1 or (head and head.last_hash != previous):
        return ChainProblem(expected_sequence, "missing (events at the end were removed)")
    return None


def backlog() -> tuple[int, datetime | None]:
    """How many events wait to be sealed into the chain, and when the oldest happened."""
    # replaced by the sealing change
    return (0, None)
