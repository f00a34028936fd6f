"""The housing records a subject access export shows and anonymising blanks."""

from __future__ import annotations

import pytest

from concord.accommodation import holding
from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accommodation.tests.factories import HousingRecordFactory, SanctuaryMeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(person_a):
    record = HousingRecordFactory(
        case__person=person_a, case__agency=person_a.agency, options_outcome="Moved to Leeds"
    )
    return SanctuaryMeasureFactory(
        housing_record=record, kind="other", description="Letterbox guard at 4 Elm Row"
    )


def test_the_housing_record_and_its_measures_are_held_about_the_person(measure, person_a):
    held = list(holding.held_about(person_a))

    assert [record.kind for record in held] == ["Housing record", "Sanctuary measure"]
    values = [item.value for record in held for item in record.fields]
    assert "Moved to Leeds" in values
    assert "Letterbox guard at 4 Elm Row" in values


def test_anonymising_blanks_the_free_text_and_keeps_the_dates(measure, person_a):
    assert holding.anonymise(person_a) == 2

    record = HousingRecord.objects.get()
    assert record.options_outcome == ""
    kept = SanctuaryMeasure.objects.get()
    assert (kept.description, kept.fitted_on, kept.kind) == ("", measure.fitted_on, "other")
