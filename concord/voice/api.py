"""Complaints through the API: the same scope, roles, checks and audit as the pages, for a
case-management or complaints system that needs them. Feedback and the register stay on
the pages; their counts are in the indicators API."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Service
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice
from concord.people import reference as ref
from concord.voice import services
from concord.voice.models import Complaint, ComplaintQuerySet, ComplaintStage
from concord.voice.scope import VoiceScope
from concord.voice.vocabulary import CHANNELS, OUTCOMES

router = ApiRouter(tags=["complaints"])
Request = ConcordRequest[VoiceScope]


class ComplaintIn(Input):
    service_id: UUID
    received_on: date
    channel: Annotated[str, choice(CHANNELS)]
    summary: str = Field(min_length=1, max_length=4000)
    wants_linked: bool = Field(
        default=False, description="The person wants this linked to their support"
    )
    case_id: UUID | None = Field(default=None, description="Only when wants_linked is true")
    sex: Annotated[str, choice(ref.SEXES)] = ref.NOT_KNOWN
    ethnicity: Annotated[str, choice(ref.ETHNICITY_CHOICES)] = ref.NOT_KNOWN
    disability: Annotated[str, choice(ref.DISABILITY)] = ref.NOT_KNOWN
    sexual_orientation: Annotated[str, choice(ref.SEXUAL_ORIENTATIONS)] = ref.NOT_KNOWN
    age_band_from: int | None = Field(
        default=None, description="The first age of the age band given (16, 18, 25, ...)"
    )


class ComplaintStageOut(Schema):
    number: int
    name: str
    began_on: date
    acknowledge_by: date
    acknowledged_on: date | None
    respond_by: date | None
    responded_on: date | None
    outcome: str
    lessons: str


class ComplaintOut(Schema):
    id: UUID
    service_id: UUID
    received_on: date
    channel: str
    summary: str
    case_id: UUID | None
    current_stage: ComplaintStageOut | None


class ComplaintAcknowledgementIn(Input):
    acknowledged_on: date


class ComplaintResponseIn(Input):
    responded_on: date
    outcome: Annotated[str, choice(OUTCOMES)]
    response: str = Field(default="", max_length=4000)
    lessons: str = Field(default="", max_length=4000)


def _current_stage(complaint: Complaint) -> ComplaintStage:
    """The stage just changed, read again (the scope's copy is from before the change)."""
    return complaint.stages.order_by("-number").first() or ComplaintStage()


def _service(request: Request, service_id: UUID) -> Service:
    found = Service.objects.filter(agency=request.membership.agency, pk=service_id).first()
    if found is None:
        raise ValidationError({"service_id": "Choose one of your agency's services"})
    return found


@router.get("", response=list[ComplaintOut], summary="Your agency's complaints, newest first")
@paginate
def list_complaints(
    request: Request,
    stage: Annotated[int | None, Query(None, description="The current stage's number")] = None,
) -> ComplaintQuerySet:
    complaints = request.scope.complaints.select_related("current_stage")
    if stage is not None:
        complaints = complaints.filter(current_stage__number=stage)
    audit.record(
        "complaints.listed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="voice.complaint",
    )
    return complaints


@router.post("", response={201: ComplaintOut}, summary="Log a complaint about a service")
def log_complaint(request: Request, payload: ComplaintIn) -> Status[Complaint]:
    request.scope.complaints  # noqa: B018 - the scope refuses roles that may not (403)
    case = None
    if payload.case_id is not None:
        case = request.scope.cases.select_related("person").filter(pk=payload.case_id).first()
        if case is None:
            raise ValidationError({"case_id": "There is no case of yours with that id"})
    answers = {
        "sex": payload.sex,
        "ethnicity": payload.ethnicity,
        "disability": payload.disability,
        "sexual_orientation": payload.sexual_orientation,
        "approximate_age": payload.age_band_from,
    }
    complaint = services.log_complaint(
        request.user,
        _service(request, payload.service_id),
        received_on=payload.received_on,
        channel=payload.channel,
        summary=payload.summary,
        wants_linked=payload.wants_linked,
        case=case,
        answers=answers,
    )
    return Status(201, complaint)


@router.get("/{complaint_id}", response=ComplaintOut, summary="One complaint (audited)")
def get_complaint(request: Request, complaint_id: UUID) -> Complaint:
    return request.scope.complaint(complaint_id)


@router.post(
    "/{complaint_id}/acknowledgement",
    response=ComplaintStageOut,
    summary="The day the current stage was acknowledged",
)
def acknowledge(
    request: Request, complaint_id: UUID, payload: ComplaintAcknowledgementIn
) -> ComplaintStage:
    complaint = request.scope.complaint(complaint_id)
    services.acknowledge_complaint(request.user, complaint, **payload.dict())
    return _current_stage(complaint)


@router.post(
    "/{complaint_id}/response",
    response=ComplaintStageOut,
    summary="The current stage's response: date, outcome, what it said, lessons learnt",
)
def respond(request: Request, complaint_id: UUID, payload: ComplaintResponseIn) -> ComplaintStage:
    complaint = request.scope.complaint(complaint_id)
    services.respond_to_complaint(request.user, complaint, **payload.dict())
    return _current_stage(complaint)
