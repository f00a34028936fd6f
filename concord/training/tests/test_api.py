"""Training sessions through the API: the delivering agency's own (404 for another's), the
roles of the pages (403), the service's checks as 422 field errors, staff trained per
agency."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.training.models import TrainingSession
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/training-sessions"


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def session(agency, **changes: object) -> dict[str, object]:
    return {
        "held_on": "2026-10-14",
        "kind": "staff_training",
        "title": "Recognising coercive control",
        "attendees": 20,
        "reported_more_knowledge": 17,
        "staff_trained": [{"agency_id": str(agency.pk), "staff": 12}],
    } | changes


def test_a_session_is_recorded_read_corrected_and_counted(idva, agency_b, agency_c):
    client = api(idva)

    made = client.post(URL, session(agency_b), content_type="application/json")
    url = f"{URL}/{made.json()['id']}"
    corrected = client.put(
        url,
        session(agency_b, staff_trained=[{"agency_id": str(agency_c.pk), "staff": 5}]),
        content_type="application/json",
    )
    totals = client.get(f"{URL}/staff-trained", {"year": 2026}).json()

    assert made.status_code == 201, made.content
    assert made.json()["staff_trained"] == [
        {"agency_id": str(agency_b.pk), "agency_name": agency_b.name, "staff": 12}
    ]
    assert client.get(url).json()["title"] == "Recognising coercive control"
    assert corrected.json()["staff_trained"][0]["agency_name"] == agency_c.name
    assert totals == [{"agency_name": agency_c.name, "staff_trained": 5}]
    assert client.get(URL, {"year": 2025}).json()["count"] == 0
    assert client.get(URL, {"year": 2026}).json()["count"] == 1
    assert AuditEvent.objects.filter(action="training.session_changed").exists()


def test_the_services_checks_come_back_as_field_errors(idva, agency_b):
    client = api(idva)

    too_many = client.post(
        URL,
        session(agency_b, attendees=10, reported_more_knowledge=None),
        content_type="application/json",
    )
    unknown_kind = client.post(
        URL, session(agency_b, kind="webinar"), content_type="application/json"
    )
    no_agency = client.post(
        URL,
        session(agency_b, staff_trained=[{"agency_id": str(idva.user.pk), "staff": 1}]),
        content_type="application/json",
    )
    negative = client.post(URL, session(agency_b, attendees=-1), content_type="application/json")

    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["field"] == "staff_trained"
    assert unknown_kind.json()["detail"] == [
        {
            "field": "kind",
            "message": "Input should be 'staff_training', 'public_awareness' or "
            "'prevention_session'",
        }
    ]
    assert no_agency.json()["detail"][0]["field"] == "staff_trained"
    assert negative.status_code == 422
    assert not TrainingSession.objects.exists()


def test_another_agencys_session_is_404(manager_b, agency_a, agency_b):
    theirs = TrainingSessionFactory(agency=agency_a, held_on=date(2026, 10, 1))
    client = api(manager_b)

    assert client.get(f"{URL}/{theirs.pk}").status_code == 404
    assert (
        client.put(
            f"{URL}/{theirs.pk}", session(agency_b), content_type="application/json"
        ).status_code
        == 404
    )
    assert client.get(URL, {"year": 2026}).json()["count"] == 0


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_roles_without_case_work_are_refused(request, persona, agency_b):
    client = api(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403
    assert client.post(URL, session(agency_b), content_type="application/json").status_code == 403
    assert client.get(f"{URL}/staff-trained").status_code == 403
