"""The help point's call log: log a call with no person, list and filter the calls, export
them, and turn a call into a person and case. Calls are reached through ``request.scope``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response
from concord.core.forms import posted, saved
from concord.helpline import presenters, services
from concord.helpline.forms import NOT_IDENTIFYING, CallFilterForm, CallForm, TurnIntoCaseForm
from concord.helpline.models import HelplineCallQuerySet, help_points
from concord.helpline.scope import HelplineScope
from concord.helpline.vocabulary import VICTIM_SURVIVOR

PAGE_SIZE = 50


def _filtered(
    request: ConcordRequest[HelplineScope], chosen: dict[str, Any]
) -> HelplineCallQuerySet:
    calls = request.scope.helpline_calls.filter(service__in=help_points(request.membership))
    if "called_from" in chosen:
        calls = calls.filter(called_on__gte=chosen["called_from"])
    if "called_to" in chosen:
        calls = calls.filter(called_on__lte=chosen["called_to"])
    if "caller_type" in chosen:
        calls = calls.filter(caller_type=chosen["caller_type"])
    if "reason" in chosen:
        calls = calls.filter(reason=chosen["reason"])
    return calls


def _listed(request: ConcordRequest[HelplineScope]) -> None:
    audit.record(
        "helpline_calls.listed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="helpline.helplinecall",
    )


@rule_required("helpline.log_call")
def call_list(request: ConcordRequest[HelplineScope]) -> HttpResponse:
    """The calls of the member's help points, newest first, with filters."""
    form = CallFilterForm(request.GET)
    chosen = form.chosen()
    calls = _filtered(request, chosen)
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({name: request.GET.get(name, "") for name in form.fields})
    _listed(request)
    return render(
        request,
        "helpline/list.html",
        {
            "title": "Helpline calls",
            "form": form,
            "rows": presenters.call_rows(page.object_list),
            "page": page,
            "query": query,
        },
    )


@rule_required("helpline.log_call")
def call_export(request: ConcordRequest[HelplineScope]) -> StreamingHttpResponse:
    """The filtered calls as CSV (every cell through csv_safe); the export is audited."""
    calls = _filtered(request, CallFilterForm(request.GET).chosen()).select_related("service")
    audit.record(
        "helpline_calls.exported",
        actor=request.user,
        agency=request.membership.agency,
        object_type="helpline.helplinecall",
    )
    stamp = timezone.localdate().isoformat()
    rows = presenters.csv_rows(calls.iterator(chunk_size=500))
    return csv_response(f"helpline-calls-{stamp}", presenters.CSV_HEADER, rows)


@rule_required("helpline.log_call")
def log_call(request: ConcordRequest[HelplineScope]) -> HttpResponse:
    now = timezone.localtime()
    form = CallForm(
        posted(request),
        services=help_points(request.membership),
        initial={"on": now.date(), "at": now.strftime("%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        service = form.cleaned_data["service"]
        call = saved(form, lambda: services.log_call(request.user, service, **values))
        if call:
            messages.success(request, "The call is logged")
            return redirect("helpline:detail", call_id=call.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "title": "Log a helpline call",
            "intro": f"No names are needed. {NOT_IDENTIFYING}",
            "form": form,
            "submit": "Log call",
            "back_url": reverse("helpline:list"),
        },
    )


@rule_required("helpline.log_call")
def call_detail(request: ConcordRequest[HelplineScope], call_id: UUID) -> HttpResponse:
    call = request.scope.helpline_call(call_id)
    case_url = ""
    if call.contact is not None:
        case_url = reverse("cases:detail", args=[call.contact.case_id])
    return render(
        request,
        "helpline/detail.html",
        {
            "title": "Helpline call",
            "call": call,
            "summary": presenters.call_summary(call),
            "case_url": case_url,
            "can_turn": call.contact is None and call.caller_type == VICTIM_SURVIVOR,
            "back_url": reverse("helpline:list"),
        },
    )


@rule_required("helpline.log_call")
def turn_into_case(request: ConcordRequest[HelplineScope], call_id: UUID) -> HttpResponse:
    """The caller agreed to support: their name (and date of birth) make a person, and the
    call opens a case whose first contact it becomes."""
    call = request.scope.helpline_call(call_id)
    form = TurnIntoCaseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        case = saved(form, lambda: services.turn_into_case(request.user, call, **values))
        if case:
            messages.success(
                request, f"Case {case.reference} is open, with this call as its first contact"
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "title": "Turn the call into a person and case",
            "intro": (
                f"Only when the caller agrees. A case opens at {call.service.name} as a "
                "self-referral by helpline call, led by you, and this call becomes its first "
                "contact, with its date, length and advice."
            ),
            "form": form,
            "submit": "Add person and open case",
            "back_url": reverse("helpline:detail", args=[call.pk]),
        },
    )
