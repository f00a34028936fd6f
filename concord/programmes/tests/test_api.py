"""Family-service and perpetrator-programme records through the API: what the pages
record, the same rules (422 with the field), cases at other services (404), restricted
children, agency scope (404), roles (403) and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory
from concord.programmes.models import CaseChild, ChildRiskAssessment, ProgrammeRecord
from concord.programmes.tests.factories import CaseChildFactory

pytestmark = pytest.mark.django_db

BEN = {
    "role": "child_of_victim",
    "given_name": "Ben",
    "family_name": "Ahmed",
    "date_of_birth": "2019-05-01",
}
ASSESSED = {
    "assessment_on": "2026-11-10",
    "assessment_attendance": "attended",
    "assessment_outcome": "suitable",
}


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def send(client: Client, method: str, url: str, body: dict):
    return getattr(client, method)(f"/api/v1{url}", body, content_type="application/json")


def fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["detail"]}


def children(case) -> str:
    return f"/cases/{case.pk}/family/children"


def of_child(case, child, part: str) -> str:
    return f"{children(case)}/{child.pk}/{part}"


def programme(case, part: str = "") -> str:
    return f"/cases/{case.pk}/perpetrator-programme" + (f"/{part}" if part else "")


def family_writes(case, child) -> list[tuple[str, str, dict]]:
    return [
        ("post", children(case), BEN),
        ("post", of_child(case, child, "risk-assessments"), {"assessed_on": "2026-11-10", "level": "high"}),
        ("put", of_child(case, child, "concerns"), {"asked_on": "2026-11-10", "self_harm": "yes"}),
        ("post", of_child(case, child, "sessions"), {"kind": "group", "sessions_attended": 1, "first_session_on": "2026-11-10"}),
    ]  # fmt: skip


def programme_writes(case) -> list[tuple[str, str, dict]]:
    return [
        ("put", programme(case, "referral"), {"referral_received_on": "2026-11-03"}),
        ("put", programme(case, "assessment"), ASSESSED),
        ("put", programme(case, "sessions"), {"sessions_offered": 0, "sessions_attended": 0}),
        ("put", programme(case, "completion"), {"completion": "completed", "completion_on": "2026-11-20"}),
        ("put", programme(case, "children-and-needs"), {"complex_needs": "no", "has_children": "no", "child_protection_threshold": "no"}),
        ("put", programme(case, "partner-support"), {"partner_support_offered": "yes", "partner_prior_support": "no"}),
        ("put", programme(case, "onward-referrals"), {"referred_to_idva_on": "2026-11-04"}),
    ]  # fmt: skip


# Family service ------------------------------------------------------------------------------


def test_the_children_on_a_family_case_are_listed_and_the_read_audited(idva, family_case, child):
    response = api(idva).get(f"/api/v1{children(family_case)}")

    assert response.status_code == 200
    [amy] = response.json()
    assert (amy["given_name"], amy["role"], amy["self_harm"]) == (
        "Amy",
        "child_of_victim",
        "not_known",
    )
    assert amy["age"] == 10
    assert amy["risk_assessments"] == [] and amy["attendances"] == []
    event = AuditEvent.objects.for_object("cases.case", family_case.pk).last()
    assert (event.action, event.actor) == ("case.viewed", idva.user)


def test_a_new_child_is_recorded_and_put_on_the_case(idva, family_case):
    response = send(api(idva), "post", children(family_case), BEN)

    assert response.status_code == 201, response.content
    assert (response.json()["given_name"], response.json()["date_of_birth"]) == (
        "Ben",
        "2019-05-01",
    )
    ben = Person.objects.get(given_name="Ben")
    assert ben.is_child_young_person and ben.agency == family_case.agency
    assert AuditEvent.objects.filter(action="person.created", actor=idva.user).exists()
    assert AuditEvent.objects.filter(action="case.child_added", actor=idva.user).exists()


def test_someone_already_recorded_is_put_on_the_case(idva, family_case, agency_a):
    sibling = PersonFactory(agency=agency_a, given_name="Zara", date_of_birth=date(2014, 6, 1))
    body = {"role": "other_child_in_household", "person_id": str(sibling.pk)}

    response = send(api(idva), "post", children(family_case), body)

    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == str(sibling.pk)
    sibling.refresh_from_db()
    assert sibling.is_child_young_person
    again = send(api(idva), "post", children(family_case), body)
    assert fields(again) == {"person_id"}
    assert "already on this case" in again.json()["detail"][0]["message"]


@pytest.mark.parametrize(
    ("changes", "wrong"),
    [
        ({"given_name": "", "family_name": " "}, {"given_name", "family_name"}),
        ({"role": "lodger"}, {"role"}),
        ({"date_of_birth": "1990-01-01"}, {"date_of_birth"}),
        ({"role": "own_relationship_13_to_15"}, {"role"}),
        ({"approximate_age": 7}, {"approximate_age"}),
        ({"date_of_birth": "2099-01-01"}, {"date_of_birth"}),
        ({"date_of_birth": "2019-02-30"}, {"date_of_birth"}),
        ({"sex": "robot"}, {"sex"}),
    ],
)
def test_a_new_child_with_bad_details_is_422_with_the_field(idva, family_case, changes, wrong):
    assert fields(send(api(idva), "post", children(family_case), BEN | changes)) == wrong
    assert not CaseChild.objects.exists()
    assert not Person.objects.filter(given_name="Ben").exists()


def test_a_child_is_someone_recorded_or_someone_new_not_both(idva, family_case, agency_a, person_b):
    someone = PersonFactory(agency=agency_a)
    client = api(idva)

    both = BEN | {"person_id": str(someone.pk)}
    assert fields(send(client, "post", children(family_case), both)) == {"person_id"}
    theirs = {"role": "child_of_victim", "person_id": str(person_b.pk)}
    assert send(client, "post", children(family_case), theirs).status_code == 404
    assert not CaseChild.objects.exists()


def test_a_childs_risk_assessment_concerns_and_sessions_are_recorded(idva, family_case, child):
    client = api(idva)

    assessed = send(client, "post", of_child(family_case, child, "risk-assessments"), {"assessed_on": "2026-11-10", "level": "high"})  # fmt: skip
    concerns = send(client, "put", of_child(family_case, child, "concerns"), {"asked_on": "2026-11-10", "self_harm": "yes"})  # fmt: skip
    sessions = send(client, "post", of_child(family_case, child, "sessions"), {"kind": "creche", "sessions_attended": 3, "first_session_on": "2026-11-10", "last_session_on": "2026-11-24"})  # fmt: skip

    assert (assessed.status_code, assessed.json()["completed_by"]) == (201, idva.user.full_name)
    assert concerns.status_code == 200
    assert (concerns.json()["self_harm"], concerns.json()["suicidal_feelings"]) == (
        "yes",
        "not_known",
    )
    assert (sessions.status_code, sessions.json()["sessions_attended"]) == (201, 3)
    [amy] = client.get(f"/api/v1{children(family_case)}").json()
    assert [a["level"] for a in amy["risk_assessments"]] == ["high"]
    assert [a["kind"] for a in amy["attendances"]] == ["creche"]
    actions = set(AuditEvent.objects.filter(actor=idva.user).values_list("action", flat=True))
    assert {
        "family.child_risk_assessed",
        "family.child_flags_recorded",
        "family.child_attendance_recorded",
    } <= actions


@pytest.mark.parametrize(
    ("part", "method", "body", "wrong"),
    [
        ("risk-assessments", "post", {"assessed_on": "2026-11-10", "level": "severe"}, {"level"}),
        ("risk-assessments", "post", {"assessed_on": "2026-10-01", "level": "high"}, {"assessed_on"}),
        ("concerns", "put", {"asked_on": "2026-11-10", "self_harm": "maybe"}, {"self_harm"}),
        ("concerns", "put", {"self_harm": "yes"}, {"asked_on"}),
        ("sessions", "post", {"kind": "group", "sessions_attended": 2, "first_session_on": "2026-11-20", "last_session_on": "2026-11-10"}, {"last_session_on"}),
        ("sessions", "post", {"kind": "group", "sessions_attended": 0, "first_session_on": "2026-11-10"}, {"sessions_attended"}),
        ("sessions", "post", {"kind": "picnic", "sessions_attended": 1, "first_session_on": "2026-11-10"}, {"kind"}),
    ],
)  # fmt: skip
def test_bad_child_records_are_422_with_the_field(
    idva, family_case, child, part, method, body, wrong
):
    assert fields(send(api(idva), method, of_child(family_case, child, part), body)) == wrong
    child.refresh_from_db()
    assert child.self_harm == "not_known"
    assert not ChildRiskAssessment.objects.exists()
    assert not child.attendances.exists()


def test_a_child_of_another_case_is_404(idva, family_case, agency_a):
    elsewhere = CaseChildFactory(case__person__agency=agency_a)
    client = api(idva)

    for method, url, body in family_writes(family_case, elsewhere)[1:]:
        assert send(client, method, url, body).status_code == 404, url


def test_a_restricted_child_is_only_for_their_named_workers(idva, manager_a, family_case, child):
    child.person.is_restricted = True
    child.person.save()
    child.person.named_workers.set([manager_a.user])

    assert api(idva).get(f"/api/v1{children(family_case)}").json() == []
    for method, url, body in family_writes(family_case, child)[1:]:
        assert send(api(idva), method, url, body).status_code == 404, url
    [shown] = api(manager_a).get(f"/api/v1{children(family_case)}").json()
    assert shown["id"] == str(child.pk)


def test_family_records_are_only_on_family_cases(idva, programme_case, help_point_case, child):
    client = api(idva)

    for case in (programme_case, help_point_case):
        assert client.get(f"/api/v1{children(case)}").status_code == 404
        for method, url, body in family_writes(case, child):
            assert send(client, method, url, body).status_code == 404, url
    assert CaseChild.objects.count() == 1


# Perpetrator programme -----------------------------------------------------------------------


def test_a_programme_with_nothing_recorded_starts_on_the_day_referred(idva, programme_case):
    response = api(idva).get(f"/api/v1{programme(programme_case)}")

    assert response.status_code == 200
    body = response.json()
    assert (body["recorded"], body["referral_received_on"]) == (False, "2026-11-02")
    assert (body["sessions_offered"], body["complex_needs"]) == (0, "not_known")
    event = AuditEvent.objects.for_object("cases.case", programme_case.pk).last()
    assert (event.action, event.actor) == ("case.viewed", idva.user)


def test_each_part_of_the_programme_record_is_recorded_and_audited(idva, programme_case):
    client = api(idva)

    for method, url, body in programme_writes(programme_case):
        response = send(client, method, url, body)
        assert response.status_code == 200, (url, response.content)
        assert response.json() | body == response.json()

    read = client.get(f"/api/v1{programme(programme_case)}").json()
    assert (read["recorded"], read["completion"], read["partner_support_offered"]) == (
        True,
        "completed",
        "yes",
    )
    written = AuditEvent.objects.for_object("cases.case", programme_case.pk).filter(
        action__startswith="programme."
    )
    assert written.count() == len(programme_writes(programme_case))


@pytest.mark.parametrize(
    ("part", "body", "wrong"),
    [
        ("assessment", ASSESSED | {"assessment_on": "2026-10-01"}, {"assessment_on"}),
        ("assessment", ASSESSED | {"assessment_outcome": "unsuitable"}, {"unsuitable_reason"}),
        ("assessment", ASSESSED | {"assessment_attendance": "late"}, {"assessment_attendance"}),
        ("assessment", ASSESSED | {"assessment_on": "3026-01-01"}, {"assessment_on"}),
        ("sessions", {"sessions_offered": 4, "sessions_attended": 2}, {"sessions_offered"}),
        ("sessions", {"sessions_offered": 1, "sessions_attended": -1}, {"sessions_attended"}),
        ("completion", {"completion": "left_early", "completion_on": "2026-11-20"}, {"left_early_reason", "completion"}),
        ("children-and-needs", {"complex_needs": "no", "has_children": "no", "child_protection_threshold": "no", "number_of_children": 2}, {"number_of_children"}),
        ("partner-support", {"partner_support_offered": "not_known", "partner_prior_support": "no"}, {"partner_support_offered"}),
        ("onward-referrals", {"referred_to_marac_on": "2026-10-01"}, {"referred_to_marac_on"}),
    ],
)  # fmt: skip
def test_bad_programme_answers_are_422_with_the_field(idva, programme_case, part, body, wrong):
    assert fields(send(api(idva), "put", programme(programme_case, part), body)) == wrong
    assert not ProgrammeRecord.objects.exists()


def test_sessions_attended_cannot_exceed_sessions_offered(idva, programme_case):
    client = api(idva)
    send(client, "put", programme(programme_case, "assessment"), ASSESSED)

    response = send(client, "put", programme(programme_case, "sessions"), {"sessions_offered": 2, "sessions_attended": 3})  # fmt: skip

    assert fields(response) == {"sessions_attended"}
    assert ProgrammeRecord.objects.get().sessions_offered == 0


def test_programme_records_are_only_on_programme_cases(idva, family_case, help_point_case):
    client = api(idva)

    for case in (family_case, help_point_case):
        assert client.get(f"/api/v1{programme(case)}").status_code == 404
        for method, url, body in programme_writes(case):
            assert send(client, method, url, body).status_code == 404, url
    assert not ProgrammeRecord.objects.exists()


# Scope and roles -----------------------------------------------------------------------------


def test_another_agency_gets_404_for_family_and_programme_records(
    police_rep, family_case, child, programme_case
):
    client = api(police_rep)

    for url in (children(family_case), programme(programme_case)):
        response = client.get(f"/api/v1{url}")
        assert response.status_code == 404, url
        assert "Amy" not in response.content.decode()
    for method, url, body in [
        *family_writes(family_case, child),
        *programme_writes(programme_case),
    ]:
        assert send(client, method, url, body).status_code == 404, url
    assert CaseChild.objects.count() == 1
    assert not ProgrammeRecord.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_roles_without_case_data_get_403_for_family_and_programme_records(
    request, persona, family_case, child, programme_case
):
    client = api(request.getfixturevalue(persona))

    for url in (children(family_case), programme(programme_case)):
        assert client.get(f"/api/v1{url}").status_code == 403, url
    for method, url, body in [
        *family_writes(family_case, child),
        *programme_writes(programme_case),
    ]:
        assert send(client, method, url, body).status_code == 403, url
    assert CaseChild.objects.count() == 1
    assert not ProgrammeRecord.objects.exists()


def test_the_openapi_schema_documents_family_and_programme_records(db, family_case, child):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]

    assert paths["/api/v1/cases/{case_id}/family/children"]["get"]["tags"] == ["family service"]
    assert paths["/api/v1/cases/{case_id}/perpetrator-programme"]["get"]["tags"] == [
        "perpetrator programme"
    ]
    for method, url, _ in [*family_writes(family_case, child), *programme_writes(family_case)]:
        path = "/api/v1" + url.replace(str(family_case.pk), "{case_id}").replace(
            str(child.pk), "{child_id}"
        )
        assert paths[path][method]["summary"], path
