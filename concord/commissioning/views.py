"""Contract and quarterly return pages. Contracts and returns are reached only through
``request.scope``; writes go through concord.commissioning.services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.commissioning import figures as return_figures
from concord.commissioning import funding, services
from concord.commissioning.forms import (
    ContractForm,
    EvidenceForm,
    KpiForm,
    ReturnForm,
    ReviewForm,
    StartReturnForm,
)
from concord.commissioning.lifecycle import EDITABLE, ReturnStatus
from concord.commissioning.models import Contract, QuarterlyReturn
from concord.commissioning.presenters import (
    contract_rows,
    kpi_rows,
    money,
    return_rows,
)
from concord.commissioning.presenters_funding import funding_rows
from concord.commissioning.scope import CommissioningScope
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.domain.numbers import number_text


@rule_required("commissioning.view_contract")
def contract_list(request: ConcordRequest[CommissioningScope]) -> HttpResponse:
    contracts = request.scope.contracts.select_related("provider", "agency")
    can_manage = rules.test_rule("commissioning.manage_contract", request.membership)
    rows = contract_rows(contracts)
    context = {"title": "Contracts", "rows": rows, "can_manage": can_manage}
    return render(request, "commissioning/list.html", context)


@rule_required("commissioning.view_contract")
def contract_detail(request: ConcordRequest[CommissioningScope], contract_id: UUID) -> HttpResponse:
    contract = request.scope.contract(contract_id)
    kpis = list(contract.kpis.all())
    returns = list(contract.returns.select_related("contract"))
    signed_off = [r for r in returns if r.status == ReturnStatus.SIGNED_OFF]
    membership = request.membership
    reviewer = rules.test_rule("commissioning.review_return", membership)
    context = {
        "title": contract.title,
        "contract": contract,
        "value": money(contract.annual_value_pence),
        "funders": list(contract.funders.all()),
        "services": list(contract.services.all()),
        "kpi_rows": kpi_rows(kpis),
        "return_rows": return_rows(returns, reviewer=reviewer),
        "payments": services.payments(contract, kpis, signed_off),
        "money": money,
        "can_manage": rules.test_rule("commissioning.manage_contract", membership),
        "can_submit": rules.test_rule("commissioning.submit_return", membership),
        "start_form": StartReturnForm(),
        "funding_rows": funding_rows(funding.contract_allocations(contract, timezone.localdate())),
    }
    return render(request, "commissioning/detail.html", context)


@rule_required("commissioning.submit_return")
def start_return(request: ConcordRequest[CommissioningScope], contract_id: UUID) -> HttpResponse:
    """Start (or go back to) the provider's return for one quarter."""
    contract = request.scope.contract(contract_id)
    form = StartReturnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data

        def start() -> QuarterlyReturn:
            return services.start_return(request.membership, contract, **values)

        started = saved(form, start)
        if started is not None:
            return redirect("commissioning:return", started.pk)
    back = reverse("commissioning:contract", args=[contract.pk])
    context = {
        "title": "Start a quarterly return",
        "form": form,
        "submit": "Continue",
        "back_url": back,
    }
    return render(request, "core/form_page.html", context)


def _contract_page(
    request: ConcordRequest[CommissioningScope], contract: Contract | None
) -> HttpResponse:
    initial = (
        ContractForm.initial_for(contract)
        if contract
        else {
            "pbr_share": 20,
            "partial_share": 10,
            "met_threshold": 100,
            "partial_threshold": 50,
        }
    )
    form = ContractForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["annual_value_pence"] = values.pop("annual_value")

        def save() -> Contract:
            return services.save_contract(request.membership, contract=contract, **values)

        found = saved(form, save, {"annual_value_pence": "annual_value"})
        if found is not None:
            messages.success(request, f"The contract “{found.title}” is saved")
            return redirect("commissioning:contract", found.pk)
    back = (
        reverse("commissioning:contract", args=[contract.pk])
        if contract
        else reverse("commissioning:list")
    )
    title = f"Change contract: {contract.title}" if contract else "New contract"
    context = {"title": title, "form": form, "submit": "Save contract", "back_url": back}
    return render(request, "core/form_page.html", context)


@rule_required("commissioning.manage_contract")
def new_contract(request: ConcordRequest[CommissioningScope]) -> HttpResponse:
    return _contract_page(request, None)


@rule_required("commissioning.manage_contract")
def edit_contract(request: ConcordRequest[CommissioningScope], contract_id: UUID) -> HttpResponse:
    return _contract_page(request, request.scope.managed_contract(contract_id))


