"""Housing (Safe Home) pages of a case. The case is reached through ``request.scope``;
every write goes through concord.accommodation.services, then back to the housing page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accommodation import services
from concord.accommodation.forms import (
    EmergencyAccommodationForm,
    HomeSecuredForm,
    HousingOutcomeForm,
    OptionsAssessmentForm,
    PersonCausingHarmMovedForm,
    RefugePlacementForm,
    SanctuaryMeasureForm,
    TransferForm,
)
from concord.accommodation.presenters import housing_record_of, measure_rows, outcome_rows
from concord.accommodation.scope import HousingScope
from concord.accounts.http import ConcordRequest
from concord.cases import lifecycle
from concord.cases.models import Case
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved


@dataclass(frozen=True)
class Outcome:
    form: type[HousingOutcomeForm]
    record: Callable[..., Any]
    title: str
    submit: str
    saved: str


OUTCOMES: dict[str, Outcome] = {
    "options-assessment": Outcome(
        OptionsAssessmentForm,
        services.record_options_assessment,
        "Housing options assessment",
        "Save assessment",
        "The housing options assessment is saved",
    ),
    "emergency-accommodation": Outcome(
        EmergencyAccommodationForm,
        services.record_emergency_accommodation,
        "Emergency temporary accommodation",
        "Save",
        "The emergency temporary accommodation is saved",
    ),
    "refuge-placement": Outcome(
        RefugePlacementForm,
        services.record_refuge_placement,
        "Refuge placement",
        "Save placement",
        "The refuge placement is saved",
    ),
    "transfer": Outcome(
        TransferForm, services.record_transfer, "Transfer", "Save transfer", "The transfer is saved"
    ),
    "person-causing-harm-moved": Outcome(
        PersonCausingHarmMovedForm,
        services.record_person_causing_harm_moved,
        "Person causing harm moved out",
        "Save",
        "Whether the person causing harm moved out is saved",
    ),
    "home-secured": Outcome(
        HomeSecuredForm,
        services.record_home_secured,
        "Home secured",
        "Record home secured",
        "The home is recorded as secured",
    ),
}


@rule_required("accommodation.view_housing")
def housing(request: ConcordRequest[HousingScope], case_id: UUID) -> HttpResponse:
    """Everything recorded about the housing work of one case."""
    case = request.scope.housing_case(case_id)
    can_record = lifecycle.is_active(case.status) and rules.test_rule(
        "accommodation.record_housing", request.membership
    )
    return render(
        request,
        "accommodation/housing.html",
        {
            "title": f"Housing: case {case.reference}",
            "case": case,
            "outcome_rows": outcome_rows(case, can_change=can_record),
            "measure_rows": measure_rows(housing_record_of(case)),
            "can_record": can_record,
        },
    )


@rule_required("accommodation.record_housing")
def add_sanctuary_measure(request: ConcordRequest[HousingScope], case_id: UUID) -> HttpResponse:
    case = request.scope.housing_case(case_id)
    form = SanctuaryMeasureForm(posted(request), initial={"fitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.add_sanctuary_measure(request.user, case, **values)):
            messages.success(request, "The sanctuary measure is recorded")
            return redirect("accommodation:housing", case_id=case.pk)
    return _form_page(request, case, form, "Add a sanctuary measure", "Save measure")


@rule_required("accommodation.record_housing")
def record_outcome(
    request: ConcordRequest[HousingScope], case_id: UUID, outcome: str
) -> HttpResponse:
    """Record or correct one housing outcome (see OUTCOMES)."""
    kind = OUTCOMES.get(outcome)
    if kind is None:
        raise Http404
    case = request.scope.housing_case(case_id)
    initial = kind.form.initial_from(housing_record_of(case))
    form = kind.form(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: kind.record(request.user, case, **values)):
            messages.success(request, kind.saved)
            return redirect("accommodation:housing", case_id=case.pk)
    return _form_page(request, case, form, kind.title, kind.submit)


def _form_page(
    request: ConcordRequest[HousingScope], case: Case, form: Form, title: str, submit: str
) -> HttpResponse:
    context = {
        "title": f"{title}: case {case.reference}",
        "heading": title,
        "case": case,
        "form": form,
        "submit": submit,
        "back_url": reverse("accommodation:housing", args=[case.pk]),
    }
    return render(request, "accommodation/form_page.html", context)
