"""Every write to tasks on a case: set by a worker, marked done, or set and closed by the
rules (concord.cases.task_rules). Each write is audited."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Membership, User
from concord.cases import lifecycle
from concord.cases.models import Case, Task
from concord.core import audit

TITLE_REQUIRED = "Enter what is to be done"


@transaction.atomic
def add_task(
    actor: User, case: Case, *, title: str, due_on: date, assignee: User | None = None
) -> Task:
    """A task a worker sets on a case, for themself or a colleague of the agency."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": TITLE_REQUIRED})
    if not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case to set a task on it")
    workers = Membership.objects.case_workers(case.agency)
    if assignee is not None and not workers.filter(user=assignee).exists():
        raise ValidationError({"assignee": "Choose someone in your agency"})
    task = Task.objects.create(
        agency=case.agency,
        case=case,
        title=title,
        due_on=due_on,
        assignee=assignee,
        created_by=actor,
    )
    audit.record("task.added", actor=actor, agency=case.agency, target=task)
    return task


@transaction.atomic
def complete_task(actor: User, task: Task) -> Task:
    """Mark a task done, with who did it and when."""
    if task.is_done:
        raise ValidationError("This task is already done")
    task.done_at = timezone.now()
    task.done_by = actor
    task.save(update_fields=["done_at", "done_by", "updated_at"])
    audit.record("task.done", actor=actor, agency=task.agency, target=task)
    return task
