"""This app's panels of the home page (concord.core.home_panels): a worker's tasks, and a
service manager's team workload, unallocated referrals and cases gone quiet. Panels name
cases by reference, never by the person's name: home is the page most often on screen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Membership
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import CaseQuerySet
from concord.cases.presenters_tasks import due_html
from concord.cases.scope import CasesScope
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.core.scope import ScopeBase

# The most rows a panel lists; the rest are counted.
PANEL_ROWS = 10
# Tasks due within this many days are "due soon" on the home page.
DUE_SOON_DAYS = 7


def _scope(request: ConcordRequest[Any]) -> CasesScope:
    scope: ScopeBase = request.scope
    return scope.narrowed_to(CasesScope)


def case_link(case_id: Any, reference: str) -> str:
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>', reverse("cases:detail", args=[case_id]), reference
    )


def my_tasks(request: ConcordRequest[Any]) -> dict[str, Any]:
    """The user's open tasks that are overdue or due within a week, soonest first."""
    today = timezone.localdate()
    mine = _scope(request).tasks.open().filter(assignee=request.user)
    soon = mine.due_by(today + timedelta(days=DUE_SOON_DAYS))
    counts = soon.aggregate(due=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    rows = [
        [
            {"html": case_link(task.case_id, task.case.reference)},
            {"text": task.title},
            {"html": due_html(task.due_on, today)},
        ]
        for task in soon.select_related("case").order_by("due_on", "created_at")[:PANEL_ROWS]
    ]
    return {"rows": rows, "due": counts["due"], "overdue": counts["overdue"], "days": DUE_SOON_DAYS}


MY_TASKS = HomePanel("my_tasks", 20, "cases.view_case", "cases/home_tasks.html", my_tasks)


def _team_cases(request: ConcordRequest[Any]) -> CaseQuerySet:
    """The manager's cases: those of their services, or the agency's when they have none."""
    membership: Membership = request.membership
    cases = _scope(request).cases.active()
    services = list(membership.services.all())
    return cases.for_services(services) if services else cases


def team_workload(request: ConcordRequest[Any]) -> dict[str, Any]:
    """Per worker: active cases they lead and their overdue tasks. Then the referrals no
    one leads yet, and the open cases without a contact for NO_CONTACT_DAYS."""
    today = timezone.localdate()
    cases = _team_cases(request)
    led = dict(
        cases.exclude(lead_professional=None)
        .values_list("lead_professional")
        .annotate(n=Count("pk"))
        .order_by()
    )
    overdue = dict(
        _scope(request)
        .tasks.overdue(today)
        .filter(case__in=cases.values("pk"))
        .exclude(assignee=None)
        .values_list("assignee")
        .annotate(n=Count("pk"))
        .order_by()
    )
    workers = Membership.objects.case_workers(request.membership.agency).select_related("user")
    people = {worker.user_id: worker.user.full_name for worker in workers}
    rows = [
        [
            {"text": name},
            {"text": str(led.get(user_id, 0)), "format": "numeric"},
            {"text": str(overdue.get(user_id, 0)), "format": "numeric"},
        ]
        for user_id, name in sorted(people.items(), key=lambda item: item[1])
    ]
    return {"rows": rows, **_unallocated(cases), **_quiet(cases)}


def _unallocated(cases: CaseQuerySet) -> dict[str, Any]:
    waiting = cases.filter(status=CaseStatus.REFERRED, lead_professional=None)
    oldest = waiting.select_related("service").order_by("referred_at")[:PANEL_ROWS]
    return {
        "unallocated_count": waiting.count(),
        "unallocated": [
            [
                {"html": case_link(case.pk, case.reference)},
                {"text": case.service.name},
                {"text": govuk_date(case.referred_at)},
            ]
            for case in oldest
        ],
    }


def _quiet(cases: CaseQuerySet) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=settings.NO_CONTACT_DAYS)
    quiet = (
        cases.filter(status=CaseStatus.OPEN)
        .annotate(last_contact=Max("contacts__occurred_at"))
        .filter(Q(last_contact__lt=since) | Q(last_contact=None, opened_at__lt=since))
    )
    oldest = quiet.select_related("lead_professional").order_by("last_contact", "opened_at")
    return {
        "quiet_days": settings.NO_CONTACT_DAYS,
        "quiet_count": quiet.count(),
        "quiet": [
            [
                {"html": case_link(case.pk, case.reference)},
                {"text": case.lead_professional.full_name if case.lead_professional else "No lead"},
                {"text": govuk_date(getattr(case, "last_contact", None)) or "None since opening"},
            ]
            for case in oldest[:PANEL_ROWS]
        ],
    }


TEAM_WORKLOAD = HomePanel(
    "team_workload", 60, "cases.see_team_workload", "cases/home_team.html", team_workload
)
