"""Housing records through the API: every outcome the pages record, the same date rules
(422 with the field), cases at other services (404), agency scope (404), roles (403) and
the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accounts.services import create_api_token
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.tests.factories import CaseFactory
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# (path under the case's housing record, a good body, what the record then shows)
OUTCOMES = [
    (
        "options-assessment",
        {"assessed_on": "2026-11-03", "outcome": "Stay at home with sanctuary measures"},
        {"options_assessed_on": "2026-11-03"},
    ),
    (
        "emergency-accommodation",
        {"placed_on": "2026-11-04", "left_on": "2026-11-09"},
        {"emergency_placed_on": "2026-11-04", "emergency_left_on": "2026-11-09"},
    ),
    (
        "refuge-placement",
        {"placed_on": "2026-11-09"},
        {"refuge_placed_on": "2026-11-09", "refuge_ended_on": None},
    ),
    (
        "transfer",
        {"kind": "management_transfer", "transferred_on": "2026-11-20"},
        {"transfer_kind": "management_transfer"},
    ),
    (
        "person-causing-harm-moved",
        {"moved": "yes", "moved_on": "2026-11-06"},
        {"person_causing_harm_moved": "yes", "person_causing_harm_moved_on": "2026-11-06"},
    ),
    ("home-secured", {"secured_on": "2026-11-21"}, {"home_secured_on": "2026-11-21"}),
]
MEASURE = {"kind": "door_and_window_locks", "fitted_on": "2026-11-05"}


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def url(case, part: str = "") -> str:
    return f"/api/v1/cases/{case.pk}/housing" + (f"/{part}" if part else "")


def put(client: Client, case, part: str, body: dict):
    return client.put(url(case, part), body, content_type="application/json")


def add_measure(client: Client, case, body: dict):
    return client.post(url(case, "sanctuary-measures"), body, content_type="application/json")


def fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["detail"]}


def test_a_case_with_nothing_recorded_has_an_empty_housing_record(idva, housing_case):
    response = api(idva).get(url(housing_case))

    assert response.status_code == 200
    body = response.json()
    assert body["home_secured_on"] is None
    assert body["sanctuary_measures"] == []
    event = AuditEvent.objects.for_object("cases.case", housing_case.pk).last()
    assert (event.action, event.actor) == ("case.viewed", idva.user)


@pytest.mark.parametrize(("part", "body", "shown"), OUTCOMES)
def test_each_housing_outcome_is_recorded_and_audited(idva, housing_case, part, body, shown):
    response = put(api(idva), housing_case, part, body)

    assert response.status_code == 200, response.content
    assert response.json() | shown == response.json()
    read = api(idva).get(url(housing_case)).json()
    assert read | shown == read
    written = AuditEvent.objects.for_object("cases.case", housing_case.pk).filter(
        action__startswith="housing."
    )
    assert list(written.values_list("actor", flat=True)) == [idva.user.pk]


def test_a_sanctuary_measure_is_added_and_listed(idva, housing_case):
    client = api(idva)

    response = add_measure(client, housing_case, MEASURE)

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "door_and_window_locks"
    listed = client.get(url(housing_case)).json()["sanctuary_measures"]
    assert [m["fitted_on"] for m in listed] == ["2026-11-05"]
    assert AuditEvent.objects.filter(
        action="housing.sanctuary_measure_added", actor=idva.user
    ).exists()


def test_a_home_is_secured_once_and_a_second_date_corrects_it(idva, housing_case):
    client = api(idva)
    put(client, housing_case, "home-secured", {"secured_on": "2026-11-21"})

    response = put(client, housing_case, "home-secured", {"secured_on": "2026-11-22"})

    assert response.json()["home_secured_on"] == "2026-11-22"
    actions = AuditEvent.objects.filter(action__startswith="housing.home_secured")
    assert list(actions.values_list("action", flat=True)) == [
        "housing.home_secured",
        "housing.home_secured_changed",
    ]


@pytest.mark.parametrize(
    ("part", "body", "field"),
    [
        (
            "emergency-accommodation",
            {"placed_on": "2026-11-09", "left_on": "2026-11-04"},
            "left_on",
        ),
        ("refuge-placement", {"placed_on": "2026-11-09", "ended_on": "2026-11-08"}, "ended_on"),
        ("options-assessment", {"assessed_on": "2026-10-30", "outcome": "x"}, "assessed_on"),
        ("options-assessment", {"assessed_on": "2026-11-03", "outcome": " "}, "outcome"),
        ("options-assessment", {"assessed_on": "2026-11-03", "outcome": "x" * 201}, "outcome"),
        ("transfer", {"kind": "swap", "transferred_on": "2026-11-20"}, "kind"),
        ("person-causing-harm-moved", {"moved": "no", "moved_on": "2026-11-06"}, "moved_on"),
        ("person-causing-harm-moved", {"moved": "perhaps"}, "moved"),
        ("home-secured", {"secured_on": "3026-11-21"}, "secured_on"),
        ("home-secured", {"secured_on": "21/11/2026"}, "secured_on"),
        ("home-secured", {}, "secured_on"),
    ],
)
def test_bad_housing_answers_are_422_with_the_field_and_save_nothing(
    idva, housing_case, part, body, field
):
    assert fields(put(api(idva), housing_case, part, body)) == {field}
    assert not HousingRecord.objects.exists()


def test_bad_sanctuary_measures_are_422_with_the_field(idva, housing_case):
    client = api(idva)

    assert fields(add_measure(client, housing_case, MEASURE | {"kind": "moat"})) == {"kind"}
    assert fields(add_measure(client, housing_case, MEASURE | {"kind": "other"})) == {"description"}
    assert fields(add_measure(client, housing_case, MEASURE | {"fitted_on": "2026-10-01"})) == {
        "fitted_on"
    }
    assert not SanctuaryMeasure.objects.exists()


def test_a_closed_case_takes_no_housing_work(idva, housing_case):
    case_services.change_status(idva.user, housing_case, CaseStatus.OPEN)
    case_services.change_status(idva.user, housing_case, CaseStatus.CLOSED, "support_completed")

    response = put(api(idva), housing_case, "home-secured", {"secured_on": "2026-11-21"})

    assert fields(response) == {"body"}
    assert "Reopen the case" in response.json()["detail"][0]["message"]


def test_a_case_at_another_kind_of_service_has_no_housing_record(idva, person_a, agency_a):
    help_point = CaseFactory(person=person_a, service=ServiceFactory(agency=agency_a))
    client = api(idva)

    assert client.get(url(help_point)).status_code == 404
    assert put(client, help_point, "home-secured", {"secured_on": "2026-11-21"}).status_code == 404
    assert add_measure(client, help_point, MEASURE).status_code == 404
    assert not HousingRecord.objects.exists()


def test_another_agency_gets_404_for_housing(police_rep, housing_case):
    client = api(police_rep)

    response = client.get(url(housing_case))
    assert response.status_code == 404
    assert "Ahmed" not in response.content.decode()
    for part, body, _ in OUTCOMES:
        assert put(client, housing_case, part, body).status_code == 404, part
    assert add_measure(client, housing_case, MEASURE).status_code == 404
    assert not HousingRecord.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_roles_without_case_data_get_403_for_housing(request, persona, housing_case):
    client = api(request.getfixturevalue(persona))

    assert client.get(url(housing_case)).status_code == 403
    for part, body, _ in OUTCOMES:
        assert put(client, housing_case, part, body).status_code == 403, part
    assert add_measure(client, housing_case, MEASURE).status_code == 403
    assert not HousingRecord.objects.exists()


def test_the_openapi_schema_documents_housing(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]

    assert "get" in paths["/api/v1/cases/{case_id}/housing"]
    assert "post" in paths["/api/v1/cases/{case_id}/housing/sanctuary-measures"]
    for part, _, _ in OUTCOMES:
        operation = paths[f"/api/v1/cases/{{case_id}}/housing/{part}"]["put"]
        assert operation["summary"] and operation["tags"] == ["housing"]


def test_dates_are_checked_against_today(idva, housing_case):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = put(api(idva), housing_case, "emergency-accommodation", {"placed_on": str(tomorrow)})

    assert fields(response) == {"placed_on"}
