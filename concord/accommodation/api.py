"""Housing (Safe Home) records of a case through the API: the same scope, roles, services
and audit as the pages. Only cases at a housing service have them; any other case is 404.
Each outcome is recorded once and may be corrected, so it is a PUT."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from ninja import Field, Schema, Status

from concord.accommodation import services
from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accommodation.presenters import housing_record_of
from concord.accommodation.scope import HousingScope
from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.accounts.http import ConcordRequest
from concord.cases.models import Case
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice, one_of
from concord.people import reference as ref

router = ApiRouter(tags=["housing"])


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
