"""Feedback, complaints and the involvement register: lists with filters, records, forms
and the complaints' CSV export. Feedback and complaints are reached through
``request.scope`` (the agency's own, audited); the register names no one."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode
from uuid import UUID

import rules
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Service
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response
from concord.core.forms import posted, saved
from concord.voice import forms as voice_forms
from concord.voice import presenters, services
from concord.voice.models import ComplaintQuerySet, Feedback
from concord.voice.scope import VoiceScope

PAGE_SIZE = 50
Request = ConcordRequest[VoiceScope]


def _services(request: Request) -> QuerySet[Service]:
    return Service.objects.filter(agency=request.membership.agency, is_active=True).order_by("name")


def _listed(request: Request, action: str, object_type: str) -> None:
    audit.record(
        action, actor=request.user, agency=request.membership.agency, object_type=object_type
    )


def _query(request: Request, form: Any) -> str:
    names = [
        name
        for field in form.fields
        for name in (
            [f"{field}-day", f"{field}-month", f"{field}-year"]
            if field.startswith(("received_", "held_"))
            else [field]
        )
    ]
    return urlencode({name: request.GET.get(name, "") for name in names})


R = TypeVar("R", bound=QuerySet[Any])


def _in_period(records: R, chosen: dict[str, Any]) -> R:
    if "service" in chosen:
        records = records.filter(service=chosen["service"])
    if "received_from" in chosen:
        records = records.filter(received_on__gte=chosen["received_from"])
    if "received_to" in chosen:
        records = records.filter(received_on__lte=chosen["received_to"])
    return records


# Feedback -------------------------------------------------------------------------------------


@rule_required("voice.see_menu_link")
def start(request: Request) -> HttpResponse:
    """The menu's way in: feedback for those who record it, else the involvement register."""
    if rules.test_rule("voice.record", request.membership):
        return redirect("voice:feedback")
    return redirect("voice:involvement")


def _feedback_filtered(request: Request, chosen: dict[str, Any]) -> QuerySet[Feedback]:
    items = _in_period(request.scope.feedback, chosen)
    if "kind" in chosen:
        items = items.filter(kind=chosen["kind"])
    if chosen.get("status") == voice_forms.ACTED:
        items = items.exclude(actions_taken="")
    elif chosen.get("status") == voice_forms.NOT_ACTED:
        items = items.filter(actions_taken="")
    return items


@rule_required("voice.record")
def feedback_list(request: Request) -> HttpResponse:
    form = voice_forms.FeedbackFilterForm(request.GET, services=_services(request))
    items = _feedback_filtered(request, form.chosen()).select_related("service")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    _listed(request, "feedback.listed", "voice.feedback")
    return render(
        request,
        "voice/feedback_list.html",
        {
            "title": "Feedback",
            "form": form,
            "rows": presenters.feedback_rows(page.object_list),
            "page": page,
            "query": _query(request, form),
            "tabs": _tabs(request, "voice:feedback"),
        },
    )


