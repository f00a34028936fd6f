"""Rules that set risk re-assessment tasks on cases (concord.cases.task_rules): some weeks
after the latest assessment, and soon after an incident recorded since it (DOMAIN §3)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from concord.cases.models import CaseQuerySet
from concord.cases.task_rules import TaskRule, Wanted
from concord.risk.models import Incident, RiskAssessment


def _later_assessment(moment_field: str) -> Exists:
    return Exists(
        RiskAssessment.objects.finished().filter(
            case=OuterRef("case"), finished_at__gt=OuterRef(moment_field)
        )
    )


def reassessments(cases: CaseQuerySet, today: date) -> Iterator[Wanted]:
    """A re-assessment of each active case TASK_DASH_REASSESS_WEEKS after its latest."""
    weeks = timedelta(weeks=settings.TASK_DASH_REASSESS_WEEKS)
    latest = (
        RiskAssessment.objects.finished()
        .filter(case__in=cases.values("pk"))
        .exclude(_later_assessment("finished_at"))
        .values_list("pk", "case_id", "agency_id", "finished_at", "case__lead_professional_id")
    )
    for pk, case_id, agency_id, finished_at, lead in latest.iterator():
        due = timezone.localtime(finished_at).date() + weeks
        yield Wanted(case_id, agency_id, str(pk), "Re-assess risk (DASH)", due, lead)


def after_incidents(cases: CaseQuerySet, today: date) -> Iterator[Wanted]:
    """A re-assessment after the latest incident of each active case, when no assessment
    was finished after it was recorded."""
    days = timedelta(days=settings.TASK_DASH_AFTER_INCIDENT_DAYS)
    later_incident = Incident.objects.filter(
        case=OuterRef("case"), created_at__gt=OuterRef("created_at")
    )
    incidents = (
        Incident.objects.filter(case__in=cases.values("pk"))
        .exclude(Exists(later_incident))
        .exclude(_later_assessment("created_at"))
        .values_list("pk", "case_id", "agency_id", "created_at", "case__lead_professional_id")
    )
    for pk, case_id, agency_id, recorded_at, lead in incidents.iterator():
        due = timezone.localtime(recorded_at).date() + days
        title = "Re-assess risk after the new incident"
        yield Wanted(case_id, agency_id, str(pk), title, due, lead)


DASH_REASSESSMENT = TaskRule("dash_reassessment", reassessments)
DASH_AFTER_INCIDENT = TaskRule("dash_after_incident", after_incidents)
