"""Columns and filters of the caseload that other apps add (risk, MARAC), and this app's
own next-task column.

Each column annotates the caseload's one query with what it shows (a subquery per value,
so the page's queries never grow with its rows), draws a cell from the annotations, and
may offer a filter: a select of choices, each narrowing the cases. Apps register columns
from their ``AppConfig.ready``, like the case page's sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from concord.accounts.models import Membership
from concord.cases.models import Case, CaseQuerySet, Contact, Task
from concord.cases.presenters_tasks import due_text
from concord.core.presenters import govuk_date


@dataclass(frozen=True)
class CaseloadColumn:
    """``annotate`` adds what ``cell`` (for the page) and ``text`` (for exports) read, for
    the user acting in a membership; ``filters`` maps each choice of the column's filter to
    how it narrows the cases."""

    name: str
    place: int
    heading: str
    annotate: Callable[[CaseQuerySet, Membership], CaseQuerySet]
    cell: Callable[[Case, date], dict[str, Any]]
    text: Callable[[Case, date], str]
    filter_label: str = ""
    filters: dict[str, tuple[str, Callable[[CaseQuerySet, date], CaseQuerySet]]] = field(
        default_factory=dict
    )


class CaseloadColumns:
    def __init__(self) -> None:
        self._by_name: dict[str, CaseloadColumn] = {}

    def register(self, column: CaseloadColumn) -> None:
        """Add a column; registering a name again replaces it (``ready`` may run twice)."""
        self._by_name[column.name] = column

    def in_order(self) -> list[CaseloadColumn]:
        return sorted(self._by_name.values(), key=lambda column: column.place)

    def annotate(self, cases: CaseQuerySet, membership: Membership) -> CaseQuerySet:
        """The cases with what every column shows, for the user acting in ``membership``."""
        for column in self.in_order():
            cases = column.annotate(cases, membership)
        return cases

    def narrow(self, cases: CaseQuerySet, chosen: dict[str, str], today: date) -> CaseQuerySet:
        """The cases each column's chosen filter keeps."""
        for column in self.in_order():
            choice = column.filters.get(chosen.get(column.name, ""))
            if choice is not None:
                cases = choice[1](cases, today)
        return cases


COLUMNS = CaseloadColumns()


# This app's own columns ----------------------------------------------------------------------


def _with_next_task(cases: CaseQuerySet, membership: Membership) -> CaseQuerySet:
    next_task = Task.objects.open().filter(case=OuterRef("pk")).order_by("due_on", "created_at")
    return cases.annotate(
        next_task_title=Subquery(next_task.values("title")[:1]),
        next_task_due=Subquery(next_task.values("due_on")[:1]),
    )


def next_task_text(case: Case, today: date) -> str:
    title = getattr(case, "next_task_title", None)
    if title is None:
        return "None"
    return f"{title}. {due_text(case.next_task_due, today)}"  # type: ignore[attr-defined]


def _overdue(cases: CaseQuerySet, today: date) -> CaseQuerySet:
    return cases.filter(pk__in=Task.objects.overdue(today).values("case_id"))


def _due_this_week(cases: CaseQuerySet, today: date) -> CaseQuerySet:
    return cases.filter(pk__in=Task.objects.due_by(today + timedelta(days=7)).values("case_id"))


NEXT_TASK = CaseloadColumn(
    "task",
    40,
    "Next task",
    _with_next_task,
    lambda case, today: {"text": next_task_text(case, today)},
    next_task_text,
    "Tasks",
    {
        "overdue": ("With an overdue task", _overdue),
        "due_week": ("With a task due within 7 days", _due_this_week),
    },
)


def _with_last_contact(cases: CaseQuerySet, membership: Membership) -> CaseQuerySet:
    latest = Contact.objects.filter(case=OuterRef("pk")).order_by("-occurred_at")
    return cases.annotate(last_contact=Subquery(latest.values("occurred_at")[:1]))


def _quiet(cases: CaseQuerySet, today: date) -> CaseQuerySet:
    since = timezone.now() - timedelta(days=settings.NO_CONTACT_DAYS)
    return cases.exclude(
        Exists(Contact.objects.filter(case=OuterRef("pk"), occurred_at__gte=since))
    )


def last_contact_text(case: Case, today: date) -> str:
    return govuk_date(getattr(case, "last_contact", None)) or "None yet"


LAST_CONTACT = CaseloadColumn(
    "contact",
    30,
    "Last contact",
    _with_last_contact,
    lambda case, today: {"text": last_contact_text(case, today)},
    last_contact_text,
    "Last contact",
    {"quiet": (f"None in {settings.NO_CONTACT_DAYS} days", _quiet)},
)
