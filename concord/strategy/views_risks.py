"""The risk register's pages: the list by score with its filters, a risk, and the
partnership manager's forms to add, change and close one. The plan's readers may read it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.accounts.http import ConcordRequest
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date
from concord.strategy import risks
from concord.strategy.forms_risks import CloseRiskForm, RiskForm, ShowForm
from concord.strategy.models import Risk


def _risk(risk_id: UUID) -> Risk:
    found = Risk.objects.select_related("owner", "owner_agency").filter(pk=risk_id).first()
    if found is None:
        raise Http404
    return found


def review_html(risk: Risk, today: Any) -> str:
    """The review date, and a tag in words when it is overdue (never colour alone)."""
    if risks.review_overdue(risk, today):
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--red">Review overdue</strong>',
            govuk_date(risk.review_on),
        )
    return format_html("{}", govuk_date(risk.review_on))


def _status_html(risk: Risk) -> str:
    if risk.closed_on is None:
        return format_html('<strong class="govuk-tag govuk-tag--blue">{}</strong>', "Open")
    return format_html(
        '<strong class="govuk-tag govuk-tag--grey">Closed</strong> {}', govuk_date(risk.closed_on)
    )


def risk_rows(found: list[Risk], today: Any) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": risk.reference},
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("strategy:risk", args=[risk.pk]),
                    risk.title,
                )
            },
            {"text": risks.score_text(risk)},
            {"text": f"{risk.owner.full_name}, {risk.owner_agency.name}"},
            {"html": review_html(risk, today)},
            {"html": _status_html(risk)},
        ]
        for risk in found
    ]


@rule_required("strategy.view_risks")
def risk_list(request: ConcordRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ShowForm(request.GET or None)
    show = form.chosen()
    found = risks.register(show, today)
    context = {
        "title": "Risk register",
        "form": form,
        "show": show,
        "rows": risk_rows(found, today),
        "overdue": sum(1 for risk in found if risks.review_overdue(risk, today)),
        "can_manage": rules.test_rule("strategy.manage_risks", request.membership),
    }
    return render(request, "strategy/risks/list.html", context)


@rule_required("strategy.view_risks")
def risk_page(request: ConcordRequest, risk_id: UUID) -> HttpResponse:
    risk = _risk(risk_id)
    today = timezone.localdate()
    context = {
        "title": f"Risk {risk.reference}",
        "risk": risk,
        "score": risks.score_text(risk),
        "review": review_html(risk, today),
        "status": _status_html(risk),
        "can_manage": rules.test_rule("strategy.manage_risks", request.membership)
        and risk.closed_on is None,
    }
    return render(request, "strategy/risks/risk.html", context)


def _risk_form(request: ConcordRequest, risk: Risk | None) -> HttpResponse:
    form = RiskForm(posted(request), initial=RiskForm.initial_for(risk) if risk else None)
    if request.method == "POST" and form.is_valid():

        def save() -> Risk:
            if risk is None:
                return risks.add_risk(request.membership, **form.cleaned_data)
            return risks.change_risk(request.membership, risk, **form.cleaned_data)

        done = saved(form, save)
        if done is not None:
            messages.success(request, f"Risk {done.reference} is saved")
            return redirect("strategy:risk", done.pk)
    back = reverse("strategy:risk", args=[risk.pk]) if risk else reverse("strategy:risks")
    context = {
        "title": f"Change risk {risk.reference}" if risk else "Add a risk",
        "caption": "Risk register",
        "form": form,
        "submit": "Save the risk",
        "back_url": back,
    }
    return render(request, "core/form_page.html", context)


@rule_required("strategy.manage_risks")
def new_risk(request: ConcordRequest) -> HttpResponse:
    return _risk_form(request, None)


@rule_required("strategy.manage_risks")
def edit_risk(request: ConcordRequest, risk_id: UUID) -> HttpResponse:
    return _risk_form(request, _risk(risk_id))


@rule_required("strategy.manage_risks")
def close_risk(request: ConcordRequest, risk_id: UUID) -> HttpResponse:
    risk = _risk(risk_id)
    today = timezone.localdate()
    form = CloseRiskForm(posted(request), initial={"closed_on": today})
    if request.method == "POST" and form.is_valid():

        def close() -> Risk:
            return risks.close_risk(request.membership, risk, today=today, **form.cleaned_data)

        if saved(form, close) is not None:
            messages.success(request, f"Risk {risk.reference} is closed")
            return redirect("strategy:risk", risk.pk)
    context = {
        "title": f"Close risk {risk.reference}",
        "caption": risk.title,
        "form": form,
        "submit": "Close the risk",
        "back_url": reverse("strategy:risk", args=[risk.pk]),
    }
    return render(request, "core/form_page.html", context)
