"""Cases through the API: scope (404), roles (403), the same rules as the pages (422)."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_case_is_opened_moved_and_recorded_on(idva, opened):
    client = api(idva)
    case_url = f"/api/v1/cases/{opened['id']}"

    assert opened["status"] == "referred"
    assert (
        client.post(
            f"{case_url}/status", {"status": "open"}, content_type="application/json"
        ).json()["status"]
        == "open"
    )
    contact = client.post(
        f"{case_url}/contacts",
        {"channel": "call", "initiated_by": "victim", "occurred_at": "2026-11-07T11:00:00+00:00"},
        content_type="application/json",
    )
    assert contact.status_code == 201
    assert contact.json()["out_of_hours"] is True
    profile = client.put(
        f"{case_url}/intake-profile",
        {"assessed_on": "2026-11-03", "answers": {"mental_health": "yes"}},
        content_type="application/json",
    )
    assert profile.status_code == 204
    assert client.get(f"{case_url}/contacts").json()[0]["channel"] == "call"
    assert AuditEvent.objects.filter(action="case.contact_recorded").exists()


def test_domain_rules_answer_422_with_the_field(idva, opened):
    response = api(idva).post(
        f"/api/v1/cases/{opened['id']}/contacts",
        {"channel": "call", "initiated_by": "victim", "occurred_at": "2026-11-01T11:00:00+00:00"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "occurred_at", "message": "A contact cannot be before the referral"}
    ]


def test_an_illegal_status_move_is_422(idva, opened):
    response = api(idva).post(
        f"/api/v1/cases/{opened['id']}/status",
        {"status": "closed", "reason": "x"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "cannot become closed" in response.json()["detail"][0]["message"]


def test_other_agency_gets_404_for_cases(police_rep, opened):
    client = api(police_rep)

    assert client.get(f"/api/v1/cases/{opened['id']}").status_code == 404
    assert client.get(f"/api/v1/cases/{opened['id']}/contacts").status_code == 404
    assert (
        client.post(
            f"/api/v1/cases/{opened['id']}/status",
            {"status": "open"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get("/api/v1/cases").json()["items"] == []


def test_other_agency_cannot_open_a_case_for_someone_elses_person(police_rep, person_a, service):
    response = api(police_rep).post(
        "/api/v1/cases",
        {
            "person_id": str(person_a.pk),
            "service_id": str(service.pk),
            "referral_source": "self",
            "method_of_access": "helpline_call",
            "referred_at": "2026-11-02T09:30:00+00:00",
        },
        content_type="application/json",
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "system_admin"])
def test_roles_without_case_data_get_403(request, persona, opened):
    client = api(request.getfixturevalue(persona))

    assert client.get("/api/v1/cases").status_code == 403
    assert client.get(f"/api/v1/cases/{opened['id']}").status_code == 403
    assert (
        client.post(
            f"/api/v1/cases/{opened['id']}/status",
            {"status": "open"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/people",
            {"given_name": "A", "family_name": "B"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_a_person_is_recorded_through_the_api(idva):
    response = api(idva).post(
        "/api/v1/people",
        {"given_name": "Leanne", "family_name": "Marsh", "is_victim_survivor": True},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert AuditEvent.objects.filter(action="person.created", actor=idva.user).exists()


def test_a_future_date_of_birth_is_422(idva):
    response = api(idva).post(
        "/api/v1/people",
        {"given_name": "A", "family_name": "B", "date_of_birth": "2099-01-01"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "date_of_birth"
