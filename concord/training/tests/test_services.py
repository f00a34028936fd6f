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
    session = record(idva, attending_agencies=[agency_b, agency_c], reported_more_knowledge=18)

    assert session.agency == idva.agency
    assert session.recorded_by == idva.user
    assert set(session.attending_agencies.all()) == {agency_b, agency_c}
    event = AuditEvent.objects.get(action="training.session_recorded")
    assert event.object_id == str(session.pk)
    assert "attending_agencies" in event.changes


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

    record(idva, session=session, attendees=25, attending_agencies=[agency_b])

    event = AuditEvent.objects.get(action="training.session_changed")
    assert event.changes == ["attendees", "attending_agencies"]
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
