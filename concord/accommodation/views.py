"""Housing (Safe Home) pages of a case, and the safe accommodation pages: a provider's
set-up and units, a unit's location (revealed with a reason), the partnership's vacancy
board and a case's stays. Records are reached through ``request.scope``; every write goes
through concord.accommodation.services."""

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
from django.utils.html import format_html
from django.views.decorators.cache import never_cache

from concord.accommodation import services
from concord.accommodation.forms import (
    AccommodationServiceForm,
    CharacteristicsForm,
    EmergencyAccommodationForm,
    HomeSecuredForm,
    HousingOutcomeForm,
    LocationRevealForm,
    MoveOutForm,
    OptionsAssessmentForm,
    PersonCausingHarmMovedForm,
    PlaceHouseholdForm,
    RefugePlacementForm,
    SanctuaryMeasureForm,
    SupportForm,
    TransferForm,
    UnitForm,
    UnmetNeedForm,
    VacancyFilterForm,
)
from concord.accommodation.models import Stay, StayMember
from concord.accommodation.presenters import (
    accommodation_rows,
    housing_record_of,
    measure_rows,
    member_cards,
    outcome_rows,
    stay_rows,
    unit_rows,
    unmet_need_rows,
    vacancy_rows,
    vacancy_totals,
)
from concord.accommodation.scope import HousingScope
from concord.accounts.http import ConcordRequest
from concord.accounts.models import Service
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
        "caption": f"{case.person}, case {case.reference}",
        "back_url": reverse("accommodation:housing", args=[case.pk]),
        "back_text": "Back to housing",
    }
    return render(request, "cases/captioned_form.html", context)


# Safe accommodation ---------------------------------------------------------------------------


@rule_required("accommodation.set_up")
def accommodation_list(request: ConcordRequest[HousingScope]) -> HttpResponse:
    """The agency's refuge and housing services, to set up as safe accommodation."""
    services_ = request.scope.accommodation_services.select_related("accommodation")
    rows = [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("accommodation:setup", args=[s.pk]),
                    s.name,
                )
            },
            {
                "text": s.accommodation.get_accommodation_type_display()
                if hasattr(s, "accommodation")
                else "Not set up"
            },
        ]
        for s in services_.order_by("name")
    ]
    return render(
        request,
        "accommodation/setup_list.html",
        {"title": "Safe accommodation set-up", "rows": rows},
    )


@rule_required("accommodation.set_up")
def setup(request: ConcordRequest[HousingScope], service_id: UUID) -> HttpResponse:
    """A provider's accommodation service: its type and funding, and its units."""
    service = request.scope.accommodation_service(service_id)
    accommodation = request.scope.accommodation_of(service)
    units = list(accommodation.units.all()) if accommodation else []
    return render(
        request,
        "accommodation/setup.html",
        {
            "title": f"Safe accommodation: {service.name}",
            "service": service,
            "accommodation": accommodation,
            "summary": accommodation_rows(accommodation),
            "unit_rows": unit_rows(units, timezone.localdate()),
            "unmet_need_rows": unmet_need_rows(request.scope.unmet_needs_of(accommodation)),
        },
    )


@rule_required("accommodation.set_up")
def change_setup(request: ConcordRequest[HousingScope], service_id: UUID) -> HttpResponse:
    service = request.scope.accommodation_service(service_id)
    accommodation = request.scope.accommodation_of(service)
    initial = (
        {name: getattr(accommodation, name) for name in AccommodationServiceForm.base_fields}
        if accommodation
        else {"commissioned": True}
    )
    form = AccommodationServiceForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.save_accommodation(request.user, service, **values)):
            messages.success(request, "The accommodation is saved")
            return redirect("accommodation:setup", service_id=service.pk)
    return _setup_form(request, service, form, "Type and funding", "Save")


@rule_required("accommodation.set_up")
def add_unit(request: ConcordRequest[HousingScope], service_id: UUID) -> HttpResponse:
    service = request.scope.accommodation_service(service_id)
    accommodation = request.scope.accommodation_of(service)
    if accommodation is None:
        raise Http404
    form = UnitForm(posted(request), initial={"commissioned": True})
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: services.save_unit(request.user, accommodation, **values)):
            messages.success(request, "The unit is added")
            return redirect("accommodation:setup", service_id=service.pk)
    return _setup_form(request, service, form, "Add a unit", "Add unit")


