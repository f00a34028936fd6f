"""What the risk app holds about a person (concord.people.personal_data): the risk
assessments and incidents on their cases."""

from __future__ import annotations

from collections.abc import Iterator

from concord.core.presenters import govuk_date, govuk_datetime
from concord.people.models import Person
from concord.people.personal_data import HeldRecord, Holding, field
from concord.risk.models import Incident, RiskAssessment


def held_about(person: Person) -> Iterator[HeldRecord]:
    assessments = RiskAssessment.objects.filter(case__person=person).select_related(
        "case", "instrument", "assessed_by"
    )
    for assessment in assessments.order_by("created_at"):
        yield HeldRecord(
            "Risk assessment",
            f"{assessment.case.reference}, {assessment.instrument.name}",
            (
                field("Case", assessment.case.reference),
                field("Checklist", assessment.instrument.name),
                field("Reason", assessment.get_reason_display()),
                field("Status", assessment.get_status_display()),
                field("Finished", govuk_datetime(assessment.finished_at)),
                field("Assessed by", assessment.assessed_by),
                field("Score", assessment.score),
                field("Level", assessment.get_level_display()),
                field("Concerns", assessment.concerns),
                field("Comments on answers", _comments(assessment)),
            ),
        )
    incidents = Incident.objects.filter(case__person=person).select_related("case")
    for incident in incidents.order_by("occurred_on"):
        yield HeldRecord(
            "Incident",
            f"{incident.case.reference}, {govuk_date(incident.occurred_on)}",
            (
                field("Case", incident.case.reference),
                field("When", govuk_date(incident.occurred_on)),
                field("Reported to the police", "Yes" if incident.reported_to_police else "No"),
                field("What happened", incident.description, third_party=True),
            ),
        )


def _comments(assessment: RiskAssessment) -> str:
    return "; ".join(f"{code}: {text}" for code, text in assessment.comments.items())


def anonymise(person: Person) -> int:
    """Blank the free text; keep answers, scores and levels, which figures count."""
    return RiskAssessment.objects.filter(case__person=person).update(
        concerns="", comments={}
    ) + Incident.objects.filter(case__person=person).update(description="")


HOLDING = Holding("risk", 30, held_about, anonymise)
