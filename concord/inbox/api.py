"""The help point's inbox of online referrals through the API: the same scope, roles,
checks and audit as the pages. Accepting answers with the case it opened."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.db.models import QuerySet
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice
from concord.inbox import services
from concord.inbox import vocabulary as words
from concord.inbox.models import OnlineReferral
from concord.inbox.scope import InboxScope

router = ApiRouter(tags=["online referrals"])


class OnlineReferralOut(Schema):
    id: UUID
    reference: str
    kind: str
    service_id: UUID
    received_at: datetime
    name: str
    family_name: str
    contact_method: str
    phone: str
    email: str
    safe_times: str
    never: list[str] = Field(description="Codes of what must never happen when contacting them")
    never_other: str
    danger_now: str
    language: str
    interpreter_needed: bool
    more: str
    status: str
    first_contact_at: datetime | None
    decided_at: datetime | None
    close_reason: str
    case_id: UUID | None = Field(description="The case it became, once accepted")


class OnlineReferralAcceptIn(Input):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date | None = None


class AcceptedReferralCaseOut(Schema):
    case_id: UUID
    reference: str


@router.get(
    "",
    response=list[OnlineReferralOut],
    summary="Online referrals received by your help point; new ones oldest first",
)
@paginate
def list_online_referrals(
    request: ConcordRequest[InboxScope],
    status: Annotated[str, Query(words.NEW), choice(words.STATUSES)] = words.NEW,
    kind: Annotated[str, Query(""), choice(words.KINDS, blank=True)] = "",
) -> QuerySet[OnlineReferral]:
    referrals = request.scope.online_referrals.filter(status=status)
    if kind:
        referrals = referrals.filter(kind=kind)
    audit.record(
        "online_referrals.listed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="inbox.onlinereferral",
    )
    return referrals.order_by("received_at" if status == words.NEW else "-received_at")


@router.get(
    "/{referral_id}",
    response=OnlineReferralOut,
    summary="One online referral (the read is audited)",
)
def get_online_referral(request: ConcordRequest[InboxScope], referral_id: UUID) -> OnlineReferral:
    return request.scope.online_referral(referral_id)


@router.post(
    "/{referral_id}/accept",
    response={201: AcceptedReferralCaseOut},
    summary="Accept: record the person and open their case at the help point, led by you",
)
def accept_online_referral(
    request: ConcordRequest[InboxScope], referral_id: UUID, payload: OnlineReferralAcceptIn
) -> Status[dict[str, object]]:
    referral = request.scope.online_referral(referral_id)
    case = services.accept(request.user, referral, **payload.dict())
    return Status(201, {"case_id": case.pk, "reference": case.reference})
