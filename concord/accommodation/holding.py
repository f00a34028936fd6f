"""What the accommodation app holds about a person (concord.people.personal_data): the
housing records of their cases, the sanctuary measures fitted to their home, and their
stays in safe accommodation with the support they received there."""

from __future__ import annotations

from collections.abc import Iterator

from concord.accommodation.models import (
    HousingRecord,
    SanctuaryMeasure,
    StayMember,
    SupportReceived,
)
from concord.accommodation.presenters import labels
from concord.accommodation.vocabulary import SPECIALIST_CHARACTERISTICS
from concord.core.presenters import govuk_date
from concord.people.models import Person
from concord.people.personal_data import HeldRecord, Holding, field


def held_about(person: Person) -> Iterator[HeldRecord]:
    records = HousingRecord.objects.filter(case__person=person).select_related("case")
    for record in records.order_by("created_at"):
        yield HeldRecord(
            "Housing record",
            record.case.reference,
            (
                field("Case", record.case.reference),
                field("Housing options assessed", govuk_date(record.options_assessed_on)),
                field("Housing options outcome", record.options_outcome),
                field("Placed in emergency accommodation", govuk_date(record.emergency_placed_on)),
                field("Placed in refuge", govuk_date(record.refuge_placed_on)),
                field("Refuge stay ended", govuk_date(record.refuge_ended_on)),
                field("Home secured", govuk_date(record.home_secured_on)),
            ),
        )
        for measure in record.sanctuary_measures.order_by("fitted_on"):
            yield HeldRecord(
                "Sanctuary measure",
                f"{record.case.reference}, {govuk_date(measure.fitted_on)}",
                (
                    field("Measure", measure.get_kind_display()),
                    field("What was fitted", measure.description),
                    field("Fitted", govuk_date(measure.fitted_on)),
                ),
            )
    members = StayMember.objects.filter(person=person).select_related(
        "stay__case", "stay__accommodation"
    )
    for member in members.prefetch_related("support").order_by("created_at"):
        stay = member.stay
        yield HeldRecord(
            "Stay in safe accommodation",
            f"{stay.case.reference}, {govuk_date(stay.moved_in_on)}",
            (
                field("Case", stay.case.reference),
                field("Accommodation", stay.accommodation.get_accommodation_type_display()),
                field("Moved in", govuk_date(stay.moved_in_on)),
                field("Moved out", govuk_date(stay.moved_out_on)),
                field("Why they left", stay.get_leaving_reason_display()),
                field("Moved on to", stay.get_move_on_destination_display()),
                field(
                    "Characteristics",
                    labels(member.characteristics, SPECIALIST_CHARACTERISTICS),
                ),
                *(
                    field(support.get_kind_display(), f"From {govuk_date(support.started_on)}")
                    for support in member.support.all()
                ),
            ),
        )


def anonymise(person: Person) -> int:
    """Blank the free text; keep the dates and kinds, which figures count."""
    records = HousingRecord.objects.filter(case__person=person)
    return (
        records.update(options_outcome="")
        + SanctuaryMeasure.objects.filter(housing_record__in=records).update(description="")
        + SupportReceived.objects.filter(member__person=person).update(note="")
    )


HOLDING = Holding("accommodation", 35, held_about, anonymise)
