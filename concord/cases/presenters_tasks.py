"""What pages show of tasks and safety-plan actions: due days in words, overdue said in
text (never by colour alone)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.cases.models import Case, Task
from concord.cases.vocabulary import SAFETY_PLAN_AREAS
from concord.core.presenters import govuk_date


def due_text(due_on: date, today: date) -> str:
    """'Overdue: due 3 December 2026', 'Due today' or 'Due 9 December 2026'."""
    if due_on < today:
        return f"Overdue: due {govuk_date(due_on)}"
    if due_on == today:
        return "Due today"
    return f"Due {govuk_date(due_on)}"


def due_html(due_on: date, today: date) -> str:
    """The due text, with a tag for overdue that says so in words."""
    if due_on < today:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">Overdue</strong> due {}', govuk_date(due_on)
        )
    return due_text(due_on, today)


def task_rows(
    case: Case, tasks: Iterable[Task], csrf_token: str | None, today: date
) -> list[list[dict[str, Any]]]:
    """The case's tasks; with a CSRF token (the user may work on the case), open ones have
    a button to mark them done."""
    return [_task_row(case, task, csrf_token, today) for task in tasks]


def _task_row(case: Case, task: Task, csrf_token: str | None, today: date) -> list[dict[str, Any]]:
    if task.is_done:
        by = f" by {task.done_by.full_name}" if task.done_by else " (Concord closed it)"
        state: dict[str, Any] = {"text": f"Done {govuk_date(task.done_at)}{by}"}
    else:
        state = {"html": due_html(task.due_on, today)}
    return [
        {"text": task.title},
        {"text": task.assignee.full_name if task.assignee else "Nobody yet"},
        state,
        {"html": _done_button(case, task, csrf_token) if csrf_token and not task.is_done else ""},
    ]


def _done_button(case: Case, task: Task, csrf_token: str) -> str:
    """A form of one button: marking done is a change, so it is posted."""
    url = reverse("cases:complete-task", args=[case.pk, task.pk])
    return format_html(
        '<form method="post" action="{}" class="concord-inline-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"'
        ' data-module="govuk-button">Mark done<span class="govuk-visually-hidden">: {}</span>'
        "</button></form>",
        url,
        csrf_token,
        task.title,
    )


def safety_plan_cards(case: Case, can_add: bool) -> list[dict[str, Any]]:
    names = dict(SAFETY_PLAN_AREAS)
    return [
        {
            "heading": f"Safety plan made {govuk_date(plan.created_on)}",
            "covers": ", ".join(names.get(code, code) for code in plan.areas),
            "review_due": govuk_date(plan.review_due_on) or "Not set",
            "actions": [
                [
                    {"text": action.description},
                    {"text": action.owner},
                    {"text": govuk_date(action.review_on)},
                ]
                for action in plan.actions.all()
            ],
            "add_href": reverse("cases:add-plan-action", args=[case.pk, plan.pk])
            if can_add
            else "",
        }
        for plan in case.safety_plans.all()
    ]
