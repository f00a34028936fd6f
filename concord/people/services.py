"""Every write to person records: each runs in one transaction, takes the acting user and
writes its audit event (field names only, never values)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from concord.accounts.models import Agency, Membership, User
from concord.core import audit
from concord.core.validators import not_in_future
from concord.people import reference as ref
from concord.people.matching import (
    POSSIBLE_MATCH_SCORE,
    Candidate,
    Match,
    compare,
    name_keys,
    phone_digits,
    swapped_day_month,
)
from concord.people.models import (
    ContactSafety,
    Correction,
    Person,
    PersonAlias,
    PersonQuerySet,
    Relationship,
)

# The details that identify someone: a change to one is kept as a correction.
IDENTIFYING_DETAILS = ("given_name", "family_name", "date_of_birth", "approximate_age")
PERSON_DETAILS = (
    "date_of_birth",
    "approximate_age",
    "is_victim_survivor",
    "is_person_causing_harm",
    "is_child_young_person",
    "sex",
    "gender_same_as_birth",
    "ethnicity",
    "religion",
    "disability",
    "sexual_orientation",
    "marital_status",
    "first_language",
    "needs_interpreter",
    "area",
    "immigration_status",
    "no_recourse_to_public_funds",
    "pregnant",
)

# Reasons a worker may give for revealing a sensitive detail (codes, never free text).
REVEAL_REASONS: tuple[tuple[str, str], ...] = (
    ("contacting_the_person", "To contact the person"),
    ("safety_planning", "Safety planning"),
    ("referral", "Making a referral"),
    ("emergency", "An emergency"),
    ("correcting_the_record", "Checking or correcting the record"),
)


def _check_dates(date_of_birth: date | None) -> None:
    if date_of_birth:
        not_in_future(date_of_birth, "date_of_birth", "Date of birth")


@transaction.atomic
def record_person(
    actor: User | None,
    agency: Agency,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    **details: Any,
) -> Person:
    _check_dates(date_of_birth)
    unknown = set(details) - set(PERSON_DETAILS)
    if unknown:
        raise TypeError(f"Unknown person details: {sorted(unknown)}")
    person = Person(
        agency=agency,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        **details,
    )
    if person.approximate_age is not None:
        person.approximate_age_on = timezone.localdate()
    person.full_clean()
    person.save()
    audit.record(
        "person.created",
        actor=actor,
        agency=agency,
        target=person,
        changes=["given_name", "family_name", "date_of_birth", *details],
    )
    return person


@transaction.atomic
def update_person(actor: User, person: Person, *, reason: str = "", **changes: Any) -> Person:
    """Change a person's details; a change of an identifying detail is kept as a correction
    with its old and new value and ``reason`` (UK GDPR rectification)."""
    allowed = {"given_name", "family_name", *PERSON_DETAILS}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Unknown person details: {sorted(unknown)}")
    _check_dates(changes.get("date_of_birth"))
    if changes.get("approximate_age", person.approximate_age) != person.approximate_age:
        person.approximate_age_on = timezone.localdate()
    before = {name: getattr(person, name) for name in IDENTIFYING_DETAILS}
    person = audit.save_changes(
        person,
        changes,
        "person.changed",
        actor=actor,
        agency=person.agency,
        only_if_changed=True,
    )
    _keep_corrections(actor, person, before, reason)
    return person


def _keep_corrections(actor: User, person: Person, before: dict[str, Any], reason: str) -> None:
    now = timezone.now()
    Correction.objects.bulk_create(
        Correction(
            agency=person.agency,
            person=person,
            field=name,
            old_value=_as_text(old),
            new_value=_as_text(getattr(person, name)),
            reason=reason,
            corrected_by=actor,
            corrected_at=now,
        )
        for name, old in before.items()
        if getattr(person, name) != old
    )


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def set_access(
    actor: User, person: Person, *, restricted: bool, named_workers: Iterable[User] = ()
) -> Person:
    """Restrict a record to its named workers (DOMAIN §13: e.g. a partner agency's staff
    member who is a victim), or open it to the agency's case workers again."""
    workers = set(named_workers) if restricted else set()
    if restricted and not workers:
        raise ValidationError({"named_workers": "Choose at least one worker who may see it"})
    allowed = User.objects.filter(memberships__in=Membership.objects.case_workers(person.agency))
    if workers - set(allowed):
        raise ValidationError({"named_workers": "Choose workers of the agency that holds it"})
    before = {worker.pk for worker in person.named_workers.all()}
    changed = [
        name
        for name, differs in (
            ("is_restricted", person.is_restricted != restricted),
            ("named_workers", before != {worker.pk for worker in workers}),
        )
        if differs
    ]
    person.is_restricted = restricted
    person.save(update_fields=["is_restricted", "updated_at"])
    person.named_workers.set(workers)
    if changed:
        audit.record(
            "person.access_changed",
            actor=actor,
            agency=person.agency,
            target=person,
            changes=changed,
        )
    return person


