"""Case pages. Every case is reached through ``request.scope``; every write goes through
concord.cases.services; each form posts, then redirects back to the case."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, prefetch_related_objects
from django.forms import ChoiceField, Form
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.cases import lifecycle, services
from concord.cases.case_page import SECTIONS, CasePage, CaseSection
from concord.cases.caseload import COLUMNS
from concord.cases.forms import (
    CaseloadFilterForm,
    CloseCaseForm,
    ContactForm,
    IdvaForm,
    IntakeProfileForm,
    OfferAnswerForm,
    OpenCaseForm,
    SafetyPlanForm,
    StatusReasonForm,
    SupportOfferForm,
)
from concord.cases.lifecycle import CaseStatus, allowed_next
from concord.cases.models import Case, CaseQuerySet
from concord.cases.presenters import (
    CASELOAD_HEADINGS,
    case_rows,
    case_summary,
    caseload_csv_header,
    caseload_csv_rows,
    caseload_rows,
    support_offer_events,
    support_offer_rows,
    timeline,
)
from concord.cases.scope import CasesScope
from concord.core import alerts, audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_response
from concord.core.forms import posted, saved
from concord.people import alerts as people_alerts
from concord.people import reference as ref
from concord.people.person_page import PersonPage, PersonSection

PAGE_SIZE = 50
# Everything the case timeline shows, fetched in a fixed number of queries.
TIMELINE_RELATIONS = (
    "contacts__worker",
    "status_changes__changed_by",
    "safety_plans",
    "intake_profile__assessed_by",
    "exit_review",
)
STATUS_REASONS = {
    CaseStatus.DECLINED: ref.DECLINE_REASONS,
    CaseStatus.NOT_ENGAGED: ref.CLOSURE_REASONS,
}
ACTION_LABELS = {
    CaseStatus.OPEN: "Open the case",
    CaseStatus.DECLINED: "Decline the referral",
    CaseStatus.NOT_ENGAGED: "Record as not engaged",
    CaseStatus.CLOSED: "Close the case",
}


# Caseload --------------------------------------------------------------------------------


def _caseload(request: ConcordRequest[CasesScope], form: CaseloadFilterForm) -> CaseQuerySet:
    cases = request.scope.cases.select_related("person", "service", "lead_professional")
    choice = form.cleaned_data.get("view") or "mine"
    membership = request.membership
    if choice == "mine":
        cases = cases.led_by(request.user)
    elif choice == "team":
        cases = cases.filter(team=membership.team) if membership.team else cases.none()
    elif membership.services.exists():
        cases = cases.for_services(membership.services.all())
    status = form.cleaned_data.get("status")
    if status == "active":
        cases = cases.active()
    elif status:
        cases = cases.filter(status=status)
    cases = COLUMNS.narrow(cases, form.cleaned_data, timezone.localdate())
    return cases.order_by(form.cleaned_data.get("sort") or "-referred_at", "reference")


@rule_required("cases.view_case")
def caseload(request: ConcordRequest[CasesScope]) -> HttpResponse:
    form = CaseloadFilterForm(request.GET)
    form.is_valid()
    cases = _caseload(request, form)
    page = Paginator(COLUMNS.annotate(cases, request.membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = dict(cases.order_by().values_list("status").annotate(n=Count("pk")))
    view = form.cleaned_data.get("view") or "mine"
    query = request.GET.copy()
    query.pop("page", None)
    columns = COLUMNS.in_order()
    return render(
        request,
        "cases/caseload.html",
        {
            "title": dict(CaseloadFilterForm.VIEWS)[view],
            "form": form,
            "view": view,
            "views": CaseloadFilterForm.VIEWS,
            "head": [
                {"text": text} for text in [*CASELOAD_HEADINGS, *(c.heading for c in columns)]
            ],
            "rows": caseload_rows(page.object_list, columns, timezone.localdate()),
            "page": page,
            "counts": [(s.label, counts.get(s.value, 0)) for s in CaseStatus],
            "filters": [
                {
                    "name": name,
                    "label": form.fields[name].label,
                    "options": _select_items(form, name),
                }
                for name in ["status", *form.column_filters(), "sort"]
            ],
            "query": query.urlencode(),
        },
    )


def _select_items(form: CaseloadFilterForm, name: str) -> list[dict[str, Any]]:
    chosen = form.cleaned_data.get(name, "")
    choices: list[tuple[str, str]] = list(cast(ChoiceField, form.fields[name]).choices)  # type: ignore[arg-type]
    return [
        {"value": value, "text": label, "selected": value == chosen} for value, label in choices
    ]


@rule_required("cases.view_case")
def caseload_export(request: ConcordRequest[CasesScope], file_format: str) -> HttpResponseBase:
    """The filtered caseload as CSV or XLSX, every cell plain text or a number (never a
    formula). The export is audited."""
    form = CaseloadFilterForm(request.GET)
    form.is_valid()
    cases = COLUMNS.annotate(_caseload(request, form), request.membership)
    audit.record(
        "cases.exported",
        actor=request.user,
        agency=request.membership.agency,
        object_type="cases.case",
        reason=file_format,
    )
    filename = f"caseload-{timezone.localdate().isoformat()}"
    columns = COLUMNS.in_order()
    header = caseload_csv_header(columns)
    rows = caseload_csv_rows(cases.iterator(), columns, timezone.localdate())
    if file_format == "xlsx":
        return xlsx_response(filename, header, rows)
    return csv_response(filename, header, rows)


# One case ----------------------------------------------------------------------------------


def case_detail(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    """The case, with the sections of the apps that keep something about it (case_page)."""
    case = request.scope.case(case_id)
    sections = SECTIONS.in_order()
    fetched = [lookup for section in sections for lookup in section.prefetch(case, request.user)]
    prefetch_related_objects([case], *TIMELINE_RELATIONS, *fetched)
    entries = [entry for section in sections for entry in section.timeline(case)]
    return render(
        request,
        "cases/detail.html",
        {
            "title": f"Case {case.reference}",
            "case": case,
            "summary": case_summary(case),
            "timeline": timeline(case, entries),
            "is_active": case.status in (CaseStatus.REFERRED, CaseStatus.OPEN),
            **SECTIONS.page(request, case).context(),
        },
    )


def status_actions(page: CasePage) -> list[dict[str, str]]:
    """The changes of status the case allows, each a button on the case page."""
    case = page.record
    reopening = case.status in (CaseStatus.CLOSED, CaseStatus.NOT_ENGAGED)
    return [
        {
            "target": target.value,
            "label": "Reopen the case"
            if reopening and target == CaseStatus.OPEN
            else ACTION_LABELS[target],
        }
        for target in allowed_next(case.status)
        if target in ACTION_LABELS
    ]


STATUS_SECTION = CaseSection("status_section", 40, "cases/status_section.html", status_actions)


def support_offered(page: CasePage) -> dict[str, Any]:
    """The offers of support made on the case, and whether an IDVA works it."""
    case = page.record
    can_record = lifecycle.is_active(case.status) and rules.test_rule(
        "cases.work_on_case", page.request.membership
    )
    return {"rows": support_offer_rows(case, can_record), "can_record": can_record}


SUPPORT_SECTION = CaseSection(
    "support_section",
    35,
    "cases/support_section.html",
    support_offered,
    prefetch=lambda case, user: ("support_offers",),
    timeline=support_offer_events,
)


def person_cases(page: PersonPage) -> list[list[dict[str, Any]]]:
    """The person's cases the user may see, on the person's record page."""
    scope = page.request.scope.narrowed_to(CasesScope)
    cases = scope.cases.filter(person=page.record).select_related("service")
    return case_rows(cases)


PERSON_SECTION = PersonSection("case_section", 10, "cases/person_section.html", person_cases)


@rule_required("cases.work_on_case")
def open_case(request: ConcordRequest[CasesScope], person_id: UUID) -> HttpResponse:
    person = request.scope.person(person_id)
    form = OpenCaseForm(posted(request), membership=request.membership)
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        case = saved(
            form, lambda: services.open_case(request.user, person, service, **form.service_values())
        )
        if case:
            messages.success(request, f"Case {case.reference} is recorded as a referral")
            return redirect("cases:detail", case_id=case.pk)
    back = reverse("people:detail", args=[person.pk])
    return _form_page(request, form, f"Open a case for {person}", "Open case", back, "Open a case")


@rule_required("cases.work_on_case")
def record_contact(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    now = timezone.localtime()
    form = ContactForm(posted(request), initial={"on": now.date(), "at": now.strftime("%H:%M")})
    shared = alerts.records_of(case.person, request.scope, now.date())
    form.fields["channel"].help_text = people_alerts.channel_advice(shared)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if saved(form, lambda: services.record_contact(request.user, case, **values)):
            messages.success(request, "The contact is recorded")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, form, f"Record a contact on {case}", "Save contact", _back(case))


@rule_required("cases.work_on_case")
def intake_profile(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    existing = getattr(case, "intake_profile", None)
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if existing is not None:
        initial = {
            "assessed_on": existing.assessed_on,
            "number_of_children": existing.number_of_children,
            "children_ages": existing.children_ages,
            **existing.answers,
        }
    form = IntakeProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save() -> Any:
            return services.record_intake_profile(
                request.user,
                case,
                assessed_on=data["assessed_on"],
                answers=form.answers(),
                number_of_children=data["number_of_children"],
                children_ages=data["children_ages"],
            )

        if saved(form, save):
            messages.success(request, "The intake safeguarding profile is saved")
            return redirect("cases:detail", case_id=case.pk)
    title = f"Intake safeguarding profile for {case}"
    return _form_page(request, form, title, "Save profile", _back(case))


@rule_required("cases.work_on_case")
def add_safety_plan(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    form = SafetyPlanForm(posted(request), initial={"created_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.record_safety_plan(request.user, case, **values)):
            messages.success(request, "The safety plan is saved")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, form, f"Safety plan for {case}", "Save safety plan", _back(case))


@rule_required("cases.work_on_case")
def change_status(request: ConcordRequest[CasesScope], case_id: UUID, target: str) -> HttpResponse:
    """Open, decline or record as not engaged; closing has its own page (exit review)."""
    case = request.scope.case(case_id)
    try:
        status = CaseStatus(target)
    except ValueError:
        raise Http404 from None
    if status == CaseStatus.CLOSED:
        return redirect("cases:close", case_id=case.pk)
    reasons = STATUS_REASONS.get(status)
    if reasons is None:  # no reason needed: a button on the case page posts straight here
        if request.method != "POST":
            return redirect("cases:detail", case_id=case.pk)
        form: Form = Form(request.POST)
        if saved(form, lambda: services.change_status(request.user, case, status)):
            messages.success(request, f"Case {case} is now {status.label.lower()}")
        else:
            messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect("cases:detail", case_id=case.pk)
    form = StatusReasonForm(posted(request), reasons=reasons)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if saved(form, lambda: services.change_status(request.user, case, status, reason)):
            messages.success(request, f"Case {case} is now {status.label.lower()}")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, form, f"{ACTION_LABELS[status]}: {case}", "Confirm", _back(case))


@rule_required("cases.work_on_case")
def close_case(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    form = CloseCaseForm(posted(request), initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        reason = values.pop("reason")
        if saved(form, lambda: services.close_case(request.user, case, reason=reason, **values)):
            messages.success(request, f"Case {case} is closed")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, form, f"Close case {case}", "Close case", _back(case))


@rule_required("cases.work_on_case")
def offer_support(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    form = SupportOfferForm(posted(request), initial={"offered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.offer_support(request.user, case, **values)):
            messages.success(request, "The offer of support is recorded")
            return redirect("cases:detail", case_id=case.pk)
    title = f"Record an offer of support on {case}"
    return _form_page(request, form, title, "Save offer", _back(case))


@rule_required("cases.work_on_case")
def answer_offer(
    request: ConcordRequest[CasesScope], case_id: UUID, offer_id: UUID
) -> HttpResponse:
    case = request.scope.case(case_id)
    offer = case.support_offers.filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    form = OfferAnswerForm(posted(request), initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.answer_offer(request.user, offer, **values)):
            messages.success(request, "The answer is recorded")
            return redirect("cases:detail", case_id=case.pk)
    title = f"Record the answer to the offer of {offer.get_kind_display().lower()}"
    return _form_page(request, form, title, "Save answer", _back(case))


@rule_required("cases.work_on_case")
def worked_by_idva(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    initial = {"worked_by_idva": "yes" if case.worked_by_idva else "no"}
    form = IdvaForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        flag = form.cleaned_data["worked_by_idva"]
        if saved(form, lambda: services.mark_worked_by_idva(request.user, case, flag)):
            messages.success(request, "Whether an IDVA works the case is saved")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, form, f"IDVA for case {case}", "Save", _back(case))


def _back(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


def _form_page(
    request: ConcordRequest[CasesScope],
    form: Form,
    title: str,
    submit: str,
    back_url: str,
    page_title: str = "",
) -> HttpResponse:
    """``page_title`` for the browser when ``title`` names the person (never in a title)."""
    context = {"title": title, "form": form, "submit": submit, "back_url": back_url}
    context["page_title"] = page_title
    return render(request, "accounts/form_page.html", context)
