"""People endpoints: token auth, agency scope (404), roles (403), audit and bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.people.models import Person

pytestmark = pytest.mark.django_db


def api_client(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_list_people_returns_own_agency_only(idva, person_a, person_b):
    response = api_client(idva).get("/api/v1/people")

    assert response.status_code == 200
    names = [item["family_name"] for item in response.json()["items"]]
    assert names == ["Ahmed"]


def test_get_person_is_audited(idva, person_a):
    response = api_client(idva).get(f"/api/v1/people/{person_a.pk}")

    assert response.status_code == 200
    assert response.json()["given_name"] == "Sarah"
    assert AuditEvent.objects.for_object("people.person", person_a.pk).last().action == (
        "person.viewed"
    )


def test_other_agency_gets_404(police_rep, person_a):
    response = api_client(police_rep).get(f"/api/v1/people/{person_a.pk}")

    assert response.status_code == 404
    assert "Sarah" not in response.content.decode()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "system_admin"])
def test_roles_without_case_data_get_403(request, persona, person_a):
    client = api_client(request.getfixturevalue(persona))

    assert client.get("/api/v1/people").status_code == 403
    response = client.get(f"/api/v1/people/{person_a.pk}")
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this."}


def test_search_finds_people_by_name_and_date_of_birth(idva, person_a):
    client = api_client(idva)

    found = client.post(
        "/api/v1/people/search",
        {"name": "ahmed", "date_of_birth": str(person_a.date_of_birth)},
        content_type="application/json",
    )
    missed = client.post(
        "/api/v1/people/search",
        {"name": "ahmed", "date_of_birth": "2001-01-01"},
        content_type="application/json",
    )

    assert [p["id"] for p in found.json()] == [str(person_a.pk)]
    assert missed.json() == []


def test_search_never_returns_another_agency(police_rep, person_a):
    response = api_client(police_rep).post(
        "/api/v1/people/search", {"name": "Sarah"}, content_type="application/json"
    )

    assert response.json() == []


def test_malformed_json_gets_400(idva):
    response = api_client(idva).post(
        "/api/v1/people/search", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "detail" in response.json()


def test_wrong_field_types_get_422_with_field_errors(idva):
    response = api_client(idva).post(
        "/api/v1/people/search",
        {"name": "A", "date_of_birth": "31/02/1990"},
        content_type="application/json",
    )

    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["detail"]}
    assert fields == {"name", "date_of_birth"}


def test_unknown_api_path_answers_json_404(idva):
    response = api_client(idva).get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_missing_or_bad_token_gets_401_and_is_audited(db):
    assert Client().get("/api/v1/people").status_code == 401
    response = Client(headers={"Authorization": "Bearer cnc_wrong"}).get("/api/v1/people")

    assert response.status_code == 401
    assert "token" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="api.tokens_rejected").count() == 1


def test_a_person_is_recorded_with_their_area_and_never_a_full_postcode(idva):
    client = api_client(idva)
    person = {"given_name": "Leanne", "family_name": "Marsh", "is_victim_survivor": True}

    refused = client.post("/api/v1/people", person | {"area": "le2 1ab"}, "application/json")
    made = client.post("/api/v1/people", person | {"area": "le2"}, "application/json")

    assert refused.status_code == 422
    assert [error["field"] for error in refused.json()["detail"]] == ["area"]
    assert made.status_code == 201
    assert Person.objects.get(pk=made.json()["id"]).area == "LE2"
