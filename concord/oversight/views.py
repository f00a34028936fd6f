"""Alert pages for an agency's service managers, and break-glass for workers where the
partnership's policy allows it. Everything is reached through ``request.scope``."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from concord.accounts.http import ConcordRequest
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.oversight import services
from concord.oversight.forms import AcknowledgeForm, BreakGlassForm
from concord.oversight.presenters import (
    PERSON,
    alert_rows,
    alert_summary,
    broken_glass_case_rows,
    broken_glass_summary,
    evidence_rows,
)
from concord.oversight.scope import OversightScope

PAGE_SIZE = 50


@rule_required("oversight.view_alerts")
def alert_list(request: ConcordRequest[OversightScope]) -> HttpResponse:
    """The agency's alerts, open ones first, newest first."""
    alerts = request.scope.alerts.select_related("subject", "subject_agency").order_by(
        F("acknowledged_at").desc(nulls_first=True), "-raised_at"
    )
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/alerts.html",
        {
            "title": "Alerts",
            "rows": alert_rows(page.object_list),
            "page": page,
            "open": request.scope.alerts.open().count(),
        },
    )


@rule_required("oversight.view_alerts")
@never_cache
def alert_detail(request: ConcordRequest[OversightScope], alert_id: UUID) -> HttpResponse:
    """One alert with its evidence from the audit trail; an open one can be acknowledged."""
    alert = request.scope.alert(alert_id)
    form = AcknowledgeForm(posted(request)) if alert.acknowledged_at is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        if saved(form, lambda: services.acknowledge_alert(request.user, alert, note)):
            messages.success(request, "The alert is acknowledged")
            return redirect("oversight:alerts")
    events = list(alert.evidence.order_by("occurred_at", "id"))
    people = {event.object_id for event in events if event.object_type == PERSON}
    return render(
        request,
        "oversight/alert.html",
        {
            "title": alert.get_kind_display(),
            "alert": alert,
            "summary": alert_summary(alert),
            "evidence": evidence_rows(events, request.scope.visible_person_ids(people)),
            "form": form,
        },
    )


@rule_required("oversight.break_glass")
@never_cache
def break_glass(request: ConcordRequest[OversightScope]) -> HttpResponse:
    """Ask for a time-limited read of a record at another agency, with a reason."""
    form = BreakGlassForm(posted(request), own_agency=request.scope.agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        grant = saved(
            form,
            lambda: services.break_glass(
                request.scope.membership,
                agency=data["agency"],
                case_reference=data["case_reference"],
                reason=data["reason"],
                explanation=data["explanation"],
            ),
        )
        if grant is not None:
            return redirect("oversight:broken-glass", grant.pk)
    return render(
        request,
        "oversight/break_glass.html",
        {"title": "Break the glass on a record", "form": form, "submit": "Open the record"},
    )


@rule_required("oversight.break_glass")
@never_cache
def broken_glass(request: ConcordRequest[OversightScope], grant_id: UUID) -> HttpResponse:
    """The record opened by break-glass, while the grant lasts; each view is audited."""
    grant = request.scope.broken_glass(grant_id)
    return render(
        request,
        "oversight/broken_glass.html",
        {
            "title": str(grant.person),
            "page_title": "Record opened by break-glass",
            "grant": grant,
            "summary": broken_glass_summary(grant),
            "cases": broken_glass_case_rows(request.scope.broken_glass_cases(grant)),
            "back_url": reverse("home"),
        },
    )
