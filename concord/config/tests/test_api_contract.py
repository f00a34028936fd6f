"""The API answers as its OpenAPI document says: errors declared on every operation in the
JSON error shape, bounded numbers, choices as enums, and JSON even when the server fails."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.api_errors import MAX_OFFSET

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
LISTS = [
    "/api/v1/cases",
    "/api/v1/people",
    "/api/v1/referrals/inbox",
    "/api/v1/referrals/sent",
    "/api/v1/marac/referrals",
    "/api/v1/training-sessions",
]
# Operations any role may call: they never answer 403.
OPEN_TO_EVERY_ROLE = {("get", "/api/v1/me"), ("get", "/api/v1/risk-instruments")}
ERROR_SHAPES = {
    "400": "Problem",
    "401": "Problem",
    "403": "Problem",
    "404": "Problem",
    "422": "Invalid",
    "429": "Problem",
}


def api_client(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def fields(response) -> dict[str, str]:
    return {problem["field"]: problem["message"] for problem in response.json()["detail"]}


@pytest.mark.parametrize("url", LISTS)
def test_an_offset_past_the_bound_is_422_in_json(idva, url):
    client = api_client(idva)

    huge = client.get(url, {"offset": HUGE})
    past = client.get(url, {"offset": MAX_OFFSET + 1})
    last = client.get(url, {"offset": MAX_OFFSET})

    assert huge.status_code == 422
    assert huge["Content-Type"] == "application/json; charset=utf-8"
    assert set(fields(huge)) == {"offset"}
    assert past.status_code == 422
    assert last.status_code == 200
    assert last.json()["items"] == []


def test_a_limit_past_the_bound_is_422(idva):
    response = api_client(idva).get("/api/v1/people", {"limit": 201})

    assert response.status_code == 422
    assert set(fields(response)) == {"limit"}


@pytest.mark.parametrize(
    "url", ["/api/v1/training-sessions", "/api/v1/training-sessions/staff-trained"]
)
@pytest.mark.parametrize("year", ["99999", "0", "-1763098375"])
def test_a_year_out_of_range_is_422_in_json(idva, url, year):
    response = api_client(idva).get(url, {"year": year})

    assert response.status_code == 422
    assert set(fields(response)) == {"year"}


def test_a_year_in_range_is_answered(idva):
    response = api_client(idva).get("/api/v1/training-sessions/staff-trained", {"year": 9998})

    assert response.status_code == 200
    assert response.json() == []


def test_an_invalid_choice_is_422_naming_the_allowed_values(idva):
    response = api_client(idva).post(
        "/api/v1/people",
        {"given_name": "Leanne", "family_name": "Marsh", "needs_interpreter": "maybe"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert fields(response) == {"needs_interpreter": "Input should be 'yes', 'no' or 'not_known'"}


def test_an_invalid_choice_in_a_query_is_422_naming_the_allowed_values(idva):
    response = api_client(idva).get("/api/v1/referrals/inbox", {"status": "referred"})

    assert response.status_code == 422
    assert fields(response) == {
        "status": "Input should be 'pending', 'accepted', 'declined' or 'withdrawn'"
    }


def test_choices_are_enums_in_the_schema(db):
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]

    assert schemas["PersonIn"]["properties"]["needs_interpreter"]["enum"] == [
        "yes",
        "no",
        "not_known",
    ]
    assert "staff_training" in schemas["SessionIn"]["properties"]["kind"]["enum"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"date_of_birth": 0}, "Input should be a date written as text, like 2024-04-01"),
        ({"is_victim_survivor": 0}, "Input should be true or false"),
    ],
)
def test_a_value_of_another_json_type_is_422(idva, value, message):
    response = api_client(idva).post(
        "/api/v1/people",
        {"given_name": "Leanne", "family_name": "Marsh", **value},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert fields(response) == {next(iter(value)): message}


def test_a_body_that_does_not_parse_is_400_in_json(idva):
    response = api_client(idva).post(
        "/api/v1/people", b"\x1f\xff not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_a_multipart_body_without_a_boundary_is_400_in_json(db, system_admin):
    response = api_client(system_admin).post(
        "/api/v1/submissions", b"kind=x", content_type="multipart/form-data"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_a_server_error_is_answered_in_json_without_its_message(idva, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("Sarah Ahmed")

    monkeypatch.setattr("concord.people.scope.PeopleScope.browse_people", broken)

    response = api_client(idva).get("/api/v1/people")

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Sorry, there is a problem with the service. Try again later."
    }
    assert "RuntimeError" in caplog.text
    assert "Sarah" not in caplog.text


def test_every_operation_declares_the_errors_it_can_answer(db):
    schema = Client().get("/api/v1/openapi.json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = operation["responses"]
            label = f"{method.upper()} {path}"
            assert {"401", "429"} <= set(declared), label
            if (method, path) not in OPEN_TO_EVERY_ROLE:
                assert "403" in declared, label
            if "{" in path:
                assert "404" in declared, label
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in declared, label
            if operation.get("requestBody"):
                assert "400" in declared, label
            for status, shape in ERROR_SHAPES.items():
                if status in declared:
                    content = declared[status]["content"]["application/json"]["schema"]
                    assert content == {"$ref": f"#/components/schemas/{shape}"}, label


def test_an_operation_that_looks_up_a_record_from_its_body_declares_404(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]

    assert "404" in paths["/api/v1/cases"]["post"]["responses"]
    assert "404" not in paths["/api/v1/me"]["get"]["responses"]
    assert "403" not in paths["/api/v1/me"]["get"]["responses"]
    assert "422" not in paths["/api/v1/me"]["get"]["responses"]


def test_a_body_that_is_not_an_object_is_422(idva):
    response = api_client(idva).post(
        "/api/v1/people/search", [None, None], content_type="application/json"
    )

    assert response.status_code == 422
    assert fields(response) == {"body": "Input should be an object"}


def test_a_whole_number_written_with_a_decimal_point_is_taken(idva):
    response = api_client(idva).post(
        "/api/v1/training-sessions",
        {"held_on": "2024-05-01", "kind": "staff_training", "title": "DASH", "attendees": 12.0},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["attendees"] == 12
