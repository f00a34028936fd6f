"""Every write to housing (Safe Home) records and to safe accommodation. Each runs in one
transaction, takes the acting user, checks the dates (none in the future, none before the
referral, an end never before its start) and writes its audit event against the case.

A case has one housing record, made when its first housing outcome is recorded. Each
outcome is recorded once and may be corrected: a home is secured once per case, so
recording it again changes the date rather than counting a second home.

Safe accommodation (DOMAIN §12): a provider's service and its units, the stays of the
households placed in them, each member's characteristics and support, and the move out.
A household is placed with its unit's row locked, so two workers cannot fill one unit at
once; the stay's rules are concord.domain.stays'.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accommodation import vocabulary as v
from concord.accommodation.models import (
    AccommodationService,
    HousingRecord,
    SanctuaryMeasure,
    Stay,
    StayMember,
    SupportReceived,
    Unit,
    UnmetNeed,
)
from concord.accommodation.vocabulary import OTHER_MEASURE, SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.accounts.models import Service, ServiceKind, User
from concord.cases import lifecycle
from concord.cases.models import Case, CaseChild
from concord.core import audit
from concord.core.validators import early_problem, future_problem
from concord.domain.stays import OUT_BEFORE_IN, Span, stay_problems
from concord.people import reference as ref


def is_housing_case(case: Case) -> bool:
    return case.service.kind == ServiceKind.HOUSING


def _check_case(case: Case, historical: bool) -> None:
    """Housing work is recorded on a live case at a housing service; a record imported from
    the agency's history (``historical``) may be on a case closed since."""
    if not is_housing_case(case):
        raise ValidationError("Housing records are kept on cases at a housing service")
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording housing work")


def _check_dates(case: Case, days: Iterable[tuple[date | None, str, str]]) -> None:
    """Each (day, field, label): not in the future and not before the referral."""
    referred_on = timezone.localtime(case.referred_at).date()
    problems: dict[str, str] = {}
    for day, field, label in days:
        if day is None:
            continue
        problem = future_problem(day, label) or early_problem(
            day, referred_on, label, "the referral"
        )
        if problem:
            problems[field] = problem
    if problems:
        raise ValidationError(problems)


def _check_order(start: date | None, end: date | None, field: str, message: str) -> None:
    if end is not None and (start is None or end < start):
        raise ValidationError({field: message})


def _record(case: Case) -> HousingRecord:
    record, _ = HousingRecord.objects.select_for_update().get_or_create(
        case=case, defaults={"agency": case.agency}
    )
    return record


def _update(actor: User, case: Case, action: str, values: dict[str, Any]) -> HousingRecord:
    return audit.save_changes(
        _record(case),
        values,
        action,
        actor=actor,
        agency=case.agency,
        target=case,
        prefix="housing_record.",
        exclude=["case"],
    )


@transaction.atomic
def record_options_assessment(
    actor: User, case: Case, *, assessed_on: date, outcome: str, historical: bool = False
) -> HousingRecord:
    """The housing options assessment: when, and its outcome in a few words."""
    _check_case(case, historical)
    _check_dates(case, [(assessed_on, "assessed_on", "The date of the assessment")])
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": "Enter the outcome of the assessment"})
    return _update(
        actor,
        case,
        "housing.options_assessment_recorded",
        {"options_assessed_on": assessed_on, "options_outcome": outcome},
    )


@transaction.atomic
def add_sanctuary_measure(
    actor: User,
    case: Case,
    *,
    kind: str,
    fitted_on: date,
    description: str = "",
    historical: bool = False,
) -> SanctuaryMeasure:
    """One sanctuary (target-hardening) measure fitted to the home."""
    _check_case(case, historical)
    if kind not in ref.codes(SANCTUARY_MEASURES):
        raise ValidationError({"kind": "Select the kind of measure"})
    description = description.strip()
    if kind == OTHER_MEASURE and not description:
        raise ValidationError({"description": "Describe the measure that was fitted"})
    _check_dates(case, [(fitted_on, "fitted_on", "The date fitted")])
    record = _record(case)
    measure = SanctuaryMeasure(
        agency=case.agency,
        housing_record=record,
        kind=kind,
        description=description,
        fitted_on=fitted_on,
    )
    measure.full_clean()
    measure.save()
    audit.record(
        "housing.sanctuary_measure_added",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["housing_record.sanctuary_measures"],
    )
    return measure


