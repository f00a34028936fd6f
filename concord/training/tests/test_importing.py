"""Importing training and awareness sessions: written through the training service for the
importing (delivering) agency, staff trained per agency named by short name, bad rows kept
in quarantine with reasons naming the column, and importing again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from concord.cases.tests.imports import counts, load, quarantined
from concord.training.models import TrainingSession

pytestmark = pytest.mark.django_db

HEADER = (
    "record_id,held_on,kind,title,attendees,children_reached,reported_more_knowledge,"
    "staff_trained,notes\n"
)


def test_sessions_are_imported_with_staff_per_agency(idva, agency_b, agency_c):
    text = HEADER + (
        f"T1,2024-05-14,staff_training,Coercive control,20,,18,{agency_b.slug}:12; {agency_c.slug}:3,\n"
        "T2,14/06/2024,prevention_session,Healthy relationships,31,30,,,Year 9\n"
    )

    assert counts(load(idva, "training_sessions", text)) == (2, 0, 0)
    assert counts(load(idva, "training_sessions", text)) == (0, 2, 0)

    first = TrainingSession.objects.get(title="Coercive control")
    assert first.agency == idva.agency
    assert first.held_on == date(2024, 5, 14)
    assert {row.agency: row.staff for row in first.staff_trained.all()} == {
        agency_b: 12,
        agency_c: 3,
    }
    assert TrainingSession.objects.get(title="Healthy relationships").children_reached == 30


def test_bad_rows_are_kept_back_with_reasons_and_the_good_rows_land(idva, agency_b):
    text = HEADER + (
        "T1,2024-05-14,webinar,Coercive control,20,,,,\n"
        "T2,2024-05-14,staff_training,Too many staff,5,,,"
        f"{agency_b.slug}:6,\n"
        "T3,2024-05-14,staff_training,Unknown agency,20,,,nowhere:4,\n"
        f"T4,2024-05-14,staff_training,Twice,20,,,{agency_b.slug}:2;{agency_b.slug}:3,\n"
        "T5,2099-01-01,staff_training,Future,20,,,,\n"
        "T6,2024-05-14,staff_training,Fine,20,,,,\n"
    )

    assert counts(load(idva, "training_sessions", text)) == (1, 0, 5)

    reasons = quarantined("training_sessions")
    assert reasons["T1"] == ["kind: 'webinar' is not one of the codes for this column"]
    assert "staff_trained" in reasons["T2"][0]
    assert reasons["T3"] == ["staff_trained: no agency has the short name 'nowhere'"]
    assert "each agency once" in reasons["T4"][0]
    assert reasons["T5"][0].startswith("held_on:")
    assert list(TrainingSession.objects.values_list("title", flat=True)) == ["Fine"]
