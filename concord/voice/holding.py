"""What the voice app holds about a person (concord.people.personal_data): the feedback and
complaints linked to their cases because they wanted them linked. Unlinked records name no
one and are not theirs to find."""

from __future__ import annotations

from collections.abc import Iterator

from concord.core.presenters import govuk_date
from concord.people.models import Person
from concord.people.personal_data import ANONYMISED, HeldRecord, Holding, field
from concord.voice.models import Complaint, ComplaintStage, Feedback


def held_about(person: Person) -> Iterator[HeldRecord]:
    feedback = Feedback.objects.filter(case__person=person).select_related("case", "service")
    for item in feedback.order_by("received_on"):
        yield HeldRecord(
            "Feedback",
            f"{item.get_kind_display()}, {govuk_date(item.received_on)}",
            (
                field("Case", item.case.reference if item.case else ""),
                field("Service", item.service.name),
                field("Received", govuk_date(item.received_on)),
                field("What was said", item.what_was_said),
                field("Actions taken or response", item.actions_taken),
            ),
        )
    complaints = Complaint.objects.filter(case__person=person).select_related("case", "service")
    for complaint in complaints.order_by("received_on").prefetch_related("stages"):
        stages = "; ".join(
            f"{stage.name}: {stage.get_outcome_display() or 'not answered yet'}"
            + (f", {stage.response}" if stage.response else "")
            for stage in complaint.stages.all()
        )
        yield HeldRecord(
            "Complaint",
            f"Complaint, {govuk_date(complaint.received_on)}",
            (
                field("Case", complaint.case.reference if complaint.case else ""),
                field("Service", complaint.service.name),
                field("Received", govuk_date(complaint.received_on)),
                field("Summary", complaint.summary),
                field("Stages and responses", stages),
            ),
        )


def anonymise(person: Person) -> int:
    """Blank what was said and the responses; keep dates, kinds, stages, outcomes and the
    lessons the service learnt, which figures and the partnership's learning use."""
    return (
        Feedback.objects.filter(case__person=person).update(
            what_was_said=ANONYMISED, actions_taken=""
        )
        + Complaint.objects.filter(case__person=person).update(summary=ANONYMISED)
        + ComplaintStage.objects.filter(complaint__case__person=person).update(response="")
    )


HOLDING = Holding("voice", 70, held_about, anonymise)
