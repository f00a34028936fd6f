"""Grants and spend through the API: the same scope, roles and services as the pages. The
partnership manager and contract monitoring officers see every stream of a year; a
provider's service manager sees the streams that fund it, with only its own allocations.
Spend is returned (or a quarter corrected) by POST; a bad quarter or amount is 422."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.params import P, QueryEx

from concord.accounts.http import ConcordRequest
from concord.commissioning import funding
from concord.commissioning.models import Allocation
from concord.commissioning.presenters_funding import paid_to
from concord.commissioning.scope import CommissioningScope
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.domain.periods import financial_year_of
from concord.domain.spend import SpendToDate

router = ApiRouter(tags=["grants and spend"])
YEAR = "The financial year by the year it starts in (2025 for 2025-26); this year if not given"


class SpendToDateOut(Schema):
    """Spend from quarter 1 to ``quarter``. ``variance_pence`` is spend less the profile of
    the quarters returned (null before any return); ``not_returned`` lists quarters with no
    spend returned, which are never counted as nothing spent."""

    quarter: int
    allocated_pence: int
    profile_pence: int
    spent_pence: int
    variance_pence: int | None
    variance: str
    not_returned: list[int]


class QuarterSpendOut(Schema):
    quarter: int
    spent_pence: int


class AllocationOut(Schema):
    id: UUID
    paid_to: str
    contract_id: UUID | None
    service_id: UUID | None
    purpose: str
    amount_pence: int
    spend: list[QuarterSpendOut]
    to_date: SpendToDateOut


class StreamOut(Schema):
    id: UUID
    name: str
    kind: str
    funder: str
    year: int
    amount_pence: int
    allocations: list[AllocationOut]
    to_date: SpendToDateOut


class SpendIn(Schema):
    quarter: int = Field(description="1 (April to June) to 4 (January to March)")
    spent_pence: int = Field(description="What was spent in the quarter, in pence, 0 or more")
    note: str = Field("", max_length=2000)


class SpendOut(Schema):
    allocation_id: UUID
    quarter: int
    spent_pence: int
    note: str


def _to_date(found: SpendToDate) -> dict[str, object]:
    return {
        "quarter": found.quarter,
        "allocated_pence": found.allocated_pence,
        "profile_pence": found.profile_pence,
        "spent_pence": found.spent_pence,
        "variance_pence": found.variance_pence,
        "variance": found.variance_text,
        "not_returned": list(found.not_returned),
    }


def _allocation(spend: funding.AllocationSpend) -> dict[str, object]:
    allocation = spend.allocation
    return {
        "id": allocation.pk,
        "paid_to": paid_to(allocation),
        "contract_id": allocation.contract_id,
        "service_id": allocation.service_id,
        "purpose": allocation.purpose,
        "amount_pence": allocation.amount_pence,
        "spend": [{"quarter": q, "spent_pence": p} for q, p in sorted(spend.spent.items())],
        "to_date": _to_date(spend.to_date),
    }


@router.get(
    "/streams",
    response=list[StreamOut],
    summary="A financial year's funding streams, allocations and spend to date",
)
def streams(
    request: ConcordRequest[CommissioningScope],
    year: QueryEx[int | None, P(ge=2000, le=2100, description=YEAR)] = None,
) -> list[dict[str, object]]:
    today = timezone.localdate()
    if year is None:
        year = financial_year_of(today)
    upto = funding.current_quarter(year, today)
    scope = request.scope
    found = funding.streams_spend(
        list(scope.streams.filter(year=year).order_by("name")),
        scope.allocations.filter(stream__year=year),
        upto,
    )
    audit.record(
        "commissioning.streams_viewed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="commissioning.fundingstream",
        reason=str(year),
    )
    return [
        {
            "id": s.stream.pk,
            "name": s.stream.name,
            "kind": s.stream.kind,
            "funder": s.stream.funder,
            "year": s.stream.year,
            "amount_pence": s.stream.amount_pence,
            "allocations": [_allocation(a) for a in s.allocations],
            "to_date": _to_date(s.to_date),
        }
        for s in found
    ]


@router.post(
    "/allocations/{allocation_id}/spend",
    response={201: SpendOut},
    summary="Return (or correct) one quarter's spend of an allocation",
)
def return_spend(
    request: ConcordRequest[CommissioningScope], allocation_id: UUID, payload: SpendIn
) -> Status[dict[str, object]]:
    allocation: Allocation = request.scope.spend_allocation(allocation_id)
    if not funding.may_return_spend(request.membership, allocation):
        raise PermissionDenied
    saved = funding.return_spend(request.membership, allocation, **payload.dict())
    return Status(
        201,
        {
            "allocation_id": allocation.pk,
            "quarter": saved.quarter,
            "spent_pence": saved.spent_pence,
            "note": saved.note,
        },
    )