@transaction.atomic
def record_emergency_accommodation(
    actor: User,
    case: Case,
    *,
    placed_on: date,
    left_on: date | None = None,
    historical: bool = False,
) -> HousingRecord:
    """Emergency temporary accommodation: placed on, and left on once the person has left."""
    _check_case(case, historical)
    _check_dates(
        case,
        [(placed_on, "placed_on", "The date placed"), (left_on, "left_on", "The date left")],
    )
    _check_order(placed_on, left_on, "left_on", "The date left cannot be before the date placed")
    return _update(
        actor,
        case,
        "housing.emergency_accommodation_recorded",
        {"emergency_placed_on": placed_on, "emergency_left_on": left_on},
    )


@transaction.atomic
def record_refuge_placement(
    actor: User,
    case: Case,
    *,
    placed_on: date,
    ended_on: date | None = None,
    historical: bool = False,
) -> HousingRecord:
    """A refuge placement: placed on, and ended on once it has ended. Where the refuge is
    is not recorded here."""
    _check_case(case, historical)
    _check_dates(
        case,
        [(placed_on, "placed_on", "The date placed"), (ended_on, "ended_on", "The date ended")],
    )
    _check_order(placed_on, ended_on, "ended_on", "The placement cannot end before the date placed")
    return _update(
        actor,
        case,
        "housing.refuge_placement_recorded",
        {"refuge_placed_on": placed_on, "refuge_ended_on": ended_on},
    )


@transaction.atomic
def record_transfer(
    actor: User, case: Case, *, kind: str, transferred_on: date, historical: bool = False
) -> HousingRecord:
    """A move to another tenancy: a management transfer, a reciprocal arrangement or other."""
    _check_case(case, historical)
    if kind not in ref.codes(TRANSFER_KINDS):
        raise ValidationError({"kind": "Select the kind of transfer"})
    _check_dates(case, [(transferred_on, "transferred_on", "The date of the transfer")])
    return _update(
        actor,
        case,
        "housing.transfer_recorded",
        {"transfer_kind": kind, "transferred_on": transferred_on},
    )


@transaction.atomic
def record_person_causing_harm_moved(
    actor: User,
    case: Case,
    *,
    moved: str,
    moved_on: date | None = None,
    historical: bool = False,
) -> HousingRecord:
    """Whether the person causing harm moved out (yes, no or not known) and, if so, when."""
    _check_case(case, historical)
    if moved not in ref.codes(ref.YES_NO_NOT_KNOWN):
        raise ValidationError({"moved": "Select yes, no or not known"})
    if moved != "yes" and moved_on is not None:
        raise ValidationError(
            {"moved_on": "Leave the date empty unless the person causing harm moved"}
        )
    _check_dates(case, [(moved_on, "moved_on", "The date they moved")])
    return _update(
        actor,
        case,
        "housing.person_causing_harm_moved_recorded",
        {"person_causing_harm_moved": moved, "person_causing_harm_moved_on": moved_on},
    )


@transaction.atomic
def record_home_secured(
    actor: User, case: Case, *, secured_on: date, historical: bool = False
) -> HousingRecord:
    """The home is secured: counted once per case in "homes secured" (DOMAIN §7).
    Recording it again corrects the date; it never counts a second home."""
    _check_case(case, historical)
    _check_dates(case, [(secured_on, "secured_on", "The date the home was secured")])
    existing = HousingRecord.objects.filter(case=case, home_secured_on__isnull=False).exists()
    return _update(
        actor,
        case,
        "housing.home_secured_changed" if existing else "housing.home_secured",
        {"home_secured_on": secured_on},
    )


# Safe accommodation ---------------------------------------------------------------------------

#: The kinds of service that may be an accommodation service.
ACCOMMODATION_KINDS = (ServiceKind.REFUGE, ServiceKind.HOUSING)


def accommodation_of(case: Case) -> AccommodationService | None:
    """The accommodation service the case is at, or None."""
    return getattr(case.service, "accommodation", None)


def _codes(values: Iterable[str], choices: v.Choices, field: str, message: str) -> list[str]:
    chosen = list(dict.fromkeys(values))
    if any(code not in ref.codes(choices) for code in chosen):
        raise ValidationError({field: message})
    return chosen


