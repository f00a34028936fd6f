"""Risk assessments and incidents in the chronology (concord.core.chronology), for the
roles that may see them; one query each over all the cases."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import rules

from concord.cases.models import Case
from concord.core.chronology import Entry, Kind, dated, register, timed
from concord.risk.dash import Level
from concord.risk.models import AssessmentReason
from concord.risk.scope import RiskScope

ASSESSMENT = Kind("risk_assessment", "Risk assessments", 20)
INCIDENT = Kind("incident", "Incidents", 25)


def _may_see(scope: RiskScope) -> bool:
    return bool(rules.test_rule("risk.view_assessment", scope.membership))


def assessment_entries(scope: RiskScope, cases: Sequence[Case]) -> Iterator[Entry]:
    """Each finished assessment, credited to its assessor, and a raise by judgement to
    whoever made it."""
    if not _may_see(scope):
        return
    found = scope.risk_assessments.finished().filter(case__in=cases)
    for a in found.select_related("instrument", "assessed_by", "judged_by"):
        assert a.finished_at is not None  # finished assessments are timed
        summary = f"{a.instrument.name}: {Level(a.level).label.lower()} risk, score {a.score}"
        reason = f"Reason: {AssessmentReason(a.reason).label.lower()}"
        yield timed(a.finished_at, ASSESSMENT.code, summary, a.assessed_by, a.case_id, reason)
        if a.judged_level and a.judged_at is not None:
            raised = f"Risk raised by judgement to {Level(a.judged_level).label.lower()}"
            yield timed(a.judged_at, ASSESSMENT.code, raised, a.judged_by, a.case_id)


def incident_entries(scope: RiskScope, cases: Sequence[Case]) -> Iterator[Entry]:
    if not _may_see(scope):
        return
    for incident in scope.incidents.filter(case__in=cases).select_related("recorded_by"):
        police = (
            "Reported to the police"
            if incident.reported_to_police
            else "Not reported to the police"
        )
        yield dated(
            incident.occurred_on, INCIDENT.code, "Incident", incident.recorded_by,
            incident.case_id, police, incident.description,
        )  # fmt: skip


def register_kinds() -> None:
    register(ASSESSMENT, assessment_entries)
    register(INCIDENT, incident_entries)