@rule_required("accommodation.set_up")
def add_unmet_need(request: ConcordRequest[HousingScope], service_id: UUID) -> HttpResponse:
    """A household referred from outside Concord that the service could not support."""
    service = request.scope.accommodation_service(service_id)
    accommodation = request.scope.accommodation_of(service)
    if accommodation is None:
        raise Http404
    form = UnmetNeedForm(posted(request), initial={"referred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_unmet_need(request.user, accommodation, **values)):
            messages.success(request, "The household that could not be supported is recorded")
            return redirect("accommodation:setup", service_id=service.pk)
    return _setup_form(
        request, service, form, "A household you could not support", "Record household"
    )


@rule_required("accommodation.set_up")
def change_unit(request: ConcordRequest[HousingScope], unit_id: UUID) -> HttpResponse:
    unit = request.scope.unit(unit_id)
    accommodation = unit.accommodation
    initial = {name: getattr(unit, name) for name in UnitForm.base_fields if name != "location"}
    form = UnitForm(posted(request), initial=initial, changing=True)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if saved(form, lambda: services.save_unit(request.user, accommodation, unit, **values)):
            messages.success(request, "The unit is saved")
            return redirect("accommodation:setup", service_id=accommodation.service_id)
    return _setup_form(request, accommodation.service, form, f"Change {unit.label}", "Save")


def _setup_form(
    request: ConcordRequest[HousingScope], service: Service, form: Form, heading: str, submit: str
) -> HttpResponse:
    context = {
        "title": f"{heading}: {service.name}",
        "heading": heading,
        "caption": service.name,
        "form": form,
        "submit": submit,
        "back_url": reverse("accommodation:setup", args=[service.pk]),
        "back_text": "Back to the accommodation",
    }
    return render(request, "cases/captioned_form.html", context)


@rule_required("accommodation.reveal_location")
@never_cache
def unit_location(request: ConcordRequest[HousingScope], unit_id: UUID) -> HttpResponse:
    """Where a unit is, for the provider's own staff who say why (audited); shown on this
    response only, never kept for another page."""
    unit = request.scope.unit(unit_id, "accommodation.reveal_location")
    form = LocationRevealForm(posted(request))
    location = None
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        location = saved(form, lambda: services.reveal_location(request.user, unit, reason))
    can_set_up = rules.test_rule("accommodation.set_up", request.membership)
    back_url = (
        reverse("accommodation:setup", args=[unit.accommodation.service_id])
        if can_set_up
        else reverse("accommodation:vacancies")
    )
    return render(
        request,
        "accommodation/location.html",
        {
            "title": f"Where {unit.label} is",
            "unit": unit,
            "form": form,
            "location": location,
            "back_url": back_url,
        },
    )


@rule_required("accommodation.view_vacancies")
def vacancies(request: ConcordRequest[HousingScope]) -> HttpResponse:
    """Free units tonight at every provider of the partnership, for referrers: what each
    offers and for whom, never where it is."""
    form = VacancyFilterForm(request.GET or None)
    units = request.scope.vacancies.select_related("agency", "accommodation")
    if form.is_bound and form.is_valid():
        wanted = form.cleaned_data
        if wanted["accommodation_type"]:
            units = units.filter(accommodation__accommodation_type=wanted["accommodation_type"])
        if wanted["bed_spaces"]:
            units = units.filter(bed_spaces__gte=wanted["bed_spaces"])
        for need in wanted["needs"]:
            units = units.filter(**{need: True})
        chosen = list(units.order_by("agency__name", "accommodation__accommodation_type", "label"))
        if wanted["group"]:
            chosen = [u for u in chosen if not u.groups or wanted["group"] in u.groups]
    else:
        chosen = list(units.order_by("agency__name", "accommodation__accommodation_type", "label"))
    return render(
        request,
        "accommodation/vacancies.html",
        {
            "title": "Safe accommodation vacancies",
            "form": form,
            "filtered": form.is_bound,
            "rows": vacancy_rows(chosen),
            "totals": vacancy_totals(chosen),
            "today": timezone.localdate(),
            "sets_up": rules.test_rule("accommodation.set_up", request.membership),
        },
    )


def _stay_form_page(
    request: ConcordRequest[HousingScope],
    case: Case,
    form: Form,
    heading: str,
    submit: str,
    back_url: str,
    back_text: str,
    page: str = "",
) -> HttpResponse:
    """A form about a case; the browser's title names the page (``page``, else the
    heading), never a person."""
    context = {
        "title": f"{page or heading}: case {case.reference}",
        "heading": heading,
        "caption": f"{case.person}, case {case.reference}",
        "case": case,
        "form": form,
        "submit": submit,
        "back_url": back_url,
        "back_text": back_text,
    }
    return render(request, "cases/captioned_form.html", context)


@rule_required("accommodation.record_housing")
def place(request: ConcordRequest[HousingScope], case_id: UUID) -> HttpResponse:
    """Place the case's household: its person and the children of the case chosen."""
    case = request.scope.accommodation_case(case_id, "accommodation.record_housing")
    accommodation = case.service.accommodation
    units = accommodation.units.filter(out_of_use=False, closed_on__isnull=True)
    children = case.children.visible_to(request.user).select_related("person")
    form = PlaceHouseholdForm(
        posted(request),
        units=units,
        children=children,
        lead=str(case.person),
        initial={"moved_in_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        values = {"unit": None, **form.cleaned_data}

        def save() -> Stay:
            return services.place_household(request.user, case, **values)

        stay = saved(form, save, {"members": "children"})
        if stay is not None:
            messages.success(request, "The household is placed")
            return redirect("accommodation:stay", case_id=case.pk, stay_id=stay.pk)
    return _stay_form_page(
        request,
        case,
        form,
        "Place the household",
        "Place household",
        reverse("cases:detail", args=[case.pk]),
        f"Back to case {case.reference}",
    )


@rule_required("accommodation.view_housing")
def stay(request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID) -> HttpResponse:
    """One stay: its unit and dates, and each member of the household in their own right."""
    case = request.scope.accommodation_case(case_id, "accommodation.view_housing")
    the_stay = request.scope.stay(case, stay_id)
    can_record = lifecycle.is_active(case.status) and rules.test_rule(
        "accommodation.record_housing", request.membership
    )
    return render(
        request,
        "accommodation/stay.html",
        {
            "title": f"Stay: case {case.reference}",
            "case": case,
            "stay": the_stay,
            "summary": stay_rows(the_stay),
            "members": member_cards(the_stay, case, can_record=can_record),
            "move_out_url": reverse("accommodation:move-out", args=[case.pk, the_stay.pk])
            if can_record and the_stay.moved_out_on is None
            else "",
        },
    )


def _member(
    request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID, member_id: UUID
) -> tuple[Case, Stay, StayMember]:
    case = request.scope.accommodation_case(case_id, "accommodation.record_housing")
    the_stay = request.scope.stay(case, stay_id)
    member = next((m for m in the_stay.members.all() if m.pk == member_id), None)
    if member is None:
        raise Http404
    return case, the_stay, member


@rule_required("accommodation.record_housing")
def characteristics(
    request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID, member_id: UUID
) -> HttpResponse:
    case, the_stay, member = _member(request, case_id, stay_id, member_id)
    form = CharacteristicsForm(posted(request), initial={"characteristics": member.characteristics})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["characteristics"]
        if saved(form, lambda: services.set_characteristics(request.user, member, chosen)):
            messages.success(request, "The characteristics are saved")
            return redirect("accommodation:stay", case_id=case.pk, stay_id=the_stay.pk)
    back = reverse("accommodation:stay", args=[case.pk, the_stay.pk])
    return _stay_form_page(
        request,
        case,
        form,
        f"Characteristics of {member.person}",
        "Save",
        back,
        "Back to the stay",
        page="Characteristics",
    )


@rule_required("accommodation.record_housing")
def add_support(
    request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID, member_id: UUID
) -> HttpResponse:
    case, the_stay, member = _member(request, case_id, stay_id, member_id)
    form = SupportForm(posted(request), initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_support(request.user, member, **values)):
            messages.success(request, "The support is recorded")
            return redirect("accommodation:stay", case_id=case.pk, stay_id=the_stay.pk)
    back = reverse("accommodation:stay", args=[case.pk, the_stay.pk])
    return _stay_form_page(
        request,
        case,
        form,
        f"Support for {member.person}",
        "Record support",
        back,
        "Back to the stay",
        page="Support received",
    )


@rule_required("accommodation.record_housing")
def move_out(request: ConcordRequest[HousingScope], case_id: UUID, stay_id: UUID) -> HttpResponse:
    case = request.scope.accommodation_case(case_id, "accommodation.record_housing")
    the_stay = request.scope.stay(case, stay_id)
    form = MoveOutForm(posted(request), initial={"moved_out_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.move_out(request.user, the_stay, **values)):
            messages.success(request, "The move out is recorded")
            return redirect("accommodation:stay", case_id=case.pk, stay_id=the_stay.pk)
    back = reverse("accommodation:stay", args=[case.pk, the_stay.pk])
    return _stay_form_page(
        request, case, form, "Move out", "Record move out", back, "Back to the stay"
    )