@transaction.atomic
def save_accommodation(
    actor: User,
    service: Service,
    *,
    accommodation_type: str,
    funding_source: str,
    commissioned: bool,
    sanctuary_places: int | None = None,
) -> AccommodationService:
    """Make a refuge or housing service an accommodation service, or change what it is."""
    if service.kind not in ACCOMMODATION_KINDS:
        raise ValidationError("Only a refuge or housing service can offer safe accommodation")
    if accommodation_type not in ref.codes(v.ACCOMMODATION_TYPES):
        raise ValidationError({"accommodation_type": "Select the type of accommodation"})
    if funding_source not in ref.codes(v.FUNDING_SOURCES):
        raise ValidationError({"funding_source": "Select how it is funded"})
    existing = AccommodationService.objects.filter(service=service).first()
    sanctuary = accommodation_type == v.SANCTUARY_SCHEME
    if sanctuary and not sanctuary_places:
        raise ValidationError(
            {"sanctuary_places": "Enter how many homes the scheme can secure at once"}
        )
    if not sanctuary:
        sanctuary_places = None
    if existing is not None and sanctuary and existing.units.exists():
        raise ValidationError(
            {"accommodation_type": "A sanctuary scheme has no units: close its units first"}
        )
    accommodation = existing or AccommodationService(agency=service.agency, service=service)
    return audit.save_changes(
        accommodation,
        {
            "accommodation_type": accommodation_type,
            "funding_source": funding_source,
            "commissioned": commissioned,
            "sanctuary_places": sanctuary_places,
        },
        "accommodation.service_saved",
        actor=actor,
        agency=service.agency,
        exclude=["service"],
        only_if_changed=existing is not None,
    )


def _check_unit(unit: Unit) -> None:
    if unit.accommodation.is_sanctuary_scheme:
        raise ValidationError("A sanctuary scheme secures people's own homes: it has no units")
    taken = Unit.objects.filter(accommodation=unit.accommodation, label=unit.label)
    if taken.exclude(pk=unit.pk).exists():
        raise ValidationError({"label": "The service already has a unit with this name"})
    if unit.closed_on and unit.opened_on and unit.closed_on < unit.opened_on:
        raise ValidationError({"closed_on": "The date closed cannot be before the date opened"})


@transaction.atomic
def save_unit(
    actor: User,
    accommodation: AccommodationService,
    unit: Unit | None = None,
    *,
    label: str,
    bed_spaces: int,
    commissioned: bool = True,
    accessible: bool = False,
    takes_older_boys: bool = False,
    takes_pets: bool = False,
    groups: Iterable[str] = (),
    location: str | None = None,
    opened_on: date | None = None,
    closed_on: date | None = None,
    out_of_use: bool = False,
) -> Unit:
    """Add a unit to the service, or change one. ``location`` None keeps the one recorded
    (a change page never shows it); the audit names the fields changed, never values."""
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Enter a name for the unit, like Room 3"})
    if bed_spaces < 1:
        raise ValidationError({"bed_spaces": "A unit has at least 1 bed space"})
    values: dict[str, Any] = {
        "label": label,
        "bed_spaces": bed_spaces,
        "commissioned": commissioned,
        "accessible": accessible,
        "takes_older_boys": takes_older_boys,
        "takes_pets": takes_pets,
        "groups": _codes(groups, v.UNIT_GROUPS, "groups", "Select who the unit is for"),
        "opened_on": opened_on,
        "closed_on": closed_on,
        "out_of_use": out_of_use,
    }
    if location is not None:
        values["location"] = location.strip()
    if unit is None:
        unit = Unit(agency=accommodation.agency, accommodation=accommodation)
    elif unit.accommodation_id != accommodation.pk:
        raise ValidationError("The unit belongs to another service")
    adding = unit._state.adding
    return audit.save_changes(
        unit,
        values,
        "accommodation.unit_added" if adding else "accommodation.unit_changed",
        actor=actor,
        agency=accommodation.agency,
        exclude=["accommodation"],
        check=_check_unit,
        only_if_changed=not adding,
    )


def reveal_location(actor: User, unit: Unit, reason: str) -> str:
    """Where the unit is, for the provider's own worker who said why; audited with the
    reason (as a person's hidden contact details are)."""
    if reason not in ref.codes(v.LOCATION_REVEAL_REASONS):
        raise ValidationError({"reason": "Select why you need to see where the unit is"})
    audit.record(
        "accommodation.location_revealed",
        actor=actor,
        agency=unit.agency,
        target=unit,
        changes=["location"],
        reason=reason,
    )
    return unit.location


