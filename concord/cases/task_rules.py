"""Tasks set by rules: each app registers the rules about its own records, and this module
runs them, on an event for one case or every few minutes in the worker for all.

A rule says which tasks it wants on active cases (``wanted``): for each, the record it is
about (``source``), the title and the day it is due. Running a rule sets each wanted task
once (a task with that rule, source and due day is never set again, done or not), moves the
due day of an open task whose record's date changed, and closes the open tasks it no longer
wants (the plan was reviewed, the case closed, a new assessment made). It commits a chunk
at a time and is safe to run twice at once: the database refuses a second copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from concord.accounts.models import Agency
from concord.cases.models import Case, CaseQuerySet, SafetyPlan, Task
from concord.core import audit


@dataclass(frozen=True)
class Wanted:
    """A task a rule wants on a case."""

    case_id: UUID
    agency_id: UUID
    source: str
    title: str
    due_on: date
    assignee_id: UUID | None


@dataclass(frozen=True)
class TaskRule:
    name: str
    wanted: Callable[[CaseQuerySet, date], Iterable[Wanted]]
    # A rule about what follows support (outcome follow-ups) reads closed cases instead.
    on_closed_cases: bool = False


_rules: dict[str, TaskRule] = {}


def register(rule: TaskRule) -> None:
    """Add a rule; registering a name again replaces it (``ready`` can run twice in tests)."""
    _rules[rule.name] = rule


def enabled() -> list[TaskRule]:
    """The registered rules that settings.TASK_RULES switches on."""
    return [_rules[name] for name in settings.TASK_RULES if name in _rules]


def run_all() -> int:
    """Every enabled rule over every active case (the worker's periodic job); returns how
    many tasks were set or closed."""
    return sum(run(rule, Case.objects.all()) for rule in enabled())


def run_for_case(case: Case, rule_name: str) -> int:
    """One rule over one case, on the event that changes what it wants."""
    rule = _rules.get(rule_name)
    if rule is None or rule.name not in settings.TASK_RULES:
        return 0
    return run(rule, Case.objects.filter(pk=case.pk))


def run(rule: TaskRule, cases: CaseQuerySet) -> int:
    today = timezone.localdate()
    wanted_keys: set[tuple[UUID, str]] = set()
    changed = 0
    chosen = cases.filter(closed_at__isnull=False) if rule.on_closed_cases else cases.active()
    wanted = iter(rule.wanted(chosen, today))
    while chunk := list(islice(wanted, settings.TASK_RULES_CHUNK)):
        wanted_keys.update((item.case_id, item.source) for item in chunk)
        changed += _set_chunk(rule.name, chunk)
    return changed + _close_unwanted(rule.name, cases, wanted_keys)


@transaction.atomic
def _set_chunk(rule: str, chunk: list[Wanted]) -> int:
    existing: dict[tuple[UUID, str], list[Task]] = {}
    found = Task.objects.filter(rule=rule, source__in={item.source for item in chunk})
    for task in found:
        existing.setdefault((task.case_id, task.source), []).append(task)
    new, moved = [], []
    for item in chunk:
        tasks = existing.get((item.case_id, item.source), [])
        if any(task.due_on == item.due_on for task in tasks):
            continue
        still_open = next((task for task in tasks if not task.is_done), None)
        if still_open is not None:
            still_open.due_on = item.due_on
            moved.append(still_open)
        else:
            new.append(_task(rule, item))
    Task.objects.bulk_update(moved, ["due_on", "updated_at"])
    created = Task.objects.bulk_create(new, ignore_conflicts=True)
    for task in [*moved, *created]:
        audit.record("task.set_by_rule", agency=_agency(task), target=task, reason=rule)
    return len(moved) + len(created)


def _task(rule: str, item: Wanted) -> Task:
    return Task(
        agency_id=item.agency_id,
        case_id=item.case_id,
        rule=rule,
        source=item.source,
        title=item.title,
        due_on=item.due_on,
        assignee_id=item.assignee_id,
    )


def _agency(task: Task) -> Agency:
    """The task's agency for its audit event, without fetching it."""
    return Agency(pk=task.agency_id)


def _close_unwanted(rule: str, cases: CaseQuerySet, wanted: set[tuple[UUID, str]]) -> int:
    """Close the rule's open tasks on these cases that it no longer wants."""
    open_tasks = Task.objects.open().filter(rule=rule, case__in=cases.values("pk"))
    stale = [
        pk
        for pk, case_id, source in open_tasks.values_list("pk", "case_id", "source").iterator()
        if (case_id, source) not in wanted
    ]
    closed = 0
    for start in range(0, len(stale), settings.TASK_RULES_CHUNK):
        closed += _close(stale[start : start + settings.TASK_RULES_CHUNK], rule)
    return closed


@transaction.atomic
def _close(task_ids: list[UUID], rule: str) -> int:
    tasks = list(Task.objects.open().filter(pk__in=task_ids).select_for_update())
    now = timezone.now()
    for task in tasks:
        task.done_at = now
    Task.objects.bulk_update(tasks, ["done_at", "updated_at"])
    for task in tasks:
        audit.record("task.closed_by_rule", agency=_agency(task), target=task, reason=rule)
    return len(tasks)


# The safety-plan review rule (this app's own) ------------------------------------------------


def safety_plan_reviews(cases: CaseQuerySet, today: date) -> Iterator[Wanted]:
    """A review of each safety plan, due on the earliest of its review date and its actions'
    review dates still to come after its last review."""
    not_reviewed = Q(actions__review_on__gt=Coalesce(F("reviewed_on"), Value(date.min)))
    plans = (
        SafetyPlan.objects.filter(case__in=cases.values("pk"))
        .annotate(next_action=Min("actions__review_on", filter=not_reviewed))
        .values_list(
            "pk",
            "case_id",
            "agency_id",
            "review_due_on",
            "reviewed_on",
            "next_action",
            "case__lead_professional_id",
        )
    )
    for pk, case_id, agency_id, review_due_on, reviewed_on, next_action, lead in plans.iterator():
        due = _next_review(review_due_on, reviewed_on, next_action)
        if due is not None:
            yield Wanted(case_id, agency_id, str(pk), "Review the safety plan", due, lead)


def _next_review(
    review_due_on: date | None, reviewed_on: date | None, next_action: date | None
) -> date | None:
    due = [day for day in (review_due_on, next_action) if day is not None]
    if review_due_on is not None and reviewed_on is not None and reviewed_on >= review_due_on:
        due.remove(review_due_on)
    return min(due) if due else None


SAFETY_PLAN_REVIEW = TaskRule("safety_plan_review", safety_plan_reviews)
