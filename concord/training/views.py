"""Training and awareness session pages. Sessions are reached through ``request.scope``
(the user's agency's own); writes go through concord.training.services."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response
from concord.core.forms import posted, saved
from concord.domain.periods import financial_year_of
from concord.training import services
from concord.training.forms import SessionFilterForm, TrainingSessionForm
from concord.training.models import StaffTrained, TrainingSession, TrainingSessionQuerySet
from concord.training.presenters import (
    CSV_HEADER,
    csv_rows,
    period_text,
    session_rows,
    staff_trained_rows,
    totals_list,
)
from concord.training.scope import TrainingScope

PAGE_SIZE = 50
STAFF_TRAINED = Prefetch("staff_trained", StaffTrained.objects.select_related("agency"))


def _filtered(
    request: ConcordRequest[TrainingScope], form: SessionFilterForm
) -> TrainingSessionQuerySet:
    sessions = request.scope.training_sessions
    year = form.financial_year()
    if year is not None:
        sessions = sessions.in_financial_year(year)
    kind = form.chosen_kind()
    if kind:
        sessions = sessions.of_kind(kind)
    return sessions


def _select_items(form: SessionFilterForm, name: str, chosen: str) -> list[dict[str, Any]]:
    choices: Any = form.fields[name].choices  # type: ignore[attr-defined]
    return [{"value": v, "text": label, "selected": v == chosen} for v, label in choices]


@rule_required("training.view_session")
def session_list(request: ConcordRequest[TrainingScope]) -> HttpResponse:
    """Sessions of one financial year (the current one unless another is chosen), with
    the year's totals."""
    form = SessionFilterForm(request.GET)
    sessions = _filtered(request, form)
    page = Paginator(sessions.prefetch_related(STAFF_TRAINED), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    year = form.financial_year()
    chosen_year = "all" if year is None else str(year)
    query = urlencode({"kind": form.chosen_kind(), "year": chosen_year})
    can_record = rules.test_rule("training.record_session", request.membership)
    return render(
        request,
        "training/list.html",
        {
            "title": "Training and awareness sessions",
            "period": period_text(year),
            "totals": totals_list(sessions.totals()),
            "staff_trained": staff_trained_rows(sessions.staff_trained_per_agency()),
            "rows": session_rows(page.object_list, can_edit=can_record),
            "page": page,
            "kind_items": _select_items(form, "kind", form.chosen_kind()),
            "year_items": _select_items(form, "year", chosen_year),
            "query": query,
            "can_record": can_record,
        },
    )


@rule_required("training.view_session")
def session_export(request: ConcordRequest[TrainingScope]) -> StreamingHttpResponse:
    """The filtered sessions as CSV; every cell goes through csv_safe (in csv_response),
    so none runs as a formula. The export is audited."""
    form = SessionFilterForm(request.GET)
    sessions = _filtered(request, form).select_related("agency")
    sessions = sessions.prefetch_related(STAFF_TRAINED)
    audit.record(
        "training.exported",
        actor=request.user,
        agency=request.membership.agency,
        object_type="training.trainingsession",
    )
    stamp = timezone.localdate().isoformat()
    rows = csv_rows(sessions.iterator(chunk_size=500))
    return csv_response(f"training-sessions-{stamp}", CSV_HEADER, rows)


def _save_page(
    request: ConcordRequest[TrainingScope],
    form: TrainingSessionForm,
    title: str,
    session: TrainingSession | None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data

        def save() -> TrainingSession:
            return services.record_training_session(
                request.user, request.membership.agency, session=session, **values
            )

        recorded = saved(form, save)
        if recorded is not None:
            messages.success(request, f"The session “{recorded.title}” is saved")
            year = financial_year_of(recorded.held_on)
            return redirect(f"{reverse('training:list')}?year={year}")
    context = {
        "title": title,
        "form": form,
        "submit": "Save session",
        "back_url": reverse("training:list"),
    }
    return render(request, "training/session_form.html", context)


@rule_required("training.record_session")
def add_session(request: ConcordRequest[TrainingScope]) -> HttpResponse:
    initial = {"held_on": timezone.localdate(), "children_reached": 0}
    form = TrainingSessionForm(posted(request), initial=initial)
    return _save_page(request, form, "Record a training or awareness session", None)


@rule_required("training.record_session")
def edit_session(request: ConcordRequest[TrainingScope], session_id: UUID) -> HttpResponse:
    session = request.scope.training_session(session_id)
    initial = {field: getattr(session, field) for field in services.FIELDS}
    initial |= TrainingSessionForm.staff_initial(session)
    form = TrainingSessionForm(posted(request), initial=initial)
    return _save_page(request, form, f"Change session: {session.title}", session)