def _check_live(case: Case) -> AccommodationService:
    accommodation = accommodation_of(case)
    if accommodation is None:
        raise ValidationError("The case is not at a safe accommodation service")
    if not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording a stay")
    return accommodation


@transaction.atomic
def place_household(
    actor: User,
    case: Case,
    *,
    unit: Unit | None,
    moved_in_on: date,
    adult_moving_in: bool = True,
    children: Iterable[CaseChild] = (),
    from_out_of_area: str = ref.NOT_KNOWN,
) -> Stay:
    """Place the case's household: its person (the adult, unless ``adult_moving_in`` is
    False) and the chosen children of the case. The unit's row is locked while its other
    stays are checked, so a second placement into it waits and then sees this one. A
    sanctuary scheme's stay has no unit: it is linked to the case's housing record."""
    accommodation = _check_live(case)
    if accommodation.is_sanctuary_scheme:
        if unit is not None:
            raise ValidationError({"unit": "A sanctuary scheme has no units: leave it empty"})
    elif unit is None or unit.accommodation_id != accommodation.pk:
        raise ValidationError({"unit": "Select a unit of this service"})
    if from_out_of_area not in ref.codes(ref.YES_NO_NOT_KNOWN):
        raise ValidationError({"from_out_of_area": "Select yes, no or not known"})
    children = list(children)
    if any(child.case_id != case.pk for child in children):
        raise ValidationError({"children": "Select children of this case"})
    _check_dates(case, [(moved_in_on, "moved_in_on", "The date they moved in")])
    if case.stays.filter(moved_out_on__isnull=True).exists():
        raise ValidationError("The household is already staying: record the move out first")
    others: list[Span] = []
    bed_spaces = None
    if unit is not None:
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if unit.out_of_use or (unit.closed_on and unit.closed_on <= moved_in_on):
            raise ValidationError({"unit": "The unit is out of use: choose another"})
        bed_spaces = unit.bed_spaces
        others = [Span(s.moved_in_on, s.moved_out_on) for s in unit.stays.all()]
    problems = stay_problems(
        Span(moved_in_on),
        adults=int(adult_moving_in),
        children=len(children),
        bed_spaces=bed_spaces,
        others_in_unit=others,
    )
    if problems:
        raise ValidationError(problems)
    stay = Stay.objects.create(
        agency=case.agency,
        case=case,
        accommodation=accommodation,
        unit=unit,
        housing_record=_record(case) if unit is None else None,
        from_out_of_area=from_out_of_area,
        moved_in_on=moved_in_on,
    )
    people = [(case.person, False)] if adult_moving_in else []
    people += [(child.person, True) for child in children]
    StayMember.objects.bulk_create(
        StayMember(agency=case.agency, stay=stay, person=person, is_child=is_child)
        for person, is_child in people
    )
    audit.record(
        "accommodation.household_placed",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["stays"],
    )
    return stay


@transaction.atomic
def set_characteristics(
    actor: User, member: StayMember, characteristics: Iterable[str]
) -> StayMember:
    """The specialist characteristics of one member of the household, as the return counts."""
    chosen = _codes(
        characteristics,
        v.SPECIALIST_CHARACTERISTICS,
        "characteristics",
        "Select characteristics from the list",
    )
    return audit.save_changes(
        member,
        {"characteristics": chosen},
        "accommodation.characteristics_changed",
        actor=actor,
        agency=member.agency,
        target=member.stay.case,
        prefix="stays.members.",
        exclude=["stay", "person"],
        only_if_changed=True,
    )


@transaction.atomic
def record_support(
    actor: User, member: StayMember, *, kind: str, started_on: date, note: str = ""
) -> SupportReceived:
    """A kind of support one member (an adult or a child) received during the stay."""
    stay = member.stay
    if kind not in ref.codes(v.SUPPORT_KINDS):
        raise ValidationError({"kind": "Select the kind of support"})
    if member.support.filter(kind=kind).exists():
        raise ValidationError({"kind": "This support is already recorded for them"})
    problem = future_problem(started_on, "The date it started") or early_problem(
        started_on, stay.moved_in_on, "The date it started", "the day they moved in"
    )
    if problem is None and stay.moved_out_on and started_on > stay.moved_out_on:
        problem = "The date it started cannot be after the day they moved out"
    if problem:
        raise ValidationError({"started_on": problem})
    support = SupportReceived(
        agency=member.agency, member=member, kind=kind, started_on=started_on, note=note.strip()
    )
    support.full_clean()
    support.save()
    audit.record(
        "accommodation.support_recorded",
        actor=actor,
        agency=member.agency,
        target=stay.case,
        changes=["stays.members.support"],
    )
    return support