@rule_required("voice.record")
def record_feedback(request: Request) -> HttpResponse:
    form = voice_forms.FeedbackForm(
        posted(request),
        services=_services(request),
        cases=request.scope.cases,
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        values = form.service_values()
        item = saved(form, lambda: services.record_feedback(request.user, service, **values))
        if item:
            messages.success(request, "The feedback is recorded")
            return redirect("voice:feedback-item", feedback_id=item.pk)
    return _form_page(request, form, "Record feedback", "Record feedback", "voice:feedback")


@rule_required("voice.record")
def feedback_item(request: Request, feedback_id: UUID) -> HttpResponse:
    item = request.scope.feedback_item(feedback_id)
    return render(
        request,
        "voice/feedback_item.html",
        {
            "title": item.get_kind_display(),
            "item": item,
            "summary": presenters.feedback_summary(item),
            "back_url": reverse("voice:feedback"),
        },
    )


@rule_required("voice.record")
def feedback_actions(request: Request, feedback_id: UUID) -> HttpResponse:
    item = request.scope.feedback_item(feedback_id)
    form = voice_forms.ActionsForm(posted(request), initial={"actions_taken": item.actions_taken})
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["actions_taken"]
        if saved(form, lambda: services.record_feedback_actions(request.user, item, text)):
            messages.success(request, "The actions taken are recorded")
            return redirect("voice:feedback-item", feedback_id=item.pk)
    return _form_page(
        request,
        form,
        "Actions taken or response",
        "Save",
        reverse("voice:feedback-item", args=[item.pk]),
    )


# Complaints -----------------------------------------------------------------------------------


def _complaints_filtered(
    request: Request, chosen: dict[str, Any], today: date
) -> ComplaintQuerySet:
    complaints = _in_period(request.scope.complaints, chosen)
    if "stage" in chosen:
        complaints = complaints.filter(current_stage__number=chosen["stage"])
    status = chosen.get("status")
    if status == voice_forms.OVERDUE:
        complaints = complaints.overdue(today)
    elif status == voice_forms.OPEN:
        complaints = complaints.open()
    elif status == voice_forms.ANSWERED:
        complaints = complaints.filter(current_stage__responded_on__isnull=False)
    return complaints


@rule_required("voice.record")
def complaint_list(request: Request) -> HttpResponse:
    today = timezone.localdate()
    form = voice_forms.ComplaintFilterForm(request.GET, services=_services(request))
    complaints = _complaints_filtered(request, form.chosen(), today).select_related(
        "service", "current_stage"
    )
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    _listed(request, "complaints.listed", "voice.complaint")
    return render(
        request,
        "voice/complaint_list.html",
        {
            "title": "Complaints",
            "form": form,
            "rows": presenters.complaint_rows(page.object_list, today),
            "page": page,
            "query": _query(request, form),
            "can_export": rules.test_rule("voice.export_complaints", request.membership),
            "acknowledge_days": settings.COMPLAINT_ACKNOWLEDGE_DAYS,
            "targets": list(
                zip(settings.COMPLAINT_STAGES, settings.COMPLAINT_RESPONSE_DAYS, strict=True)
            ),
            "tabs": _tabs(request, "voice:complaints"),
        },
    )


@rule_required("voice.export_complaints")
def complaint_export(request: Request) -> StreamingHttpResponse:
    """The filtered complaints as CSV: dates, stages and outcomes, no names nor texts."""
    today = timezone.localdate()
    form = voice_forms.ComplaintFilterForm(request.GET, services=_services(request))
    complaints = _complaints_filtered(request, form.chosen(), today).select_related(
        "service", "current_stage"
    )
    _listed(request, "complaints.exported", "voice.complaint")
    rows = presenters.csv_rows(complaints.iterator(chunk_size=500), today)
    return csv_response(f"complaints-{today.isoformat()}", presenters.CSV_HEADER, rows)


@rule_required("voice.record")
def log_complaint(request: Request) -> HttpResponse:
    form = voice_forms.ComplaintForm(
        posted(request),
        services=_services(request),
        cases=request.scope.cases,
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        service = form.cleaned_data["service"]
        values = form.service_values()
        complaint = saved(form, lambda: services.log_complaint(request.user, service, **values))
        if complaint:
            messages.success(request, "The complaint is logged")
            return redirect("voice:complaint", complaint_id=complaint.pk)
    return _form_page(request, form, "Log a complaint", "Log complaint", "voice:complaints")


@rule_required("voice.record")
def complaint_detail(request: Request, complaint_id: UUID) -> HttpResponse:
    complaint = request.scope.complaint(complaint_id)
    today = timezone.localdate()
    stages = list(complaint.stages.order_by("-number"))
    current = complaint.current_stage
    escalates = services.can_escalate(current)
    return render(
        request,
        "voice/complaint_detail.html",
        {
            "title": "Complaint",
            "complaint": complaint,
            "summary": presenters.complaint_summary(complaint),
            "stages": [(stage, presenters.stage_summary(stage, today)) for stage in stages],
            "can_acknowledge": current is not None and current.acknowledged_on is None,
            "can_respond": current is not None and current.responded_on is None,
            "can_escalate": escalates,
            "next_stage": services.stage_names()[current.number] if escalates and current else "",
            "back_url": reverse("voice:complaints"),
        },
    )


def _stage_step(
    request: Request,
    complaint_id: UUID,
    form_class: type[Any],
    title: str,
    submit: str,
    act: Any,
    done: str,
) -> HttpResponse:
    complaint = request.scope.complaint(complaint_id)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: act(request.user, complaint, **values) or True):
            messages.success(request, done)
            return redirect("voice:complaint", complaint_id=complaint.pk)
    stage = complaint.current_stage
    return _form_page(
        request,
        form,
        title,
        submit,
        reverse("voice:complaint", args=[complaint.pk]),
        caption=stage.name if stage else "",
    )


@rule_required("voice.record")
def acknowledge(request: Request, complaint_id: UUID) -> HttpResponse:
    return _stage_step(
        request,
        complaint_id,
        voice_forms.AcknowledgeForm,
        "Acknowledge the complaint",
        "Save acknowledgement",
        services.acknowledge_complaint,
        "The acknowledgement is recorded",
    )


@rule_required("voice.record")
def respond(request: Request, complaint_id: UUID) -> HttpResponse:
    return _stage_step(
        request,
        complaint_id,
        voice_forms.RespondForm,
        "Record the response",
        "Save response",
        services.respond_to_complaint,
        "The response is recorded",
    )


@rule_required("voice.record")
def escalate(request: Request, complaint_id: UUID) -> HttpResponse:
    return _stage_step(
        request,
        complaint_id,
        voice_forms.EscalateForm,
        "Take the complaint to its next stage",
        "Start next stage",
        services.escalate_complaint,
        "The complaint's next stage has begun",
    )


# Involvement ----------------------------------------------------------------------------------


@rule_required("voice.view_involvement")
def involvement_list(request: Request) -> HttpResponse:
    form = voice_forms.ActivityFilterForm(request.GET)
    chosen = form.chosen()
    activities = request.scope.involvement
    if "kind" in chosen:
        activities = activities.filter(kind=chosen["kind"])
    if "change_status" in chosen:
        activities = activities.filter(change_status=chosen["change_status"])
    if "held_from" in chosen:
        activities = activities.filter(held_on__gte=chosen["held_from"])
    if "held_to" in chosen:
        activities = activities.filter(held_on__lte=chosen["held_to"])
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/involvement_list.html",
        {
            "title": "Survivor involvement",
            "form": form,
            "query": _query(request, form),
            "rows": presenters.activity_rows(page.object_list),
            "page": page,
            "can_keep": _keeps(request),
            "tabs": _tabs(request, "voice:involvement"),
        },
    )


