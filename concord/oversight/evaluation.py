"""Judging the audit trail against the alert rules, in the worker (a maintenance job).

Each run reads the events written since the last one, a chunk per short transaction. For
each enabled rule, one set-based query finds the chunk's counted events, and a second the
same users' counted events over the rule's window back from the first of them; the window
is judged in Python (``oversight.watch``). With nothing new to judge no transaction is
opened, so an idle run takes no write lock (SQLite has one writer). Events of the last
``SETTLE`` are left to the next run, so that a request still committing its events is not
passed over. The run and the alerts it raises commit together, and the run moves the
scan's place only if no other worker moved it meanwhile, so two workers never raise the
same alert twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Membership
from concord.core import audit
from concord.core.models import AuditEvent
from concord.oversight.models import Alert, AlertEvidence, AlertKind, AlertRule, AlertScan
from concord.oversight.watch import Burst, Sighting, bursts
from concord.people.matching import sounds_like_full_name
from concord.people.models import Person

SCAN_CHUNK = 2000
SETTLE = timedelta(seconds=30)
PERSON = "people.person"
PERSON_READS = ("person.viewed", "person.viewed_through_break_glass")
REVEALS = ("person.sensitive_revealed", "marac_referral.safe_contact_revealed")
EVENT_FIELDS = ("id", "actor_id", "agency_id", "occurred_at", "object_type", "object_id")


@dataclass(frozen=True)
class Counted:
    """What a rule counts: these actions, and whether distinct records or every event."""

    actions: tuple[str, ...]
    distinct_records: bool


COUNTED = {
    AlertKind.MANY_RECORDS: Counted(PERSON_READS, distinct_records=True),
    AlertKind.RESTRICTED_SEARCH: Counted(("people.search_matched_restricted",), False),
    AlertKind.COLLEAGUE_RECORD: Counted(PERSON_READS, distinct_records=False),
    AlertKind.MANY_REVEALS: Counted(REVEALS, distinct_records=False),
}


def evaluate_alert_rules(now: datetime | None = None) -> int:
    """Judge every event written up to ``SETTLE`` before ``now``; return the alerts raised."""
    cutoff = (now or timezone.now()) - SETTLE
    raised = 0
    while _anything_to_judge(cutoff) and (chunk := _evaluate_chunk(cutoff)) is not None:
        raised += chunk
    return raised


def _anything_to_judge(cutoff: datetime) -> bool:
    scan = AlertScan.objects.filter(id=1).first()
    after = scan.last_event_id if scan else 0
    return AuditEvent.objects.filter(id__gt=after, occurred_at__lte=cutoff).exists()


@transaction.atomic
def _evaluate_chunk(cutoff: datetime) -> int | None:
    """Judge the next chunk of events; None when there is none (or another worker has
    just judged it)."""
    scan, _ = AlertScan.objects.get_or_create(id=1)
    after = scan.last_event_id
    upto = _chunk_end(after, cutoff)
    if upto is None:
        return None
    raised = sum(_apply(rule, after, upto) for rule in AlertRule.objects.filter(is_enabled=True))
    if not AlertScan.objects.filter(id=1, last_event_id=after).update(last_event_id=upto):
        transaction.set_rollback(True)
        return None
    return raised


def _chunk_end(after: int, cutoff: datetime) -> int | None:
    """The id of the last event of the next chunk: events in the order written, stopping
    before the first too new to judge."""
    upto = None
    rows = AuditEvent.objects.filter(id__gt=after).order_by("id")
    for event_id, occurred_at in rows.values_list("id", "occurred_at")[:SCAN_CHUNK]:
        if occurred_at > cutoff:
            break
        upto = event_id
    return upto


def _apply(rule: AlertRule, after: int, upto: int) -> int:
    kind = AlertKind(rule.kind)
    counted = COUNTED[kind]
    width = timedelta(minutes=rule.window_minutes)
    events = AuditEvent.objects.filter(
        id__lte=upto, action__in=counted.actions, actor__isnull=False, agency__isnull=False
    )
    new = _counted_by(kind, list(events.filter(id__gt=after).values(*EVENT_FIELDS)))
    if not new:
        return 0
    # The window back from the first new event, for the users who did something counted.
    window = events.filter(
        actor_id__in={row["actor_id"] for row in new},
        occurred_at__gt=min(row["occurred_at"] for row in new) - width,
    )
    found = bursts(
        (_sighting(row) for row in _counted_by(kind, list(window.values(*EVENT_FIELDS)))),
        more_than=rule.more_than,
        minutes=rule.window_minutes,
        distinct_records=counted.distinct_records,
        new_after=after,
    )
    return sum(_raise(kind, burst, width) for burst in found)


def _counted_by(kind: AlertKind, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return colleagues_records(rows) if kind == AlertKind.COLLEAGUE_RECORD else rows


def _sighting(row: dict[str, Any]) -> Sighting:
    return Sighting(
        event_id=row["id"],
        actor_id=row["actor_id"],
        agency_id=row["agency_id"],
        at=row["occurred_at"],
        record=f"{row['object_type']}:{row['object_id']}",
    )


def colleagues_records(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reads of a person whose given and family names sound like the full name of
    someone with an active role at the reader's agency (the reader included), leaving out
    a restricted record's reads by its named workers: looking after it is their job."""
    person_ids = {row["object_id"] for row in rows if row["object_type"] == PERSON}
    names = {
        str(pk): (given, family)
        for pk, given, family in Person.objects.filter(pk__in=person_ids).values_list(
            "pk", "given_name_keys", "family_name_keys"
        )
    }
    staff: dict[str, list[str]] = {}
    memberships = Membership.objects.active().filter(
        agency_id__in={row["agency_id"] for row in rows}
    )
    for agency_id, full_name in memberships.values_list("agency_id", "user__full_name"):
        staff.setdefault(str(agency_id), []).append(full_name)
    named = {
        (str(person_id), str(user_id))
        for person_id, user_id in Person.named_workers.through.objects.filter(
            person_id__in=person_ids
        ).values_list("person_id", "user_id")
    }
    return [
        row
        for row in rows
        if row["object_id"] in names
        and (row["object_id"], str(row["actor_id"])) not in named
        and _sounds_like_staff(names[row["object_id"]], staff.get(str(row["agency_id"]), []))
    ]