@rule_required("commissioning.manage_contract")
def set_kpi(request: ConcordRequest[CommissioningScope], contract_id: UUID) -> HttpResponse:
    contract = request.scope.managed_contract(contract_id)
    form = KpiForm(posted(request), initial={"payment_linked": True})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data

        def save() -> Any:
            return services.set_kpi_target(request.membership, contract, **values)

        if saved(form, save) is not None:
            messages.success(request, "The KPI target is saved")
            return redirect("commissioning:contract", contract.pk)
    back = reverse("commissioning:contract", args=[contract.pk])
    context = {
        "title": f"Set a KPI target: {contract.title}",
        "form": form,
        "submit": "Save target",
        "back_url": back,
    }
    return render(request, "core/form_page.html", context)


def _return_context(found: QuarterlyReturn, *, protected: bool = False) -> dict[str, Any]:
    """The return's details; its figures exact for the provider, or protected by
    disclosure control once they have left it (DOMAIN §11)."""
    kpis = services.kpis_for(found)
    if protected:
        codes = [kpi.code for kpi in kpis]
        shown = return_figures.protected_figures(
            found.figures, codes, disclosure_rule(), found.figure_parts
        )
        figures = [(kpi, figure.text) for kpi, figure in zip(kpis, shown, strict=True)]
    else:
        figures = [(kpi, number_text(found.figure(kpi.code))) for kpi in kpis]
    return {
        "quarterly_return": found,
        "contract": found.contract,
        "figures": figures,
        "computed": [kpi for kpi in kpis if kpi.code not in services.entered_codes(kpis)],
        "evidence": list(found.evidence.defer("content")),
    }


@rule_required("commissioning.submit_return")
def return_page(request: ConcordRequest[CommissioningScope], return_id: UUID) -> HttpResponse:
    """The provider's return: figures and narrative (saved, or saved and submitted)."""
    found = request.scope.provided_return(return_id)
    kpis = services.kpis_for(found)
    initial = ReturnForm.initial_for(
        kpis,
        found.figures,
        successes=found.successes,
        stumbling_blocks=found.stumbling_blocks,
        focus_next_quarter=found.focus_next_quarter,
    )
    form = ReturnForm(posted(request), kpis=kpis, initial=initial)
    if request.method == "POST" and form.is_valid():
        membership = request.membership

        @transaction.atomic
        def save() -> QuarterlyReturn:
            changed = services.save_return(membership, found, **form.values())
            if "submit" in request.POST:
                return services.submit_return(membership, changed)
            return changed

        if saved(form, save) is not None:
            done = "submitted" if "submit" in request.POST else "saved"
            messages.success(request, f"The return is {done}")
            return redirect("commissioning:return", found.pk)
    context = _return_context(found) | {
        "title": f"Quarterly return: {found.label}",
        "form": form,
        "editable": found.status in EDITABLE,
        "evidence_form": EvidenceForm(),
    }
    return render(request, "commissioning/return.html", context)


@rule_required("commissioning.submit_return")
def add_evidence(request: ConcordRequest[CommissioningScope], return_id: UUID) -> HttpResponse:
    found = request.scope.provided_return(return_id)
    form = EvidenceForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = services.evidence_limit()
        content = upload.read(limit + 1)

        def attach() -> Any:
            return services.attach_evidence(
                request.membership, found, name=upload.name, content=content
            )

        if saved(form, attach) is not None:
            messages.success(request, "The evidence is added")
            return redirect("commissioning:return", found.pk)
    back = reverse("commissioning:return", args=[found.pk])
    context = {
        "title": "Add evidence",
        "form": form,
        "submit": "Upload",
        "back_url": back,
        "upload": True,
    }
    return render(request, "core/form_page.html", context)


@rule_required("commissioning.view_contract")
def download_evidence(
    request: ConcordRequest[CommissioningScope], return_id: UUID, evidence_id: UUID
) -> HttpResponse:
    found = request.scope.quarterly_return(return_id)
    item = found.evidence.filter(pk=evidence_id).first()
    if item is None:
        raise Http404
    response = HttpResponse(bytes(item.content), content_type=item.content_type)
    response["Content-Disposition"] = "attachment"
    return response


@rule_required("commissioning.review_return")
def review(request: ConcordRequest[CommissioningScope], return_id: UUID) -> HttpResponse:
    """The officer's review of a submitted return: query it or sign it off."""
    found = request.scope.reviewed_return(return_id)
    form = ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        act = services.sign_off_return if decision == "sign_off" else services.query_return

        def decide() -> QuarterlyReturn:
            return act(request.membership, found, comment)

        if saved(form, decide) is not None:
            done = "signed off" if decision == "sign_off" else "queried"
            messages.success(request, f"The return is {done}")
            return redirect("commissioning:contract", found.contract.pk)
    context = _return_context(found, protected=True) | {
        "title": f"Review the return: {found.label}",
        "form": form,
        "can_review": found.status == ReturnStatus.SUBMITTED,
    }
    return render(request, "commissioning/review.html", context)
