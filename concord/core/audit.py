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
from datetime import UTC
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


def event_hash(event: AuditEvent) -> str:
    payload = {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(),
        "actor": str(event.actor_id or ""),
        "agency": str(event.agency_id or ""),
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "changes": event.changes,
        "request_id": event.request_id,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(
    action: str,
    *,
    actor: User | None = None,
    agency: Agency | None = None,
    target: Any = None,
    object_type: str = "",
    object_id: object = "",
    changes: Iterable[str] = (),
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
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            return ChainProblem(expected_sequence, "missing (the chain has a gap)")
        if event.previous_hash != previous:
            return ChainProblem(event.sequence, "does not follow the event before it")
        if event_hash(event) != event.hash:
            return ChainProblem(event.sequence, "was altered after it was written")
        previous = event.hash
        expected_sequence += 1
    head = AuditChainHead.objects.filter(id=1).first()
    last_written = head.last_sequence if head else 0
    if last_written != expected_sequence - 1 or (head and head.last_hash != previous):
        return ChainProblem(expected_sequence, "missing (events at the end were removed)")
    return None
