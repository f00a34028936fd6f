"""What the programmes app holds about a person (concord.people.personal_data): the
perpetrator-programme records of their cases and the children supported on their
family-service cases, and the cases a child is supported on."""

from __future__ import annotations

from collections.abc import Iterator

from concord.core.presenters import govuk_date
from concord.people.models import Person
from concord.people.personal_data import HeldRecord, Holding, field
from concord.programmes.models import CaseChild, ProgrammeRecord


def held_about(person: Person) -> Iterator[HeldRecord]:
    records = ProgrammeRecord.objects.filter(case__person=person).select_related("case")
    for record in records.order_by("referral_received_on"):
        yield HeldRecord(
            "Programme record",
            record.case.reference,
            (
                field("Case", record.case.reference),
                field("Referral received", govuk_date(record.referral_received_on)),
                field("Assessed", govuk_date(record.assessment_on)),
                field("Assessment outcome", record.get_assessment_outcome_display()),
                field("Sessions attended", record.sessions_attended),
                field("Sessions offered", record.sessions_offered),
                field("Completion", record.get_completion_display()),
            ),
        )
    children = CaseChild.objects.filter(case__person=person).select_related("case", "person")
    for child in children.order_by("created_at"):
        yield HeldRecord(
            "Child on the case",
            child.case.reference,
            (
                field("Case", child.case.reference),
                field("Child", child.person, third_party=True),
                field("How involved", child.get_role_display()),
            ),
        )
    supported = CaseChild.objects.filter(person=person).select_related("case")
    for child in supported.order_by("created_at"):
        yield HeldRecord(
            "Supported as a child",
            child.case.reference,
            (field("Case", child.case.reference), field("How involved", child.get_role_display())),
        )


def anonymise(person: Person) -> int:
    """Nothing to blank: these records hold codes, counts and dates, which figures count,
    and name people only through their own records."""
    return 0


HOLDING = Holding("programmes", 45, held_about, anonymise)