def _keeps(request: Request) -> bool:
    return bool(rules.test_rule("voice.keep_involvement", request.membership))


@rule_required("voice.view_involvement")
def activity_detail(request: Request, activity_id: UUID) -> HttpResponse:
    activity = request.scope.activity(activity_id)
    return render(
        request,
        "voice/activity.html",
        {
            "title": activity.title,
            "summary": presenters.activity_summary(activity),
            "activity": activity,
            "can_change": _keeps(request),
            "back_url": reverse("voice:involvement"),
        },
    )


@rule_required("voice.keep_involvement")
def record_activity(request: Request) -> HttpResponse:
    form = voice_forms.ActivityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        activity = saved(
            form,
            lambda: services.record_activity(request.user, request.membership.agency, **values),
        )
        if activity:
            messages.success(request, "The activity is added to the register")
            return redirect("voice:activity", activity_id=activity.pk)
    return _form_page(
        request, form, "Add an involvement activity", "Add activity", "voice:involvement"
    )


@rule_required("voice.keep_involvement")
def change_activity(request: Request, activity_id: UUID) -> HttpResponse:
    activity = request.scope.activity_to_change(activity_id)
    initial = {name: getattr(activity, name) for name in services.ACTIVITY_FIELDS}
    form = voice_forms.ActivityForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.update_activity(request.user, activity, **values)):
            messages.success(request, "The activity is updated")
            return redirect("voice:activity", activity_id=activity.pk)
    return _form_page(
        request,
        form,
        "Change the activity",
        "Save changes",
        reverse("voice:activity", args=[activity.pk]),
    )


# Shared -------------------------------------------------------------------------------------


def _tabs(request: Request, current: str) -> list[dict[str, Any]]:
    tabs = []
    if rules.test_rule("voice.record", request.membership):
        tabs += [("voice:feedback", "Feedback"), ("voice:complaints", "Complaints")]
    tabs.append(("voice:involvement", "Survivor involvement"))
    return [{"href": reverse(name), "text": text, "active": name == current} for name, text in tabs]


def _form_page(
    request: Request,
    form: Any,
    title: str,
    submit: str,
    back: str,
    *,
    caption: str = "",
) -> HttpResponse:
    context = {
        "title": title,
        "form": form,
        "submit": submit,
        "back_url": back if back.startswith("/") else reverse(back),
    }
    if caption:
        context["caption"] = caption
    return render(request, "core/form_page.html", context)
