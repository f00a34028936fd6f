"""Housing (Safe Home) records of a case through the API: the same scope, roles, services
and audit as the pages. Only cases at a housing service have them; any other case is 404.
Each outcome is recorded once and may be corrected, so it is a PUT.

Safe accommodation: every provider's services with their units and free bed spaces
(``accommodation_router``; never a location, nor a name that could say where), and the
stays of a case at an accommodation service: list, place a household, move out."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from concord.accommodation import services
from concord.accommodation import vocabulary as v
from concord.accommodation.models import (
    AccommodationService,
    AccommodationServiceQuerySet,
    HousingRecord,
    SanctuaryMeasure,
    Stay,
    StayMember,
    UnmetNeed,
)
from concord.accommodation.presenters import housing_record_of
from concord.accommodation.scope import HousingScope
from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.accounts.http import ConcordRequest
from concord.cases.models import Case
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice, fields_named, one_of
from concord.people import reference as ref

router = ApiRouter(tags=["housing"])
accommodation_router = ApiRouter(tags=["safe accommodation"])


class SanctuaryMeasureOut(Schema):
    id: UUID
    kind: str = Field(description=one_of(SANCTUARY_MEASURES))
    description: str
    fitted_on: date


class HousingOut(Schema):
    """The housing outcomes of a case; empty until recorded."""

    options_assessed_on: date | None = None
    options_outcome: str = ""
    emergency_placed_on: date | None = None
    emergency_left_on: date | None = None
    refuge_placed_on: date | None = None
    refuge_ended_on: date | None = None
    transfer_kind: str = Field(default="", description=one_of(TRANSFER_KINDS))
    transferred_on: date | None = None
    person_causing_harm_moved: str = Field(default="", description=one_of(ref.YES_NO_NOT_KNOWN))
    person_causing_harm_moved_on: date | None = None
    home_secured_on: date | None = Field(
        default=None, description="Counted once per case in the indicator 'homes secured'"
    )
    sanctuary_measures: list[SanctuaryMeasureOut] = []


class OptionsAssessmentIn(Input):
    assessed_on: date
    outcome: str = Field(max_length=200, description="In a few words")


class SanctuaryMeasureIn(Input):
    kind: Annotated[str, choice(SANCTUARY_MEASURES)]
    fitted_on: date
    description: str = Field(default="", max_length=100, description="Needed when kind is other")


class EmergencyAccommodationIn(Input):
    placed_on: date
    left_on: date | None = Field(default=None, description="Empty while the person is there")


class RefugePlacementIn(Input):
    placed_on: date
    ended_on: date | None = Field(default=None, description="Empty while the placement lasts")


class TransferIn(Input):
    kind: Annotated[str, choice(TRANSFER_KINDS)]
    transferred_on: date


class PersonCausingHarmMovedIn(Input):
    moved: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)]
    moved_on: date | None = Field(default=None, description="Only if they moved")


class HomeSecuredIn(Input):
    secured_on: date


def _recording(request: ConcordRequest[HousingScope], case_id: UUID) -> Case:
    """A housing case the user may record on; 403 for a role that cannot, 404 otherwise."""
    if not rules.test_rule("accommodation.record_housing", request.membership):
        raise PermissionDenied
    return request.scope.housing_case(case_id)


@router.get(
    "/{case_id}/housing",
    response=HousingOut,
    summary="The housing record of a case at a housing service (the read is audited)",
)
def get_housing(request: ConcordRequest[HousingScope], case_id: UUID) -> HousingRecord | HousingOut:
    return housing_record_of(request.scope.housing_case(case_id)) or HousingOut()


@router.put(
    "/{case_id}/housing/options-assessment",
    response=HousingOut,
    summary="Record or correct the housing options assessment",
)
def options_assessment(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: OptionsAssessmentIn
) -> HousingRecord:
    case = _recording(request, case_id)
    return services.record_options_assessment(request.user, case, **payload.dict())


@router.post(
    "/{case_id}/housing/sanctuary-measures",
    response={201: SanctuaryMeasureOut},
    summary="Add a sanctuary (target-hardening) measure fitted to the home",
)
def add_sanctuary_measure(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: SanctuaryMeasureIn
) -> Status[SanctuaryMeasure]:
    case = _recording(request, case_id)
    return Status(201, services.add_sanctuary_measure(request.user, case, **payload.dict()))


@router.put(
    "/{case_id}/housing/emergency-accommodation",
    response=HousingOut,
    summary="Record or correct emergency temporary accommodation",
)
def emergency_accommodation(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: EmergencyAccommodationIn
) -> HousingRecord:
    case = _recording(request, case_id)
    return services.record_emergency_accommodation(request.user, case, **payload.dict())


@router.put(
    "/{case_id}/housing/refuge-placement",
    response=HousingOut,
    summary="Record or correct a refuge placement (where the refuge is is never recorded)",
)
def refuge_placement(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: RefugePlacementIn
) -> HousingRecord:
    case = _recording(request, case_id)
    return services.record_refuge_placement(request.user, case, **payload.dict())


@router.put(
    "/{case_id}/housing/transfer",
    response=HousingOut,
    summary="Record or correct a move to another tenancy",
)
def transfer(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: TransferIn
) -> HousingRecord:
    case = _recording(request, case_id)
    return services.record_transfer(request.user, case, **payload.dict())


@router.put(
    "/{case_id}/housing/person-causing-harm-moved",
    response=HousingOut,
    summary="Record whether the person causing harm moved out, and when",
)
def person_causing_harm_moved(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: PersonCausingHarmMovedIn
) -> HousingRecord:
    case = _recording(request, case_id)
    return services.record_person_causing_harm_moved(request.user, case, **payload.dict())


@router.put(
    "/{case_id}/housing/home-secured",
    response=HousingOut,
    summary="Record the day the home was secured (again: corrects the date, never a second home)",
)
def home_secured(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: HomeSecuredIn
) -> HousingRecord:
    case = _recording(request, case_id)
    return services.record_home_secured(request.user, case, **payload.dict())


# Safe accommodation ---------------------------------------------------------------------------


class UnitOut(Schema):
    """A unit as referrers see it: what it offers, never its name or where it is."""

    id: UUID
    bed_spaces: int
    commissioned: bool
    accessible: bool
    takes_older_boys: bool
    takes_pets: bool
    groups: list[str] = Field(
        description="Who it is for; none means anyone. " + one_of(v.UNIT_GROUPS)
    )
    free: bool = Field(description="Free tonight: open, in use and no household staying")


class AccommodationOut(Schema):
    service_id: UUID = Field(description="The service to refer to")
    provider: str = Field(description="The agency that runs it")
    accommodation_type: str = Field(description=one_of(v.ACCOMMODATION_TYPES))
    funding_source: str = Field(description=one_of(v.FUNDING_SOURCES))
    commissioned: bool
    sanctuary_places: int | None = None
    bed_spaces: int = Field(description="In units open tonight")
    occupied_bed_spaces: int = Field(description="In units a household stays in tonight")
    free_bed_spaces: int
    units: list[UnitOut]

    @staticmethod
    def resolve_provider(obj: AccommodationService) -> str:
        return obj.agency.name


@accommodation_router.get(
    "/services",
    response=list[AccommodationOut],
    summary="Every provider's safe accommodation with its units and free bed spaces tonight "
    "(never where a unit is)",
)
@paginate
def accommodation_services(
    request: ConcordRequest[HousingScope],
) -> AccommodationServiceQuerySet:
    return request.scope.services_with_occupancy.order_by(
        "agency__name", "accommodation_type", "pk"
    )


class SupportOut(Schema):
    kind: str = Field(description=one_of(v.SUPPORT_KINDS))
    started_on: date
    note: str


class MemberOut(Schema):
    person_id: UUID
    is_child: bool
    characteristics: list[str] = Field(description=one_of(v.SPECIALIST_CHARACTERISTICS))
    support: list[SupportOut]


class StayOut(Schema):
    id: UUID
    accommodation_type: str = Field(description=one_of(v.ACCOMMODATION_TYPES))
    unit_id: UUID | None = Field(description="None for a sanctuary scheme (their own home)")
    unit_label: str = Field(description="The provider's name for the unit, never an address")
    from_out_of_area: str = Field(description=one_of(ref.YES_NO_NOT_KNOWN))
    moved_in_on: date
    moved_out_on: date | None
    leaving_reason: str = Field(description=one_of(v.LEAVING_REASONS))
    move_on_destination: str = Field(description=one_of(v.MOVE_ON_DESTINATIONS))
    ready_to_move_on_on: date | None = Field(description="When they waited for a home")
    members: list[MemberOut]

    @staticmethod
    def resolve_accommodation_type(obj: Stay) -> str:
        return obj.accommodation.accommodation_type

    @staticmethod
    def resolve_unit_label(obj: Stay) -> str:
        return obj.unit.label if obj.unit else ""


class PlaceHouseholdIn(Input):
    unit_id: UUID | None = Field(default=None, description="Empty for a sanctuary scheme")
    moved_in_on: date
    adult_moving_in: bool = Field(default=True, description="The case's person moves in")
    children: list[UUID] = Field(
        default=[], description="Person ids of the case's children moving in with them"
    )
    from_out_of_area: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN


class MoveOutIn(Input):
    moved_out_on: date
    leaving_reason: Annotated[str, choice(v.LEAVING_REASONS)]
    move_on_destination: Annotated[str, choice(v.MOVE_ON_DESTINATIONS, blank=True)] = Field(
        default="", description="Needed when they moved on"
    )
    ready_to_move_on_on: date | None = Field(
        default=None, description="When they waited for a home: the day they were ready"
    )


@router.get(
    "/{case_id}/stays",
    response=list[StayOut],
    summary="The stays in safe accommodation of a case at an accommodation service",
)
def stays(request: ConcordRequest[HousingScope], case_id: UUID) -> list[Stay]:
    case = request.scope.accommodation_case(case_id, "accommodation.view_housing")
    return list(request.scope.stays_of(case))


@router.post(
    "/{case_id}/stays",
    response={201: StayOut},
    summary="Place the case's household in a unit (its person and children of the case)",
)
def place_household(
    request: ConcordRequest[HousingScope], case_id: UUID, payload: PlaceHouseholdIn
) -> Status[Stay]:
    case = request.scope.accommodation_case(case_id, "accommodation.record_housing")
    unit = None
    if payload.unit_id is not None:
        unit = request.scope.unit_of(case, payload.unit_id)
        if unit is None:
            raise ValidationError({"unit_id": "Select a unit of this service"})
    children = list(case.children.filter(person_id__in=payload.children))
    if len(children) != len(set(payload.children)):
        raise ValidationError({"children": "Select children of this case"})
    with fields_named({"unit": "unit_id", "members": "children"}):
        stay = services.place_household(
            request.user,
            case,
            unit=unit,
            moved_in_on=payload.moved_in_on,
            adult_moving_in=payload.adult_moving_in,
            children=children,
            from_out_of_area=payload.from_out_of_area,
        )
    return Status(201, request.scope.stay(case, stay.pk))


@router.post(
    "/{case_id}/stays/{stay_id}/move-out",
    response=StayOut,
    summary="Record that the household moved out: when, why and where to",
)
def move_out(
    request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID, payload: MoveOutIn
) -> Stay:
    case = request.scope.accommodation_case(case_id, "accommodation.record_housing")
    stay = request.scope.stay(case, stay_id)
    services.move_out(request.user, stay, **payload.dict())
    return request.scope.stay(case, stay.pk)


class CharacteristicsIn(Input):
    characteristics: list[Annotated[str, choice(v.SPECIALIST_CHARACTERISTICS)]] = Field(
        description="All that apply, as they describe themselves; replaces what was recorded"
    )


class SupportIn(Input):
    kind: Annotated[str, choice(v.SUPPORT_KINDS)]
    started_on: date
    note: str = Field(default="", max_length=300)


def _member(
    request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID, person_id: UUID
) -> tuple[Case, StayMember]:
    case = request.scope.accommodation_case(case_id, "accommodation.record_housing")
    stay = request.scope.stay(case, stay_id)
    member = next((m for m in stay.members.all() if m.person_id == person_id), None)
    if member is None:
        raise Http404
    return case, member


@router.put(
    "/{case_id}/stays/{stay_id}/members/{person_id}/characteristics",
    response=StayOut,
    summary="The specialist characteristics of one member of the household",
)
def member_characteristics(
    request: ConcordRequest[HousingScope],
    case_id: UUID,
    stay_id: UUID,
    person_id: UUID,
    payload: CharacteristicsIn,
) -> Stay:
    case, member = _member(request, case_id, stay_id, person_id)
    services.set_characteristics(request.user, member, payload.characteristics)
    return request.scope.stay(case, stay_id)


@router.post(
    "/{case_id}/stays/{stay_id}/members/{person_id}/support",
    response={201: StayOut},
    summary="Support one member of the household (an adult or a child) received",
)
def member_support(
    request: ConcordRequest[HousingScope],
    case_id: UUID,
    stay_id: UUID,
    person_id: UUID,
    payload: SupportIn,
) -> Status[Stay]:
    case, member = _member(request, case_id, stay_id, person_id)
    services.record_support(request.user, member, **payload.dict())
    return Status(201, request.scope.stay(case, stay_id))


# Households from outside Concord that could not be supported ----------------------------------


class UnmetNeedIn(Input):
    referred_on: date
    reason: Annotated[str, choice(v.UNABLE_TO_SUPPORT_REASONS)]
    adults: int = Field(default=1, ge=1, le=20)
    children: int = Field(default=0, ge=0, le=20)
    characteristics: list[Annotated[str, choice(v.SPECIALIST_CHARACTERISTICS)]] = Field(
        default=[], description="Of the adults, as far as the referral said"
    )
    from_out_of_area: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN
    source_reference: str = Field(default="", max_length=100)


class UnmetNeedOut(Schema):
    id: UUID
    referred_on: date
    reason: str = Field(description=one_of(v.UNABLE_TO_SUPPORT_REASONS))
    adults: int
    children: int
    characteristics: list[str]
    from_out_of_area: str
    source_reference: str


def _accommodation(request: ConcordRequest[HousingScope], service_id: UUID) -> AccommodationService:
    service = request.scope.accommodation_service(service_id)
    accommodation = request.scope.accommodation_of(service)
    if accommodation is None:
        raise Http404
    return accommodation


@accommodation_router.get(
    "/services/{service_id}/unmet-needs",
    response=list[UnmetNeedOut],
    summary="Households from outside Concord your service could not support, last 12 months",
)
def unmet_needs(request: ConcordRequest[HousingScope], service_id: UUID) -> list[UnmetNeed]:
    return list(request.scope.unmet_needs_of(_accommodation(request, service_id)))


@accommodation_router.post(
    "/services/{service_id}/unmet-needs",
    response={201: UnmetNeedOut},
    summary="Record a household from outside Concord your service could not support",
)
def record_unmet_need(
    request: ConcordRequest[HousingScope], service_id: UUID, payload: UnmetNeedIn
) -> Status[UnmetNeed]:
    need = services.record_unmet_need(
        request.user, _accommodation(request, service_id), **payload.dict()
    )
    return Status(201, need)
