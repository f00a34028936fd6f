"""Writes to contracts, KPI targets and quarterly returns: one transaction each, the
domain's checks (ValidationError, nothing changed) and an audit event naming the fields
changed, never their values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service
from concord.accounts.roles import Role
from concord.commissioning import evidence as evidence_check
from concord.commissioning import figures as computed_figures
from concord.commissioning import pbr
from concord.commissioning.lifecycle import (
    EDITABLE,
    ReturnStatus,
    check_transition,
)
from concord.commissioning.models import Contract, Evidence, Funder, Kpi, QuarterlyReturn
from concord.core import audit
from concord.core.lifecycle import IllegalTransition

NARRATIVE_FIELDS = ("successes", "stumbling_blocks", "focus_next_quarter")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class FunderShare:
    name: str
    share: Decimal


def _require_officer(membership: Membership, contract: Contract | None = None) -> None:
    if membership.role != Role.CONTRACT_MONITORING_OFFICER:
        raise ValidationError("Only a contract monitoring officer can do this")
    if contract is not None and contract.agency_id != membership.agency_id:
        raise ValidationError("Only the commissioner that owns the contract can do this")


def _require_provider(membership: Membership, contract: Contract) -> None:
    if membership.role != Role.SERVICE_MANAGER or contract.provider_id != membership.agency_id:
        raise ValidationError("Only a service manager of the provider can do this")


def _contract_problems(values: Mapping[str, Any], services: Sequence[Service]) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not str(values["title"]).strip():
        problems["title"] = "Enter the contract's title"
    if values["ends_on"] <= values["starts_on"]:
        problems["ends_on"] = "The end date must be after the start date"
    if values["annual_value_pence"] <= 0:
        problems["annual_value_pence"] = "Enter an annual value of more than £0"
    if not services:
        problems["services"] = "Choose at least one service"
    elif any(service.agency_id != values["provider"].pk for service in services):
        problems["services"] = "Choose services of the provider"
    for field in ("pbr_share", "partial_share", "met_threshold", "partial_threshold"):
        if not Decimal(0) <= values[field] <= HUNDRED:
            problems[field] = "Enter a percentage from 0 to 100"
    if "partial_share" not in problems and values["partial_share"] > values["pbr_share"]:
        problems["partial_share"] = "The partial share cannot be more than the full share"
    if (
        "partial_threshold" not in problems
        and values["partial_threshold"] > values["met_threshold"]
    ):
        problems["partial_threshold"] = (
            "The threshold for partially met cannot be more than the one for met"
        )
    return problems


def _funder_problem(funders: Sequence[FunderShare]) -> str:
    if not funders:
        return "Enter at least one funder"
    if any(not funder.name.strip() or funder.share <= 0 for funder in funders):
        return "Give each funder a name and a share of more than 0%"
    if sum((funder.share for funder in funders), Decimal(0)) != HUNDRED:
        return "The funders' shares must add up to 100%"
    return ""


@transaction.atomic
def save_contract(
    membership: Membership,
    *,
    title: str,
    provider: Agency,
    services: Sequence[Service],
    starts_on: date,
    ends_on: date,
    annual_value_pence: int,
    funders: Sequence[FunderShare],
    pbr_share: Decimal = Decimal(20),
    partial_share: Decimal = Decimal(10),
    met_threshold: Decimal = HUNDRED,
    partial_threshold: Decimal = Decimal(50),
    contract: Contract | None = None,
) -> Contract:
    """Let a new contract (the officer's agency owns it) or change ``contract``."""
    _require_officer(membership, contract)
    values: dict[str, Any] = {
        "title": title.strip(),
        "provider": provider,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "annual_value_pence": annual_value_pence,
        "pbr_share": pbr_share,
        "partial_share": partial_share,
        "met_threshold": met_threshold,
        "partial_threshold": partial_threshold,
    }
    problems = _contract_problems(values, services)
    funder_problem = _funder_problem(funders)
    if funder_problem:
        problems["funders"] = funder_problem
    if problems:
        raise ValidationError(problems)
    if contract is None:
        contract = Contract(agency=membership.agency)
        related = ["services", "funders"]
        action = "commissioning.contract_let"
    else:
        related = _changed_related(contract, services, funders)
        action = "commissioning.contract_changed"
    audit.save_changes(
        contract,
        values,
        action,
        actor=membership.user,
        agency=membership.agency,
        also_changed=related,
    )
    contract.services.set(services)
    contract.funders.all().delete()
    Funder.objects.bulk_create(
        Funder(contract=contract, name=funder.name.strip(), share=funder.share)
        for funder in funders
    )
    return contract


def _changed_related(
    contract: Contract, services: Sequence[Service], funders: Sequence[FunderShare]
) -> list[str]:
    """Which of the contract's services and funders the new ones change."""
    changed = []
    if {s.pk for s in contract.services.all()} != {s.pk for s in services}:
        changed.append("services")
    old = {(f.name, f.share) for f in contract.funders.all()}
    if old != {(f.name.strip(), f.share) for f in funders}:
        changed.append("funders")
    return changed


@transaction.atomic
def set_kpi_target(
    membership: Membership,
    contract: Contract,
    *,
    code: str,
    title: str,
    year: int | None,
    target: Decimal,
    better: str,
    aggregation: str,
    payment_linked: bool = True,
    stretch_target: Decimal | None = None,
) -> Kpi:
    """Set a KPI's target for one contract year (replacing that year's target if any)."""
    _require_officer(membership, contract)
    problems: dict[str, str] = {}
    if year is None:
        problems["year"] = "Enter the contract year the target is for"
    elif not 1 <= year <= contract.years:
        problems["year"] = f"Enter a contract year from 1 to {contract.years}"
    if not code.strip():
        problems["code"] = "Enter the indicator code"
    if not title.strip():
        problems["title"] = "Enter the KPI's title"
    if better not in set(pbr.Better):
        problems["better"] = "Select whether higher or lower is better"
    if aggregation not in set(pbr.Aggregation):
        problems["aggregation"] = "Select how the year's figure is worked out"
    easier = (
        stretch_target is not None
        and "better" not in problems
        and not pbr.meets(stretch_target, target, pbr.Better(better))
    )
    if easier:
        problems["stretch_target"] = "The stretch target must be harder to meet than the target"
    if problems:
        raise ValidationError(problems)
    values: dict[str, Any] = {
        "code": code.strip(),
        "title": title.strip(),
        "year": year,
        "target": target,
        "stretch_target": stretch_target,
        "better": better,
        "aggregation": aggregation,
        "payment_linked": payment_linked,
    }
    found = contract.kpis.filter(code=values["code"], year=values["year"]).first()
    return audit.save_changes(
        found or Kpi(contract=contract),
        values,
        "commissioning.kpi_target_set",
        actor=membership.user,
        agency=membership.agency,
    )


def kpis_for(quarterly_return: QuarterlyReturn) -> list[Kpi]:
    return list(quarterly_return.contract.kpis.filter(year=quarterly_return.year))


def entered_codes(kpis: Iterable[Kpi]) -> set[str]:
    """The KPIs whose figures the provider enters: those the indicator engine does not
    compute."""
    codes = {kpi.code for kpi in kpis}
    return codes - computed_figures.computed_codes(codes)


@transaction.atomic
def start_return(
    membership: Membership, contract: Contract, *, year: int, quarter: int
) -> QuarterlyReturn:
    """The provider's draft return for one quarter (the existing one if already started)."""
    _require_provider(membership, contract)
    problems: dict[str, str] = {}
    if not 1 <= year <= contract.years:
        problems["year"] = f"Enter a contract year from 1 to {contract.years}"
    if not 1 <= quarter <= 4:
        problems["quarter"] = "Enter a quarter from 1 to 4"
    if problems:
        raise ValidationError(problems)
    found, created = QuarterlyReturn.objects.get_or_create(
        contract=contract, year=year, quarter=quarter
    )
    if created:
        audit.record(
            "commissioning.return_started",
            actor=membership.user,
            agency=membership.agency,
            target=found,
        )
    return found


@transaction.atomic
def save_return(
    membership: Membership,
    quarterly_return: QuarterlyReturn,
    *,
    figures: Mapping[str, Decimal | None],
    successes: str = "",
    stumbling_blocks: str = "",
    focus_next_quarter: str = "",
) -> QuarterlyReturn:
    """Save the provider's figures (one per KPI code of the year) and narrative, while
    the return is a draft or queried."""
    locked = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    _require_provider(membership, locked.contract)
    if locked.status not in EDITABLE:
        raise ValidationError(f"The return is {locked.status_label.lower()}: it cannot be changed")
    codes = entered_codes(kpis_for(locked))
    if set(figures) - codes:
        raise ValidationError({"figures": "Enter figures only for this year's KPIs"})
    values = {
        "figures": {code: str(value) for code, value in figures.items() if value is not None},
        "successes": successes.strip(),
        "stumbling_blocks": stumbling_blocks.strip(),
        "focus_next_quarter": focus_next_quarter.strip(),
    }
    return audit.save_changes(
        locked,
        values,
        "commissioning.return_saved",
        actor=membership.user,
        agency=membership.agency,
    )


def _move(
    locked: QuarterlyReturn,
    target: ReturnStatus,
    membership: Membership,
    action: str,
    changes: Sequence[str],
) -> None:
    try:
        check_transition(locked.status, target)
    except IllegalTransition as problem:
        raise ValidationError(str(problem)) from None
    locked.status = target
    locked.save()
    audit.record(
        action, actor=membership.user, agency=membership.agency, target=locked, changes=changes
    )


@transaction.atomic
def submit_return(membership: Membership, quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    """Submit (or resubmit after a query): every KPI of the year needs a figure, and the
    figures are frozen from then on."""
    locked = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    _require_provider(membership, locked.contract)
    kpis = kpis_for(locked)
    entered = entered_codes(kpis)
    missing = [kpi.title for kpi in kpis if kpi.code in entered and kpi.code not in locked.figures]
    if locked.status in EDITABLE and missing:
        raise ValidationError({"figures": f"Enter a figure for {', '.join(missing)}"})
    if locked.status in EDITABLE:
        frozen = computed_figures.computed(
            locked.contract.provider, locked.financial_quarter, {kpi.code for kpi in kpis}
        )
        locked.figures = {
            code: value for code, value in locked.figures.items() if code in entered
        } | {code: str(value) for code, value in frozen.figures.items()}
        locked.figure_parts = frozen.parts
    locked.submitted_at = timezone.now()
    changes = ["status", "submitted_at", "figures", "figure_parts"]
    _move(locked, ReturnStatus.SUBMITTED, membership, "commissioning.return_submitted", changes)
    return locked


def _review(
    membership: Membership, quarterly_return: QuarterlyReturn, comment: str, target: ReturnStatus
) -> QuarterlyReturn:
    locked = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
    if membership.agency_id == locked.contract.provider_id:
        raise ValidationError("The provider cannot review its own return")
    _require_officer(membership, locked.contract)
    if not comment.strip():
        raise ValidationError({"comment": "Enter a comment"})
    locked.comment = comment.strip()
    if target is ReturnStatus.SIGNED_OFF:
        locked.signed_off_by = membership.user
    changes = (
        ["status", "comment", "signed_off_by"] if locked.signed_off_by else ["status", "comment"]
    )
    _move(locked, target, membership, f"commissioning.return_{target.value}", changes)
    return locked


@transaction.atomic
def query_return(
    membership: Membership, quarterly_return: QuarterlyReturn, comment: str
) -> QuarterlyReturn:
    """Send the return back to the provider with a question."""
    return _review(membership, quarterly_return, comment, ReturnStatus.QUERIED)


@transaction.atomic
def sign_off_return(
    membership: Membership, quarterly_return: QuarterlyReturn, comment: str
) -> QuarterlyReturn:
    """Accept the return: its figures count towards payment by results."""
    return _review(membership, quarterly_return, comment, ReturnStatus.SIGNED_OFF)


def evidence_limit() -> int:
    return int(settings.COMMISSIONING_EVIDENCE_MAX_BYTES)


@transaction.atomic
def attach_evidence(
    membership: Membership, quarterly_return: QuarterlyReturn, *, name: str, content: bytes
) -> Evidence:
    """Keep a checked evidence file with a draft or queried return."""
    _require_provider(membership, quarterly_return.contract)
    if quarterly_return.status not in EDITABLE:
        raise ValidationError("Evidence can be added only before the return is submitted")
    try:
        content_type = evidence_check.check(name, content, evidence_limit())
    except evidence_check.EvidenceRefused as problem:
        raise ValidationError({"file": str(problem)}) from None
    found = Evidence.objects.create(
        quarterly_return=quarterly_return,
        name=name[-200:],
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=membership.user,
    )
    audit.record(
        "commissioning.evidence_attached",
        actor=membership.user,
        agency=membership.agency,
        target=found,
    )
    return found


@dataclass(frozen=True)
class YearSummary:
    year: int
    label: str
    results: list[pbr.KpiResult]
    payment: pbr.YearPayment


def payments(
    contract: Contract, kpis: Iterable[Kpi], signed_off: Iterable[QuarterlyReturn]
) -> list[YearSummary]:
    """Each contract year's payment due from its signed-off returns' frozen figures."""
    by_year: dict[int, list[QuarterlyReturn]] = {}
    for found in sorted(signed_off, key=lambda r: (r.year, r.quarter)):
        by_year.setdefault(found.year, []).append(found)
    kpi_years: dict[int, list[Kpi]] = {}
    for kpi in kpis:
        kpi_years.setdefault(kpi.year, []).append(kpi)
    summaries = []
    for year in range(1, contract.years + 1):
        returns = by_year.get(year, [])
        results = [
            pbr.KpiResult(
                code=kpi.code,
                target=kpi.target,
                better=pbr.Better(kpi.better),
                payment_linked=kpi.payment_linked,
                actual=pbr.year_actual(
                    [f for r in returns if (f := r.figure(kpi.code)) is not None],
                    pbr.Aggregation(kpi.aggregation),
                ),
            )
            for kpi in kpi_years.get(year, [])
        ]
        payment = pbr.year_payment(results, contract.rule, contract.annual_value_pence)
        summaries.append(YearSummary(year, contract.year_label(year), results, payment))
    return summaries
