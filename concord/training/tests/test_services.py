"""Recording training and awareness sessions: the checks and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.training import services
from concord.training.models import TrainingSession
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def record(idva, **values):
    defaults = {
        "held_on": date(2026, 10, 14),
        "kind": "staff_training",
        "title": "Recognising coercive control",
        "attendees": 20,
    }
    return services.record_training_session(idva.user, idva.agency, **(defaults | values))


def test_a_session_is_recorded_for_the_delivering_agency_and_audited(idva, agency_b, agency_c):
    session = record(
        idva, staff_trained={agency_b: 6, agency_c: 4, idva.agency: 0}, reported_more_knowledge=18
    )

    assert session.agency == idva.agency
    assert session.recorded_by == idva.user
    counts = {row.agency: row.staff for row in session.staff_trained.all()}
    assert counts == {agency_b: 6, agency_c: 4}  # an agency with none is not recorded
    event = AuditEvent.objects.get(action="training.session_recorded")
    assert event.object_id == str(session.pk)
    assert "staff_trained" in event.changes


def test_more_staff_than_attendees_is_refused(idva, agency_b, agency_c):
    with pytest.raises(ValidationError) as raised:
        record(idva, attendees=10, staff_trained={agency_b: 6, agency_c: 5})

    assert "staff_trained" in raised.value.message_dict
    assert not TrainingSession.objects.exists()


def test_staff_of_a_closed_agency_are_refused(idva, agency_b):
    agency_b.is_active = False
    agency_b.save()

    with pytest.raises(ValidationError) as raised:
        record(idva, staff_trained={agency_b: 3})

    assert raised.value.message_dict["staff_trained"] == ["Choose agencies that are still active"]


def test_more_people_knowing_more_than_attended_is_refused(idva):
    with pytest.raises(ValidationError) as raised:
        record(idva, attendees=10, reported_more_knowledge=11)

    assert "reported_more_knowledge" in raised.value.message_dict
    assert not TrainingSession.objects.exists()


def test_everyone_may_know_more(idva):
    assert record(idva, attendees=10, reported_more_knowledge=10).reported_more_knowledge == 10


def test_a_session_cannot_be_in_the_future(idva):
    with pytest.raises(ValidationError) as raised:
        record(idva, held_on=timezone.localdate() + timedelta(days=1))

    assert "held_on" in raised.value.message_dict


def test_unknown_kind_and_empty_title_are_refused(idva):
    with pytest.raises(ValidationError) as raised:
        record(idva, kind="webinar", title="  ")

    assert set(raised.value.message_dict) == {"kind", "title"}


def test_a_change_names_the_fields_changed(idva, agency_b):
    session = record(idva)

    record(idva, session=session, attendees=25, staff_trained={agency_b: 2})
    record(idva, session=session, attendees=25, staff_trained={agency_b: 2})

    first, unchanged = AuditEvent.objects.filter(action="training.session_changed")
    assert first.changes == ["attendees", "staff_trained"]
    assert unchanged.changes == []
    session.refresh_from_db()
    assert session.attendees == 25


def test_only_the_delivering_agency_can_change_a_session(idva, manager_b):
    session = TrainingSessionFactory(agency=manager_b.agency)

    with pytest.raises(ValidationError):
        record(idva, session=session, attendees=1)

    session.refresh_from_db()
    assert session.attendees == 12


def test_totals_count_sessions_attendees_and_children_per_financial_year(agency_a):
    TrainingSessionFactory(agency=agency_a, held_on=date(2026, 3, 31), attendees=100)
    TrainingSessionFactory(agency=agency_a, held_on=date(2026, 4, 1), attendees=7)
    TrainingSessionFactory(
        agency=agency_a,
        held_on=date(2027, 3, 31),
        kind="prevention_session",
        attendees=30,
        children_reached=28,
    )

    year = TrainingSession.objects.in_financial_year(2026)

    assert year.totals() == {"sessions": 2, "attendees": 37, "children_reached": 28}
    assert year.of_kind("prevention_session").totals()["sessions"] == 1
    assert TrainingSession.objects.in_financial_year(2024).totals() == {
        "sessions": 0,
        "attendees": 0,
        "children_reached": 0,
    }