def _sounds_like_staff(keys: tuple[str, str], full_names: Iterable[str]) -> bool:
    given, family = keys
    return any(sounds_like_full_name(full_name, given, family) for full_name in full_names)


def _raise(kind: AlertKind, burst: Burst, width: timedelta) -> int:
    """Add the burst's events to the user's open alert of this kind if its last event is
    within the window, else raise a new alert; return how many were raised."""
    assert burst.first_at is not None and burst.last_at is not None
    alert = (
        Alert.objects.open()
        .filter(
            kind=kind,
            subject_id=UUID(str(burst.actor_id)),
            subject_agency_id=UUID(str(burst.agency_id)),
            last_event_at__gte=burst.first_at - width,
        )
        .order_by("-last_event_at")
        .first()
    )
    if alert is not None:
        alert.last_event_at = max(alert.last_event_at, burst.last_at)
        alert.save(update_fields=["last_event_at", "updated_at"])
        add_evidence(alert, burst.event_ids)
        return 0
    alert = Alert.objects.create(
        agency_id=str(burst.agency_id),
        subject_agency_id=str(burst.agency_id),
        kind=kind,
        subject_id=str(burst.actor_id),
        first_event_at=burst.first_at,
        last_event_at=burst.last_at,
    )
    add_evidence(alert, burst.event_ids)
    audit.record("alert.raised", agency=alert.agency, target=alert)
    return 1


def add_evidence(alert: Alert, event_ids: Iterable[int]) -> None:
    AlertEvidence.objects.bulk_create(
        [AlertEvidence(alert=alert, event_id=event_id) for event_id in event_ids],
        ignore_conflicts=True,
    )
