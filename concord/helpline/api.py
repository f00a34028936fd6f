"""Helpline calls through the API: the same scope, roles, checks and audit as the pages.
Calls hold no names; a call turned into a case answers with the case it opened."""

from __future__ import annotations

from datetime import date, datetime
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
from concord.domain.periods import parse_date
from concord.helpline import services
from concord.helpline.models import HelplineCall, HelplineCallQuerySet, help_points
from concord.helpline.scope import HelplineScope
from concord.helpline.vocabulary import CALL_REASONS, CALLER_TYPES, SIGNPOSTED_TO

router = ApiRouter(tags=["helpline"])
FROM_DAY = "From this day, like 2026-09-01"
TO_DAY = "Up to this day, like 2026-09-30"


def _days(given: dict[str, str | None]) -> dict[str, date]:
    """The days given, each written like 2026-09-01 (a number or any other form is 422)."""
    days, problems = {}, {}
    for name, text in given.items():
        if text is None:
            continue
        try:
            days[name] = parse_date(text)
        except ValueError as error:
            problems[name] = str(error)
    if problems:
        raise ValidationError(problems)
    return days


class CallIn(Input):
    service_id: UUID | None = Field(
        default=None, description="Your help point service; leave it out if you have one only"
    )
    called_at: datetime
    caller_type: Annotated[str, choice(CALLER_TYPES)]
    reason: Annotated[str, choice(CALL_REASONS)]
    advice_given: str = Field(
        default="", max_length=2000, description="Never anything that identifies the caller"
    )
    signposted_to: list[Annotated[str, choice(SIGNPOSTED_TO)]] = []
    signposted_other: str = Field(default="", max_length=200, description="With 'other'")
    duration_minutes: int | None = Field(default=None, ge=0, le=24 * 60)


class CallOut(Schema):
    id: UUID
    service_id: UUID
    called_at: datetime
    caller_type: str
    reason: str
    advice_given: str
    signposted_to: list[str]
    signposted_other: str
    duration_minutes: int | None
    case_id: UUID | None = Field(description="The case the call was turned into, if it was")

    @staticmethod
    def resolve_case_id(call: HelplineCall) -> UUID | None:
        return call.contact.case_id if call.contact is not None else None


class CallerIn(Input):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date | None = None


class OpenedCaseOut(Schema):
    case_id: UUID
    reference: str


def _service(request: ConcordRequest[HelplineScope], service_id: UUID | None) -> Service:
    own = list(help_points(request.membership))
    if service_id is None and len(own) == 1:
        return own[0]
    found = next((service for service in own if service.pk == service_id), None)
    if found is None:
        raise ValidationError({"service_id": "Choose one of your help point services"})
    return found


@router.get("", response=list[CallOut], summary="Calls logged at your help points, newest first")
@paginate
def list_calls(
    request: ConcordRequest[HelplineScope],
    called_from: Annotated[str | None, Query(None, description=FROM_DAY)] = None,
    called_to: Annotated[str | None, Query(None, description=TO_DAY)] = None,
    caller_type: Annotated[str, Query(""), choice(CALLER_TYPES, blank=True)] = "",
    reason: Annotated[str, Query(""), choice(CALL_REASONS, blank=True)] = "",
) -> HelplineCallQuerySet:
    calls = request.scope.helpline_calls.filter(service__in=help_points(request.membership))
    days = _days({"called_from": called_from, "called_to": called_to})
    if "called_from" in days:
        calls = calls.filter(called_on__gte=days["called_from"])
    if "called_to" in days:
        calls = calls.filter(called_on__lte=days["called_to"])
    if caller_type:
        calls = calls.filter(caller_type=caller_type)
    if reason:
        calls = calls.filter(reason=reason)
    audit.record(
        "helpline_calls.listed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="helpline.helplinecall",
    )
    return calls.select_related("contact")


@router.post("", response={201: CallOut}, summary="Log a call with no person")
def log_call(request: ConcordRequest[HelplineScope], payload: CallIn) -> Status[HelplineCall]:
    request.scope.helpline_calls  # noqa: B018 - the scope refuses roles that may not (403)
    values = payload.dict(exclude={"service_id"})
    call = services.log_call(request.user, _service(request, payload.service_id), **values)
    return Status(201, call)


@router.get("/{call_id}", response=CallOut, summary="One call (the read is audited)")
def get_call(request: ConcordRequest[HelplineScope], call_id: UUID) -> HelplineCall:
    return request.scope.helpline_call(call_id)


@router.post(
    "/{call_id}/case",
    response={201: OpenedCaseOut},
    summary="The caller agreed: record them as a person and open a case, the call its first "
    "contact",
)
def turn_into_case(
    request: ConcordRequest[HelplineScope], call_id: UUID, payload: CallerIn
) -> Status[dict[str, object]]:
    call = request.scope.helpline_call(call_id)
    case = services.turn_into_case(request.user, call, **payload.dict())
    return Status(201, {"case_id": case.pk, "reference": case.reference})
