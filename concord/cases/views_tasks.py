"""Tasks on a case and the actions of its safety plans: the case page's sections and the
pages that add to them. Every case is reached through ``request.scope``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concord.accounts.http import ConcordRequest
from concord.cases import lifecycle, services, task_services
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.forms import SafetyPlanActionForm, TaskForm
from concord.cases.models import Case
from concord.cases.presenters_tasks import safety_plan_cards, task_rows
from concord.cases.scope import CasesScope
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved


def case_tasks(page: CasePage) -> dict[str, Any]:
    """The case's tasks, open first; whether the user may add and complete them."""
    case = page.record
    can_work = lifecycle.is_active(case.status) and rules.test_rule(
        "cases.work_on_case", page.request.membership
    )
    tasks = sorted(case.tasks.all(), key=lambda task: (task.is_done, task.due_on))
    token = get_token(page.request) if can_work else None
    return {"rows": task_rows(case, tasks, token, timezone.localdate()), "can_add": can_work}


TASKS_SECTION = CaseSection(
    "tasks_section",
    5,
    "cases/tasks_section.html",
    case_tasks,
    prefetch=lambda case, user: ("tasks__assignee", "tasks__done_by"),
)


def safety_plans(page: CasePage) -> dict[str, Any]:
    """The case's safety plans with their actions, owners and review dates."""
    case = page.record
    can_add = lifecycle.is_active(case.status) and rules.test_rule(
        "cases.work_on_case", page.request.membership
    )
    return {"plans": safety_plan_cards(case, can_add)}


PLANS_SECTION = CaseSection(
    "safety_plans_section",
    36,
    "cases/safety_plans_section.html",
    safety_plans,
    prefetch=lambda case, user: ("safety_plans__actions",),
)


@rule_required("cases.work_on_case")
def add_task(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    form = TaskForm(posted(request), membership=request.membership)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if saved(form, lambda: task_services.add_task(request.user, case, **values)):
            messages.success(request, "The task is set")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(request, form, f"Set a task on case {case}", "Set task", case)


@require_POST
@rule_required("cases.work_on_case")
def complete_task(
    request: ConcordRequest[CasesScope], case_id: UUID, task_id: UUID
) -> HttpResponse:
    case = request.scope.case(case_id)
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise Http404
    form = Form(request.POST)
    if saved(form, lambda: task_services.complete_task(request.user, task)):
        messages.success(request, f"‘{task.title}’ is done")
    else:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
    return redirect("cases:detail", case_id=case.pk)


@rule_required("cases.work_on_case")
def add_plan_action(
    request: ConcordRequest[CasesScope], case_id: UUID, plan_id: UUID
) -> HttpResponse:
    case = request.scope.case(case_id)
    plan = case.safety_plans.filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    form = SafetyPlanActionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if saved(form, lambda: services.add_safety_plan_action(request.user, plan, **values)):
            messages.success(request, "The action is added to the safety plan")
            return redirect("cases:detail", case_id=case.pk)
    return _form_page(
        request, form, f"Add an action to a safety plan on case {case}", "Add action", case
    )


def _form_page(
    request: ConcordRequest[CasesScope], form: Form, title: str, submit: str, case: Case
) -> HttpResponse:
    back = reverse("cases:detail", args=[case.pk])
    context = {"title": title, "form": form, "submit": submit, "back_url": back}
    return render(request, "accounts/form_page.html", context)