@transaction.atomic
def add_alias(actor: User, person: Person, name: str) -> PersonAlias:
    alias = PersonAlias.objects.create(agency=person.agency, person=person, name=name.strip())
    audit.record(
        "person.changed", actor=actor, agency=person.agency, target=person, changes=["aliases"]
    )
    return alias


@transaction.atomic
def relate(actor: User, person: Person, other: Person, kind: str) -> Relationship:
    """Record how two people of the same agency relate, both ways round."""
    if person.agency_id != other.agency_id:
        raise ValidationError("Both people must be in your agency's records")
    if person.pk == other.pk:
        raise ValidationError("A person cannot be related to themselves")
    relationship, _ = Relationship.objects.get_or_create(
        agency=person.agency, person=person, other=other, kind=kind
    )
    Relationship.objects.get_or_create(
        agency=person.agency, person=other, other=person, kind=ref.reverse_relationship(kind)
    )
    for target in (person, other):
        audit.record(
            "person.changed",
            actor=actor,
            agency=person.agency,
            target=target,
            changes=["relationships"],
        )
    return relationship


@transaction.atomic
def set_contact_safety(actor: User, person: Person, **details: Any) -> ContactSafety:
    safety, _ = ContactSafety.objects.get_or_create(
        person=person, defaults={"agency": person.agency}
    )
    return audit.save_changes(
        safety,
        details,
        "person.contact_safety_changed",
        actor=actor,
        agency=person.agency,
        target=person,
        only_if_changed=True,
    )


def reveal(actor: User, person: Person, field: str, reason: str) -> str:
    """A sensitive detail, shown to a worker who gave a reason; the reveal is audited."""
    if field not in ContactSafety.SENSITIVE_FIELDS:
        raise ValueError(f"{field} is not a sensitive detail")
    if reason not in dict(REVEAL_REASONS):
        raise ValidationError({"reason": "Select why you need to see this"})
    safety = ContactSafety.objects.filter(person=person).first()
    audit.record(
        "person.sensitive_revealed",
        actor=actor,
        agency=person.agency,
        target=person,
        changes=[field],
        reason=reason,
    )
    return str(getattr(safety, field, "") or "")


def possible_duplicates(
    people: PersonQuerySet,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    phone: str = "",
    limit: int = 10,
) -> list[tuple[Person, Match]]:
    """People in ``people`` (already scoped) who may be the person about to be recorded,
    best first, each with the reasons it matched."""
    sought = Candidate(
        name_keys(given_name), name_keys(family_name), date_of_birth, phone_digits(phone)
    )
    shortlist = people.filter(_sounds_like(sought) | _born_on(date_of_birth) | _phone(sought.phone))
    matches = []
    for person in shortlist.select_related("contact_safety").distinct()[:500]:
        safety = getattr(person, "contact_safety", None)
        found = Candidate(
            person.given_name_keys,
            person.family_name_keys,
            person.date_of_birth,
            safety.safe_phone_digits if safety else "",
        )
        match = compare(sought, found)
        if match.score >= POSSIBLE_MATCH_SCORE:
            matches.append((person, match))
    matches.sort(key=lambda pair: (-pair[1].score, str(pair[0])))
    return matches[:limit]


def _sounds_like(sought: Candidate) -> Q:
    query = Q(pk__in=[])
    for key in sought.family_keys.split():
        query |= Q(family_name_keys__contains=key)
    return query


def _born_on(date_of_birth: date | None) -> Q:
    if date_of_birth is None:
        return Q(pk__in=[])
    days = [date_of_birth, *filter(None, [swapped_day_month(date_of_birth)])]
    return Q(date_of_birth__in=days)


def _phone(digits: str) -> Q:
    return Q(contact_safety__safe_phone_digits=digits) if digits else Q(pk__in=[])
