"""The demo's safe accommodation, so the refuge worker and the Part 4 pages have real
records: Turning Point's Riverford refuge (Part 4 grant) with its rooms and bed spaces,
Grace and her two children staying now and a household that moved on to a tenancy last
quarter, each with the support they received; Haven's Safe Home as a sanctuary scheme with
Sarah's housing record linked to her sanctuary stay; Riverford Homes' move-on flats as
second-stage accommodation; households from outside Concord the refuge could not take,
and a referral to the refuge from Haven's help point declined with the return's reason.

Written as model objects (checked with ``full_clean``, each write audited) dated from
today, so the demo always looks current; every record is looked up before it is made, so
running again changes nothing. The rooms' addresses are invented.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from django.db.models import Model
from django.utils import timezone

from concord.accommodation.models import (
    AccommodationService,
    HousingRecord,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.accounts.models import Agency, Membership, Service, User
from concord.cases import services as cases
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case, CaseChild
from concord.core import audit
from concord.people.models import Person
from concord.people.services import record_person
from concord.referrals import services as referrals
from concord.referrals.models import Referral
from concord.submissions.services import last_quarter

REFUGE = "Riverford refuge"
SANCTUARY = "Safe Home"
MOVE_ON = "Move-on flats"
# (label, bed spaces, accessible, takes older boys, takes pets, invented location)
REFUGE_UNITS = (
    ("Room 1", 2, True, False, False, "Ground floor, 1 Example Terrace, Riverford"),
    ("Room 2", 2, False, False, True, "First floor front, 1 Example Terrace, Riverford"),
    ("Room 3", 4, False, True, False, "First floor back, 1 Example Terrace, Riverford"),
    ("Room 4", 3, False, False, False, "Second floor, 1 Example Terrace, Riverford"),
    ("Room 5", 1, True, False, False, "Annexe, 1 Example Terrace, Riverford"),
)
MOVE_ON_UNITS = (
    ("Flat A", 3, False, True, False, "Flat A, 7 Sample Close, Riverford"),
    ("Flat B", 2, True, False, True, "Flat B, 7 Sample Close, Riverford"),
)
# (days ago, reason, adults, children, characteristics, from out of area)
UNMET_NEEDS: tuple[tuple[int, str, int, int, list[str], str], ...] = (
    (70, "no_capacity", 1, 2, [], "yes"),
    (52, "needs_too_high", 1, 0, ["substance_use", "mental_health"], "no"),
    (
        30,
        "no_recourse_to_public_funds",
        1,
        1,
        ["no_recourse_to_public_funds", "minoritised"],
        "yes",
    ),
    (12, "no_capacity", 1, 3, ["minoritised"], "no"),
)


def record_demo_accommodation(
    agencies: dict[str, Agency],
    people: dict[str, Person],
    refuge: Membership,
    idva: User,
    housing: User,
) -> None:
    """``refuge`` (Dee) records Turning Point's work, ``housing`` (Callum) Haven's Safe
    Home; ``idva`` (Amira) refers Mohammed to the refuge."""
    turning_point, haven = agencies["turning-point"], agencies["haven"]
    worker = refuge.user
    riverford = _service(
        turning_point.services.get(name=REFUGE), "refuge", "part4_grant", worker, REFUGE_UNITS
    )
    _staying_now(riverford, worker)
    _moved_on(riverford, worker)
    _unmet_needs(riverford, worker)
    _declined_referral(people["demo-mohammed"], riverford, idva, refuge)
    _service(
        agencies["riverford-homes"].services.get(name=MOVE_ON),
        "second_stage",
        "housing_benefit",
        worker,
        MOVE_ON_UNITS,
    )
    safe_home = _service(
        haven.services.get(name=SANCTUARY), "sanctuary_scheme", "part4_grant", housing, ()
    )
    _sanctuary_stay(people["demo-sarah"], safe_home, housing)


M = TypeVar("M", bound=Model)


def _saved(record: M, action: str, actor: User, target: Any) -> M:
    record.full_clean()
    record.save()
    audit.record(action, actor=actor, agency=record.agency, target=target)  # type: ignore[attr-defined]
    return record


def _service(
    service: Service,
    kind: str,
    funding: str,
    worker: User,
    units: tuple[tuple[str, int, bool, bool, bool, str], ...],
) -> AccommodationService:
    accommodation = AccommodationService.objects.filter(service=service).first()
    if accommodation is None:
        accommodation = _saved(
            AccommodationService(
                agency=service.agency,
                service=service,
                accommodation_type=kind,
                funding_source=funding,
                sanctuary_places=10 if kind == "sanctuary_scheme" else None,
            ),
            "accommodation.service_recorded",
            worker,
            service,
        )
    for label, beds, accessible, older_boys, pets, location in units:
        if accommodation.units.filter(label=label).exists():
            continue
        _saved(
            Unit(
                agency=service.agency,
                accommodation=accommodation,
                label=label,
                bed_spaces=beds,
                accessible=accessible,
                takes_older_boys=older_boys,
                takes_pets=pets,
                groups=["women"],
                location=location,
            ),
            "accommodation.unit_recorded",
            worker,
            accommodation,
        )
    return accommodation


def _household(
    case: Case,
    unit: Unit | None,
    moved_in_on: date,
    members: list[tuple[Person, bool, list[str], list[str]]],
    worker: User,
    **ending: Any,
) -> Stay | None:
    """A stay of the case's household: each member (person, is a child, characteristics,
    kinds of support) with the support they received from the day after moving in. None
    when the demo recorded it before."""
    if Stay.objects.filter(case=case).exists():
        return None
    stay = _saved(
        Stay(
            agency=case.agency,
            case=case,
            accommodation=case.service.accommodation,
            unit=unit,
            moved_in_on=moved_in_on,
            **ending,
        ),
        "accommodation.stay_recorded",
        worker,
        case,
    )
    for person, is_child, characteristics, support in members:
        member = _saved(
            StayMember(
                agency=case.agency,
                stay=stay,
                person=person,
                is_child=is_child,
                characteristics=characteristics,
            ),
            "accommodation.stay_member_recorded",
            worker,
            case,
        )
        for kind in support:
            _saved(
                SupportReceived(
                    agency=case.agency,
                    member=member,
                    kind=kind,
                    started_on=moved_in_on + timedelta(days=1),
                ),
                "accommodation.support_recorded",
                worker,
                case,
            )
    return stay


def _staying_now(refuge: AccommodationService, worker: User) -> None:
    """Grace (her case opened by concord.demo.outcomes) and her two children in Room 3,
    each child on her case in their own right."""
    case = Case.objects.filter(service=refuge.service, person__given_name="Grace").first()
    if case is None or Stay.objects.filter(case=case).exists():
        return
    today = timezone.localdate()
    children = [
        _child(case, given, date(today.year - age, 4, 9), worker)
        for given, age in (("Tobi", 13), ("Ada", 6))
    ]
    _household(
        case,
        refuge.units.get(label="Room 3"),
        today - timedelta(days=14),
        [
            (case.person, False, ["minoritised"], ["advocacy", "housing_related"]),
            (children[0], True, [], ["childrens_support"]),
            (children[1], True, [], ["childrens_support", "counselling_therapy"]),
        ],
        worker,
    )


def _child(case: Case, given_name: str, born: date, worker: User) -> Person:
    child = record_person(
        worker,
        case.agency,
        given_name=given_name,
        family_name=case.person.family_name,
        date_of_birth=born,
        is_child_young_person=True,
    )
    _saved(
        CaseChild(agency=case.agency, case=case, person=child, role="child_of_victim"),
        "accommodation.child_recorded",
        worker,
        case,
    )
    return child


def _moved_on(refuge: AccommodationService, worker: User) -> None:
    """Hannah stayed in Room 1 and moved on to a social tenancy in the last quarter."""
    if Case.objects.filter(service=refuge.service, person__given_name="Hannah").exists():
        return
    quarter = last_quarter()
    moved_out = quarter.first + timedelta(days=40)
    moved_in = moved_out - timedelta(days=96)
    person = record_person(
        worker,
        refuge.agency,
        given_name="Hannah",
        family_name="Wood",
        date_of_birth=date(1992, 8, 17),
        is_victim_survivor=True,
    )
    referred = timezone.make_aware(datetime.combine(moved_in, time(10)))
    case = cases.open_case(
        worker,
        person,
        refuge.service,
        referral_source="specialist_da_service",
        method_of_access="professional_referral",
        referred_at=referred - timedelta(days=2),
    )
    cases.change_status(worker, case, CaseStatus.OPEN, at=referred)
    _household(
        case,
        refuge.units.get(label="Room 1"),
        moved_in,
        [(person, False, ["disabled"], ["advocacy", "housing_related", "counselling_therapy"])],
        worker,
        moved_out_on=moved_out,
        leaving_reason="moved_on",
        move_on_destination="social_tenancy",
        from_out_of_area="yes",
    )
    cases.change_status(
        worker,
        case,
        CaseStatus.CLOSED,
        "support_completed",
        at=referred + timedelta(days=97),
    )


def _unmet_needs(refuge: AccommodationService, worker: User) -> None:
    today = timezone.localdate()
    for days_ago, reason, adults, children, characteristics, out_of_area in UNMET_NEEDS:
        reference = f"demo-unmet-{days_ago}"
        if refuge.unmet_needs.filter(source_reference=reference).exists():
            continue
        _saved(
            UnmetNeed(
                agency=refuge.agency,
                accommodation=refuge,
                referred_on=today - timedelta(days=days_ago),
                reason=reason,
                adults=adults,
                children=children,
                characteristics=characteristics,
                from_out_of_area=out_of_area,
                source_reference=reference,
            ),
            "accommodation.unmet_need_recorded",
            worker,
            refuge,
        )


def _declined_referral(
    person: Person, refuge: AccommodationService, idva: User, receiver: Membership
) -> None:
    """Mohammed, referred to the women's refuge with his consent, declined: the refuge
    could not meet his needs (a reason the return counts)."""
    case = person.cases.filter(service__name="SAFE help point").first()
    if case is None or Referral.objects.filter(case=case, to_service=refuge.service).exists():
        return
    today = timezone.localdate()
    consent = referrals.record_consent(
        idva,
        person,
        purpose="referral",
        given=True,
        given_on=today - timedelta(days=2),
        agencies=[refuge.agency],
    )
    referral = referrals.make_referral(
        idva,
        case,
        to_service=refuge.service,
        summary="Needs somewhere safe to stay tonight; no children.",
        consent=consent,
    )
    referrals.decline_referral(receiver, referral, reason="needs_not_met")


def _sanctuary_stay(person: Person, safe_home: AccommodationService, worker: User) -> None:
    """Sarah's home made safe after her refuge placement (concord.demo.outcomes): a
    sanctuary stay from the day she returned, linked to her housing record."""
    record = HousingRecord.objects.filter(
        case__person=person, case__service=safe_home.service
    ).first()
    if record is None or record.refuge_ended_on is None:
        return
    _household(
        record.case,
        None,
        record.refuge_ended_on,
        [(person, False, ["mental_health"], ["prevention_advice", "housing_related"])],
        worker,
        housing_record=record,
        from_out_of_area="no",
    )
