"""The board's decisions and actions: recording a decision at a held meeting, agreeing an
action, marking it done, and the list of all actions filtered open, overdue or done."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.board import presenters, services
from concord.board.forms import ActionFilterForm, ActionForm, CompleteActionForm, DecisionForm
from concord.board.models import BoardAction, Meeting
from concord.board.views.common import form_page, found, may_keep, tabs
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date


@rule_required("board.manage_board")
def record_decision(request: ConcordRequest[Any]) -> HttpResponse:
    """A decision of the board, at the meeting chosen (``?meeting=`` chooses it first)."""
    today = timezone.localdate()
    initial = {"meeting": request.GET.get("meeting", "")}
    form = DecisionForm(posted(request), initial=initial, today=today)
    if form.is_valid():
        meeting_id = UUID(form.cleaned_data["meeting"])
        decision = saved(
            form,
            lambda: services.record_decision(
                request.membership, meeting_id=meeting_id, text=form.cleaned_data["text"]
            ),
        )
        if decision is not None:
            messages.success(request, f"Decision {decision.reference} is recorded")
            return redirect(reverse("board:meeting", args=[decision.meeting_id]) + "#decisions")
    return form_page(
        request,
        form,
        title="Record a decision",
        submit="Record decision",
        back_url=reverse("board:meetings"),
    )


@rule_required("board.manage_board")
def add_action(request: ConcordRequest[Any], meeting_id: UUID) -> HttpResponse:
    current = found(Meeting.objects.all(), meeting_id)
    form = ActionForm(posted(request), meeting=current)
    if form.is_valid():
        values = form.cleaned_data
        if (
            saved(
                form,
                lambda: services.add_action(
                    request.membership,
                    current,
                    description=values["description"],
                    owner=values["owner"],
                    due_on=values["due_on"],
                ),
            )
            is not None
        ):
            messages.success(request, "The action is added")
            return redirect(reverse("board:meeting", args=[current.pk]) + "#actions")
    return form_page(
        request,
        form,
        title="Add an action",
        caption=f"{current.title}, {govuk_date(current.held_on)}",
        submit="Add action",
        back_url=reverse("board:meeting", args=[current.pk]),
    )


@rule_required("board.manage_board")
def complete_action(request: ConcordRequest[Any], action_id: UUID) -> HttpResponse:
    action = found(BoardAction.objects.select_related("owner", "meeting"), action_id)
    form = CompleteActionForm(posted(request), initial={"done_on": timezone.localdate()})
    if form.is_valid():
        values = form.cleaned_data
        if (
            saved(
                form,
                lambda: services.complete_action(
                    request.membership, action, done_on=values["done_on"], note=values["note"]
                ),
            )
            is not None
        ):
            messages.success(request, "The action is done")
            return redirect("board:actions")
    return form_page(
        request,
        form,
        title="Mark an action as done",
        submit="Save",
        back_url=reverse("board:actions"),
        intro=f"{action.description} (owner {action.owner.name}, due {govuk_date(action.due_on)})",
    )


FILTERS = {
    "open": lambda actions, today: actions.open(),
    "overdue": lambda actions, today: actions.overdue(today),
    "done": lambda actions, today: actions.done(),
    "all": lambda actions, today: actions,
}


@rule_required("board.view_board")
def actions(request: ConcordRequest[Any]) -> HttpResponse:
    today = timezone.localdate()
    form = ActionFilterForm(request.GET or None)
    status = form.chosen()
    chosen = FILTERS[status](BoardAction.objects.select_related("owner", "meeting"), today)
    keeps = may_keep(request)
    context = {
        "title": "Board actions",
        "tabs": tabs("board:actions"),
        "form": ActionFilterForm(initial={"status": status}),
        "status": status,
        "rows": [presenters.action_row(a, today, keeps) for a in chosen.order_by("due_on")],
        "overdue": BoardAction.objects.overdue(today).count(),
    }
    return render(request, "board/actions.html", context)
