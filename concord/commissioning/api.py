"""Contracts and quarterly returns through the API, read-only: the same scope and roles as
the pages (the commissioner's contract monitoring officers see the contracts their agency
owns, the provider's service managers their own agency's; other contracts 404, other
roles 403). A return's figures are exact for the provider and protected for anyone else,
as the indicators API's are (DOMAIN §11). Every read is audited."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db.models import Prefetch, prefetch_related_objects
from ninja import Schema

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.commissioning import figures as return_figures
from concord.commissioning import services
from concord.commissioning.lifecycle import ReturnStatus
from concord.commissioning.models import Contract, Evidence, Kpi, QuarterlyReturn
from concord.commissioning.scope import CommissioningScope
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.indicators.publishing import sees_exact_figures

router = ApiRouter(tags=["commissioning"])


class AgencyOut(Schema):
    id: UUID
    name: str


class ServiceOut(Schema):
    id: UUID
    name: str


class FunderOut(Schema):
    name: str
    share: Decimal


class ContractOut(Schema):
    """Shares and thresholds are percentages (``pbr_share`` 20 is 20% of the annual value)."""

    id: UUID
    title: str
    commissioner: AgencyOut
    provider: AgencyOut
    services: list[ServiceOut]
    starts_on: date
    ends_on: date
    years: int
    annual_value_pence: int
    funders: list[FunderOut]
    pbr_share: Decimal
    partial_share: Decimal
    met_threshold: Decimal
    partial_threshold: Decimal


class KpiOut(Schema):
    code: str
    title: str
    year: int
    target: Decimal
    stretch_target: Decimal | None
    better: str
    aggregation: str
    payment_linked: bool


class PaymentOut(Schema):
    """One contract year's payment by results, from its signed-off returns."""

    year: int
    label: str
    outcome: str
    due_pence: int
    reason: str


class ContractDetailOut(ContractOut):
    kpis: list[KpiOut]
    payments: list[PaymentOut]


class EvidenceOut(Schema):
    id: UUID
    name: str
    content_type: str
    size: int


class ReturnFigureOut(Schema):
    """``value`` is the figure as a decimal string (null when hidden or not given);
    ``text`` what to print: the figure, "<5" or "[c]" when protected, or "Not given"."""

    code: str
    title: str
    value: str | None
    text: str


class ReturnOut(Schema):
    """``protected`` is true when the figures have disclosure control: a small count is
    hidden and a percentage, whose numerator and denominator a return does not keep, too."""

    id: UUID
    contract_id: UUID
    year: int
    quarter: int
    label: str
    status: str
    submitted_at: datetime | None
    successes: str
    stumbling_blocks: str
    focus_next_quarter: str
    comment: str
    signed_off_by: str | None
    evidence: list[EvidenceOut]
    protected: bool
    figures: list[ReturnFigureOut]


def _contract_out(contract: Contract) -> dict[str, object]:
    return {
        "id": contract.pk,
        "title": contract.title,
        "commissioner": contract.agency,
        "provider": contract.provider,
        "services": list(contract.services.all()),
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "years": contract.years,
        "annual_value_pence": contract.annual_value_pence,
        "funders": list(contract.funders.all()),
        "pbr_share": contract.pbr_share,
        "partial_share": contract.partial_share,
        "met_threshold": contract.met_threshold,
        "partial_threshold": contract.partial_threshold,
    }


def _viewed(
    request: ConcordRequest[CommissioningScope], action: str, target: Contract | QuarterlyReturn
) -> None:
    audit.record(action, actor=request.user, agency=request.membership.agency, target=target)


@router.get("/contracts", response=list[ContractOut], summary="Contracts you may see")
def list_contracts(request: ConcordRequest[CommissioningScope]) -> list[dict[str, object]]:
    contracts = request.scope.contracts.select_related("provider", "agency").prefetch_related(
        "services", "funders"
    )
    # As for other lists, the audit says that someone looked, not at what.
    audit.record(
        "commissioning.contracts_viewed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="commissioning.contract",
    )
    return [_contract_out(contract) for contract in contracts]


@router.get(
    "/contracts/{contract_id}",
    response=ContractDetailOut,
    summary="One contract with its KPI targets and payment by results",
)
def contract_detail(
    request: ConcordRequest[CommissioningScope], contract_id: UUID
) -> dict[str, object]:
    contract = request.scope.contract(contract_id)
    kpis = list(contract.kpis.all())
    signed_off = contract.returns.filter(status=ReturnStatus.SIGNED_OFF)
    payments = [
        PaymentOut(
            year=summary.year,
            label=summary.label,
            outcome=summary.payment.outcome.value,
            due_pence=summary.payment.due_pence,
            reason=summary.payment.reason,
        )
        for summary in services.payments(contract, kpis, signed_off)
    ]
    _viewed(request, "commissioning.contract_viewed", contract)
    return _contract_out(contract) | {"kpis": kpis, "payments": payments}


def _without_content() -> Prefetch[str]:
    # The files' content never leaves through the API: only what they are.
    return Prefetch("evidence", queryset=Evidence.objects.defer("content"))


def _return_out(
    request: ConcordRequest[CommissioningScope], found: QuarterlyReturn, kpis: list[Kpi]
) -> dict[str, object]:
    exact = sees_exact_figures(request.membership, found.contract.provider_id)
    codes = [kpi.code for kpi in kpis]
    shown = (
        return_figures.exact_figures(found.figures, codes)
        if exact
        else return_figures.protected_figures(
            found.figures, codes, disclosure_rule(), found.figure_parts
        )
    )
    titles = {kpi.code: kpi.title for kpi in kpis}
    return {
        "id": found.pk,
        "contract_id": found.contract_id,
        "year": found.year,
        "quarter": found.quarter,
        "label": found.label,
        "status": found.status,
        "submitted_at": found.submitted_at,
        "successes": found.successes,
        "stumbling_blocks": found.stumbling_blocks,
        "focus_next_quarter": found.focus_next_quarter,
        "comment": found.comment,
        "signed_off_by": found.signed_off_by.full_name if found.signed_off_by else None,
        "evidence": list(found.evidence.all()),
        "protected": not exact,
        "figures": [
            {"code": f.code, "title": titles[f.code], "value": f.value, "text": f.text}
            for f in shown
        ],
    }


@router.get(
    "/contracts/{contract_id}/returns",
    response=list[ReturnOut],
    summary="A contract's quarterly returns",
)
def contract_returns(
    request: ConcordRequest[CommissioningScope], contract_id: UUID
) -> list[dict[str, object]]:
    contract = request.scope.contract(contract_id)
    kpis_by_year: defaultdict[int, list[Kpi]] = defaultdict(list)
    for kpi in contract.kpis.all():
        kpis_by_year[kpi.year].append(kpi)
    returns = contract.returns.select_related("signed_off_by").prefetch_related(_without_content())
    answer = []
    for found in returns:
        found.contract = contract
        answer.append(_return_out(request, found, kpis_by_year[found.year]))
    _viewed(request, "commissioning.returns_viewed", contract)
    return answer


@router.get(
    "/returns/{return_id}", response=ReturnOut, summary="One quarterly return with its figures"
)
def quarterly_return(
    request: ConcordRequest[CommissioningScope], return_id: UUID
) -> dict[str, object]:
    found = request.scope.quarterly_return(return_id)
    prefetch_related_objects([found], "signed_off_by", _without_content())
    answer = _return_out(request, found, services.kpis_for(found))
    _viewed(request, "commissioning.return_viewed", found)
    return answer