READY_OUTSIDE_STAY = (
    "The date they were ready to move on must be between the dates they moved in and out"
)


@transaction.atomic
def move_out(
    actor: User,
    stay: Stay,
    *,
    moved_out_on: date,
    leaving_reason: str,
    move_on_destination: str = "",
    ready_to_move_on_on: date | None = None,
) -> Stay:
    """The household stopped receiving support: when, why and, when it moved on, where to;
    and, when they waited for a home, the day they were ready to move on (the start of
    the move-on delay the needs assessment measures)."""
    stay = Stay.objects.select_for_update().select_related("case").get(pk=stay.pk)
    if stay.moved_out_on is not None:
        raise ValidationError("The household has already moved out")
    if leaving_reason not in ref.codes(v.LEAVING_REASONS):
        raise ValidationError({"leaving_reason": "Select why they left"})
    if leaving_reason == v.MOVED_ON and not move_on_destination:
        raise ValidationError({"move_on_destination": "Select where they moved on to"})
    if move_on_destination and move_on_destination not in ref.codes(v.MOVE_ON_DESTINATIONS):
        raise ValidationError({"move_on_destination": "Select where they moved on to"})
    problem = future_problem(moved_out_on, "The date they moved out")
    if problem is None and moved_out_on < stay.moved_in_on:
        problem = OUT_BEFORE_IN
    if problem:
        raise ValidationError({"moved_out_on": problem})
    if ready_to_move_on_on is not None and not (
        stay.moved_in_on <= ready_to_move_on_on <= moved_out_on
    ):
        raise ValidationError({"ready_to_move_on_on": READY_OUTSIDE_STAY})
    return audit.save_changes(
        stay,
        {
            "moved_out_on": moved_out_on,
            "leaving_reason": leaving_reason,
            "move_on_destination": move_on_destination,
            "ready_to_move_on_on": ready_to_move_on_on,
        },
        "accommodation.moved_out",
        actor=actor,
        agency=stay.agency,
        target=stay.case,
        prefix="stays.",
        exclude=["case", "accommodation", "unit", "housing_record"],
    )


@transaction.atomic
def record_unmet_need(
    actor: User,
    accommodation: AccommodationService,
    *,
    referred_on: date,
    reason: str,
    adults: int,
    children: int,
    characteristics: Iterable[str] = (),
    from_out_of_area: str = ref.NOT_KNOWN,
    source_reference: str = "",
) -> UnmetNeed:
    """A household referred from outside Concord (by phone, from another area) that the
    service could not support, and why: counted in the Part 4 return as unmet need. A
    referral made in Concord and declined is counted from the referral itself."""
    problems: dict[str, str] = {}
    if reason not in ref.codes(v.UNABLE_TO_SUPPORT_REASONS):
        problems["reason"] = "Select why the household could not be supported"
    if adults < 1:
        problems["adults"] = "A household has at least 1 adult"
    if children < 0:
        problems["children"] = "Enter the number of children as 0 or more"
    if from_out_of_area not in ref.codes(ref.YES_NO_NOT_KNOWN):
        problems["from_out_of_area"] = "Select whether they came from outside the area"
    problem = future_problem(referred_on, "The date of the referral")
    if problem:
        problems["referred_on"] = problem
    if problems:
        raise ValidationError(problems)
    chosen = _codes(
        characteristics,
        v.SPECIALIST_CHARACTERISTICS,
        "characteristics",
        "Select characteristics from the list",
    )
    need = UnmetNeed.objects.create(
        agency=accommodation.agency,
        accommodation=accommodation,
        referred_on=referred_on,
        reason=reason,
        adults=adults,
        children=children,
        characteristics=chosen,
        from_out_of_area=from_out_of_area,
        source_reference=source_reference,
    )
    audit.record(
        "accommodation.unmet_need_recorded",
        actor=actor,
        agency=accommodation.agency,
        target=need,
        changes=["reason", "adults", "children", "characteristics", "from_out_of_area"],
    )
    return need
