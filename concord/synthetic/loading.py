"""Synthetic journeys written straight into the database, for county and national scale,
where the import (cases.importing), one row at a time through the services, is far too slow.

The rows are the generator's own (concord.synthetic.journeys): one generator, two outputs,
so the import files and the database hold the same journeys. Every record is checked
against its model's fields and the services' date rules, and what the services derive is
derived by their functions: sound-alike name keys, case references, out of hours, complete
intake answers. Status changes follow the lifecycle's table and are dated by the journey
itself (referred at the referral, opened at the first contact, closed or not engaged at the
last contact), not by the moment of loading.

Records are built a chunk of whole journeys at a time, outside any transaction, and go in
with bulk_create, WRITE_ROWS records of one kind a transaction, so the load never holds the
database (SQLite's one write lock) for longer than a fraction of a second; a load stopped
part-way leaves whole kinds of a chunk unwritten, and is then started again from an empty
database like any refused second load. Instead of an
audit event per record, the load writes ONE audit event, ``synthetic.loaded``, whose
changes name each kind of record with how many were written. The load is refused in
production, and for an agency that has had one already (nothing is then written).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from concord.accounts.models import Agency, Service, User
from concord.cases import lifecycle
from concord.cases.importing import STEP_COLUMNS, offer_of
from concord.cases.lifecycle import ROUTES, CaseStatus
from concord.cases.models import (
    Case,
    Contact,
    ExitReview,
    IntakeProfile,
    SafetyPlan,
    StatusChange,
    SupportOffer,
)
from concord.cases.services import case_reference, contact_is_out_of_hours, intake_answers
from concord.cases.vocabulary import SAFETY_PLAN_AREAS
from concord.core import audit
from concord.core.models import AuditEvent
from concord.people import reference as ref
from concord.people.matching import name_keys
from concord.people.models import Person
from concord.synthetic.journeys import Journeys

LOADED = "synthetic.loaded"
# Records a transaction: 1,000 took 0.15 s at most on SQLite (2 busy cores), so half that.
WRITE_ROWS = 500
# Written in this order, so every record's foreign keys are there before it.
KINDS: tuple[tuple[str, type[models.Model]], ...] = (
    ("people", Person),
    ("cases", Case),
    ("status_changes", StatusChange),
    ("contacts", Contact),
    ("support_offers", SupportOffer),
    ("intake_profiles", IntakeProfile),
    ("safety_plans", SafetyPlan),
    ("exit_reviews", ExitReview),
)


class LoadRefused(Exception):
    """Synthetic people must not go where this load would put them."""


class AlreadyLoaded(LoadRefused):
    """The agency has had its synthetic journeys loaded straight into the database."""


def load(
    chunks: Iterable[Journeys],
    *,
    agency: Agency,
    actor: User,
    progress: Callable[[int], None] = lambda people: None,
) -> dict[str, int]:
    """Write the journeys for ``agency``, a few hundred records a transaction, recorded as
    done by ``actor``; returns how many records of each kind were written. ``progress`` is
    told the number of people written after each chunk."""
    if settings.ENVIRONMENT == "production":
        raise LoadRefused(
            "Synthetic journeys are never loaded where CONCORD_ENVIRONMENT=production."
        )
    if AuditEvent.objects.filter(agency=agency, action=LOADED).exists():
        raise AlreadyLoaded(
            f"{agency} already has synthetic journeys loaded straight into the database; "
            "start from an empty database to load them again."
        )
    writer = JourneyWriter(agency, actor, last_number=Case.objects.filter(agency=agency).count())
    for chunk in chunks:
        writer.write(chunk)
        progress(writer.counts["people"])
    counts = {kind: writer.counts[kind] for kind, _ in KINDS}
    audit.record(
        LOADED,
        actor=actor,
        agency=agency,
        changes=[f"{kind}:{count}" for kind, count in counts.items()],
    )
    return counts


PLAN_AREAS = ref.codes(SAFETY_PLAN_AREAS)


@dataclass
class _Journey:
    """A case being built, with the moments its status changes are dated by."""

    case: Case
    status: CaseStatus
    step_moments: dict[CaseStatus, datetime]
    contacts: list[datetime] = field(default_factory=list)


@dataclass
class JourneyWriter:
    agency: Agency
    actor: User
    last_number: int  # of the agency's case references
    now: datetime = field(default_factory=timezone.now)
    today: date = field(default_factory=timezone.localdate)
    counts: Counter[str] = field(default_factory=Counter)
    services: dict[str, Service] = field(default_factory=dict)

    def write(self, chunk: Journeys) -> dict[str, list[Any]]:
        """Write the chunk; returns the records made of each kind, in the order of its rows
        (status changes excepted)."""
        rows = chunk.rows
        people = {row["record_id"]: self._person(row) for row in rows["people"]}
        journeys = {row["record_id"]: self._case(row, people) for row in rows["cases"]}
        made: dict[str, list[Any]] = {  # status changes last: contacts date them
            "people": list(people.values()),
            "cases": [journey.case for journey in journeys.values()],
            "contacts": [self._contact(row, journeys) for row in rows["contacts"]],
            "support_offers": [
                offer
                for row in rows["cases"]
                if (offer := self._support_offer(row, journeys)) is not None
            ],
            "intake_profiles": [
                self._intake_profile(row, journeys) for row in rows["intake_profiles"]
            ],
            "safety_plans": [self._safety_plan(row, journeys) for row in rows["safety_plans"]],
            "exit_reviews": [self._exit_review(row, journeys) for row in rows["exit_reviews"]],
            "status_changes": [
                change for journey in journeys.values() for change in self._status_changes(journey)
            ],
        }
        for kind, model in KINDS:
            check_fields(model, made[kind])
        for kind, model in KINDS:
            write_in_transactions(model, made[kind])
            self.counts[kind] += len(made[kind])
        return made

    def _person(self, row: dict[str, str]) -> Person:
        roles = {role for role in row.get("roles", "").split(";") if role}
        check(roles <= ref.codes(ref.PERSON_ROLES), row, f"unknown roles {sorted(roles)}")
        born = _day(row.get("date_of_birth", ""))
        check(born is None or born <= self.today, row, "date of birth in the future")
        given_name, family_name = row["given_name"].strip(), row["family_name"].strip()
        return Person(
            agency=self.agency,
            given_name=given_name,
            family_name=family_name,
            given_name_keys=name_keys(given_name),
            family_name_keys=name_keys(family_name),
            date_of_birth=born,
            sex=row.get("sex") or "not_known",
            gender_same_as_birth=row.get("gender_same_as_birth") or "not_known",
            ethnicity=row.get("ethnicity") or "not_known",
            first_language=row.get("first_language", ""),
            needs_interpreter=row.get("needs_interpreter") or "not_known",
            is_victim_survivor="victim_survivor" in roles,
            is_person_causing_harm="person_causing_harm" in roles,
            is_child_young_person="child_young_person" in roles,
        )

    def _case(self, row: dict[str, str], people: dict[str, Person]) -> _Journey:
        referred_at = local_moment(row["referred_at"])
        check(referred_at <= self.now, row, "referred in the future")
        abuse_types = {code for code in row.get("abuse_types", "").split(";") if code}
        unknown = abuse_types - ref.codes(ref.ABUSE_TYPES)
        check(not unknown, row, f"unknown abuse types {sorted(unknown)}")
        self.last_number += 1
        case = Case(
            agency=self.agency,
            person=_linked(people, row, "person_record_id"),
            service=self._service(row["service"]),
            reference=case_reference(self.agency, self.last_number),
            referral_source=row["referral_source"],
            method_of_access=row["method_of_access"],
            referred_at=referred_at,
            lead_professional=self.actor,
            abuse_types=sorted(abuse_types),
            status_reason=row.get("status_reason", ""),
            worked_by_idva=row.get("worked_by_idva") == "yes",
        )
        status = CaseStatus(row.get("status") or CaseStatus.REFERRED)
        moments = {}
        for step in ROUTES[status]:
            column = STEP_COLUMNS[step]
            check(bool(row.get(column)), row, f"no {column}")
            moments[step] = local_moment(row[column])
        in_order = [referred_at, *moments.values(), self.now]
        check(in_order == sorted(in_order), row, "status changes out of order")
        return _Journey(case, status, moments)

    def _service(self, name: str) -> Service:
        if name not in self.services:
            service = self.agency.services.filter(name=name).first()
            if service is None:
                raise ValidationError(f"{self.agency} has no service called '{name}'")
            self.services[name] = service
        return self.services[name]

    def _contact(self, row: dict[str, str], journeys: dict[str, _Journey]) -> Contact:
        journey = _linked(journeys, row, "case_record_id")
        occurred_at = local_moment(row["occurred_at"])
        check(journey.case.referred_at <= occurred_at <= self.now, row, "contact out of order")
        journey.contacts.append(occurred_at)
        duration = row.get("duration_minutes", "")
        return Contact(
            agency=self.agency,
            case=journey.case,
            channel=row["channel"],
            initiated_by=row["initiated_by"],
            occurred_at=occurred_at,
            duration_minutes=int(duration) if duration else None,
            worker=self.actor,
            notes=row.get("notes", ""),
            out_of_hours=contact_is_out_of_hours(occurred_at),
        )

    def _support_offer(
        self, row: dict[str, str], journeys: dict[str, _Journey]
    ) -> SupportOffer | None:
        """The case row's offer of support, read as the import reads it (codes, dates in
        order), from the referral to today."""
        offer = offer_of(row)
        if offer is None:
            return None
        case = journeys[row["record_id"]].case
        referred_on = timezone.localtime(case.referred_at).date()
        answered_on = offer.answered_on or offer.offered_on
        check(referred_on <= offer.offered_on <= answered_on <= self.today, row, "offer dates")
        return SupportOffer(
            agency=self.agency,
            case=case,
            kind=offer.kind,
            offered_on=offer.offered_on,
            answer=offer.answer,
            answered_on=offer.answered_on,
            offered_by=self.actor,
            answer_recorded_by=self.actor if offer.answered_on else None,
        )

    def _intake_profile(self, row: dict[str, str], journeys: dict[str, _Journey]) -> IntakeProfile:
        case = _linked(journeys, row, "case_record_id").case
        assessed_on = date.fromisoformat(row["assessed_on"])
        referred_on = timezone.localtime(case.referred_at).date()
        check(referred_on <= assessed_on <= self.today, row, "assessed out of order")
        children = row.get("number_of_children", "")
        return IntakeProfile(
            agency=self.agency,
            case=case,
            assessed_on=assessed_on,
            assessed_by=self.actor,
            number_of_children=int(children) if children else None,
            children_ages=row.get("children_ages", ""),
            answers=intake_answers(
                {item: row.get(item) or "not_known" for item, _ in ref.INTAKE_ITEMS}
            ),
        )

    def _safety_plan(self, row: dict[str, str], journeys: dict[str, _Journey]) -> SafetyPlan:
        created_on = date.fromisoformat(row["created_on"])
        reviewed_on = _day(row.get("reviewed_on", ""))
        completed_on = _day(row.get("completed_on", ""))
        for day in (reviewed_on, completed_on):
            check(day is None or day >= created_on, row, "plan reviewed or completed too early")
        for day in (created_on, reviewed_on, completed_on):
            check(day is None or day <= self.today, row, "plan dated in the future")
        areas = {area for area in row["areas"].split(";") if area}
        check(bool(areas) and areas <= PLAN_AREAS, row, "plan areas missing or unknown")
        return SafetyPlan(
            agency=self.agency,
            case=_linked(journeys, row, "case_record_id").case,
            created_on=created_on,
            reviewed_on=reviewed_on,
            completed_on=completed_on,
            areas=sorted(areas),
            notes=row.get("notes", ""),
        )

    def _exit_review(self, row: dict[str, str], journeys: dict[str, _Journey]) -> ExitReview:
        reviewed_on = date.fromisoformat(row["reviewed_on"])
        check(reviewed_on <= self.today, row, "exit review in the future")
        scales = {
            name: int(row[name]) if row.get(name) else None
            for name in (
                "wellbeing_at_intake",
                "wellbeing_at_exit",
                "safety_at_intake",
                "safety_at_exit",
            )
        }
        return ExitReview(
            agency=self.agency,
            case=_linked(journeys, row, "case_record_id").case,
            reviewed_on=reviewed_on,
            feels_safer=row["feels_safer"],
            abuse_change=row["abuse_change"],
            **scales,
        )

    def _status_changes(self, journey: _Journey) -> list[StatusChange]:
        """Referred, then each step the lifecycle's table needs to reach the final status."""
        case = journey.case
        case.first_contact_at = min(journey.contacts, default=None)
        changes = [self._change(case, "", CaseStatus.REFERRED, "", case.referred_at)]
        for step in ROUTES[journey.status]:
            reason = case.status_reason if step == journey.status else ""
            lifecycle.check_transition(changes[-1].to_status, step, reason)
            moment = journey.step_moments[step]
            if step == CaseStatus.OPEN:
                case.opened_at = moment
            else:
                case.closed_at = moment
            changes.append(self._change(case, changes[-1].to_status, step, reason, moment))
        case.status = journey.status
        return changes

    def _change(
        self, case: Case, before: str, after: CaseStatus, reason: str, moment: datetime
    ) -> StatusChange:
        return StatusChange(
            agency=self.agency,
            case=case,
            from_status=before,
            to_status=after,
            reason=reason,
            changed_by=self.actor,
            changed_at=moment,
        )


def write_in_transactions(model: type[models.Model], records: list[Any]) -> None:
    """``records`` with bulk_create, WRITE_ROWS of them a transaction."""
    for first in range(0, len(records), WRITE_ROWS):
        with transaction.atomic():
            model._default_manager.bulk_create(records[first : first + WRITE_ROWS])


def local_moment(value: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(value))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _linked(records: dict[str, Any], row: dict[str, str], column: str) -> Any:
    if row[column] not in records:
        raise ValidationError(f"{row['record_id']}: {column} is not a record of the same chunk")
    return records[row[column]]


def check(condition: bool, row: dict[str, str], problem: str) -> None:
    """The services' rules; record ids are the generator's, never personal data."""
    if not condition:
        raise ValidationError(f"{row['record_id']}: {problem}")


def check_fields(model: type[models.Model], records: list[Any]) -> None:
    """The model's own field checks (codes, lengths, 0 to 10 scales), without the query per
    foreign key that full_clean would make: the loader sets those itself."""
    relations = [field.name for field in model._meta.fields if field.is_relation]
    for record in records:
        record.clean_fields(exclude=relations)
