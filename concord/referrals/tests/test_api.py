"""Referrals and consent through the API: what each side sees, the consent gate, the
inbox, accepting and declining, agency scope (404), roles (403) and the audit trail."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concord.accounts.services import create_api_token
from concord.cases import services as case_services
from concord.cases.models import Case
from concord.core.models import AuditEvent
from concord.people import services as people_services
from concord.referrals import services
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Consent, Referral

pytestmark = pytest.mark.django_db

SUMMARY = "Needs a safe place to live; the ex-partner has keys to the flat."


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client: Client, url: str, body: dict | None = None):
    return client.post(f"/api/v1{url}", body or {}, content_type="application/json")


def fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["detail"]}


def refer(client: Client, case, **body):
    return post(client, f"/cases/{case.pk}/referrals", {"summary": SUMMARY, **body})


def assert_nothing_decided(referral):
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.PENDING
    assert not Case.objects.filter(agency=referral.receiving_agency).exists()


# Making a referral ---------------------------------------------------------------------------


def test_a_case_is_referred_with_the_persons_consent(idva, case, safe_home, consent):
    response = refer(api(idva), case, to_service_id=str(safe_home.pk), consent_id=str(consent.pk))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["person"]["given_name"] == "Sarah"
    assert (body["to_service"], body["receiving_agency"]) == ("Safe Home", "Riverford Homes")
    assert body["consent_given_on"] == str(consent.given_on)
    assert body["case_id"] == str(case.pk)
    assert body["created_case_id"] is None
    assert body["next_steps"] == ["withdrawn"]
    referral = Referral.objects.get()
    event = AuditEvent.objects.for_object("referrals.referral", referral.pk).get()
    assert (event.action, event.actor, event.reason) == ("referral.made", idva.user, "consent")


def test_a_referral_without_consent_or_a_safeguarding_basis_is_refused(idva, case, safe_home):
    response = refer(api(idva), case, to_service_id=str(safe_home.pk))

    assert fields(response) == {"consent_id"}
    assert "safeguarding basis" in response.json()["detail"][0]["message"]
    assert not Referral.objects.exists()


def test_a_safeguarding_basis_needs_a_known_code_and_a_reason(idva, case, safe_home):
    client = api(idva)
    to = {"to_service_id": str(safe_home.pk)}

    assert fields(refer(client, case, **to, safeguarding_basis="marac")) == {"safeguarding_reason"}
    unknown = refer(client, case, **to, safeguarding_basis="gut_feeling", safeguarding_reason="x")
    assert fields(unknown) == {"safeguarding_basis"}
    assert not Referral.objects.exists()


def test_a_withdrawn_consent_does_not_allow_the_referral(idva, case, safe_home, consent, today):
    services.withdraw_consent(idva.user, consent, withdrawn_on=today)

    response = refer(api(idva), case, to_service_id=str(safe_home.pk), consent_id=str(consent.pk))

    assert fields(response) == {"consent_id"}
    assert "withdrawn" in response.json()["detail"][0]["message"]
    assert not Referral.objects.exists()


def test_a_consent_not_covering_the_receiving_agency_is_refused(
    idva, case, safe_home, person_a, agency_b, today
):
    police_only = services.record_consent(
        idva.user, person_a, purpose="referral", given=True, given_on=today, agencies=[agency_b]
    )

    response = refer(
        api(idva), case, to_service_id=str(safe_home.pk), consent_id=str(police_only.pk)
    )

    assert fields(response) == {"consent_id"}
    assert "does not cover Riverford Homes" in response.json()["detail"][0]["message"]


def test_another_agencys_consent_cannot_be_used(idva, manager_b, case, safe_home, person_b, today):
    theirs = services.record_consent(
        manager_b.user, person_b, purpose="referral", given=True, given_on=today
    )

    response = refer(api(idva), case, to_service_id=str(safe_home.pk), consent_id=str(theirs.pk))

    assert fields(response) == {"consent_id"}
    assert not Referral.objects.exists()


def test_a_referral_goes_to_one_known_place(idva, case, safe_home, consent):
    client = api(idva)
    with_consent = {"consent_id": str(consent.pk)}

    assert fields(refer(client, case, **with_consent)) == {"to_service_id"}
    assert fields(refer(client, case, to_service_id=str(uuid.uuid4()), **with_consent)) == {
        "to_service_id"
    }
    both = refer(
        client, case, to_service_id=str(safe_home.pk), outside_agency="Shelter", **with_consent
    )
    assert fields(both) == {"to_service_id"}
    assert fields(refer(client, case, to_service_id=str(safe_home.pk), summary="")) == {"summary"}
    assert not Referral.objects.exists()


def test_a_referral_outside_concord_for_safeguarding_is_recorded_as_sent(idva, case):
    response = refer(
        api(idva),
        case,
        outside_agency="  Children's   Services ",
        safeguarding_basis="child_protection",
        safeguarding_reason="The children were present at the last incident.",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["outside_agency"]) == ("sent", "Children's Services")
    assert body["safeguarding_basis"] == "child_protection"
    assert body["next_steps"] == []
    event = AuditEvent.objects.get(action="referral.made_without_consent")
    assert (event.actor, event.reason) == (idva.user, "child_protection")


def test_a_cases_referrals_are_listed_for_the_referring_agency(idva, case, referral):
    response = api(idva).get(f"/api/v1/cases/{case.pk}/referrals")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [str(referral.pk)]
    event = AuditEvent.objects.for_object("cases.case", case.pk).last()
    assert (event.action, event.actor) == ("case.viewed", idva.user)


# The receiving side --------------------------------------------------------------------------


def test_the_inbox_shows_what_the_referral_shares_and_the_lead_professional(
    worker_c, idva, referral
):
    response = api(worker_c).get("/api/v1/referrals/inbox")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == str(referral.pk)
    assert item["person"]["family_name"] == "Ahmed"
    assert item["lead_professional"] == item["referred_by"] == idva.user.full_name
    assert (item["referring_service"], item["referring_agency"]) == (
        "SAFE help point",
        "Haven Domestic Abuse Services",
    )
    assert item["summary"] == SUMMARY
    assert item["case_id"] is None
    assert item["next_steps"] == ["accepted", "declined"]


def test_the_inbox_is_sorted_by_status(worker_c, referral):
    client = api(worker_c)
    services.decline_referral(worker_c, referral, reason="no_capacity")

    assert client.get("/api/v1/referrals/inbox").json()["items"] == []
    declined = client.get("/api/v1/referrals/inbox", {"status": "declined"}).json()["items"]
    assert [item["decline_reason"] for item in declined] == ["no_capacity"]
    assert fields(client.get("/api/v1/referrals/inbox", {"status": "sent"})) == {"status"}
    viewed = AuditEvent.objects.filter(action="referrals.inbox_viewed", actor=worker_c.user)
    assert viewed.count() == 2


def test_a_withdrawn_referral_moves_to_the_withdrawn_list(idva, worker_c, referral):
    services.withdraw_referral(idva, referral)

    listed = api(worker_c).get("/api/v1/referrals/inbox", {"status": "withdrawn"}).json()

    assert [item["status"] for item in listed["items"]] == ["withdrawn"]


def test_the_inbox_shows_a_worker_only_their_services_referrals(worker_c, referral, agency_c):
    from concord.accounts.services import add_service

    worker_c.services.set([add_service(None, agency_c, name="Tenancy sustainment", kind="other")])

    assert api(worker_c).get("/api/v1/referrals/inbox").json()["items"] == []


def test_the_inbox_keeps_a_fixed_number_of_queries(
    worker_c, idva, referral, help_point, safe_home, agency_a, django_assert_num_queries
):
    client = api(worker_c)
    client.get("/api/v1/referrals/inbox")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/referrals/inbox")
    for number in range(3):
        person = people_services.record_person(
            idva.user, agency_a, given_name=f"Person{number}", family_name="Example"
        )
        other = case_services.open_case(
            idva.user,
            person,
            help_point,
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=help_point.created_at,
        )
        services.make_referral(
            idva.user,
            other,
            to_service=safe_home,
            summary="Housing",
            safeguarding_basis="serious_risk_of_harm",
            safeguarding_reason="Threats",
        )

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/referrals/inbox")
    assert response.json()["count"] == 4


def test_the_sent_list_shows_what_the_agency_referred(idva, worker_c, referral):
    assert [r["id"] for r in api(idva).get("/api/v1/referrals/sent").json()["items"]] == [
        str(referral.pk)
    ]
    assert api(worker_c).get("/api/v1/referrals/sent").json()["items"] == []


def test_the_receiving_agency_sees_the_referral_and_nothing_of_the_referring_records(
    worker_c, referral, case, person_a
):
    client = api(worker_c)

    response = client.get(f"/api/v1/referrals/{referral.pk}")

    assert response.status_code == 200
    body = response.content.decode()
    assert response.json()["case_id"] is None
    assert str(case.pk) not in body and case.reference not in body
    assert str(person_a.pk) not in body
    event = AuditEvent.objects.for_object("referrals.referral", referral.pk).last()
    assert (event.action, event.actor) == ("referral.viewed", worker_c.user)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/referrals").status_code == 404
    assert client.get(f"/api/v1/people/{person_a.pk}/consents").status_code == 404


def test_accepting_opens_a_case_led_by_the_worker_who_accepts(worker_c, idva, referral, case):
    client = api(worker_c)

    response = post(client, f"/referrals/{referral.pk}/accept")

    assert response.status_code == 201, response.content
    opened = Case.objects.get(agency=worker_c.agency)
    assert response.json()["id"] == str(opened.pk)
    assert response.json()["status"] == "open"
    assert opened.lead_professional == worker_c.user
    assert client.get(f"/api/v1/referrals/{referral.pk}").json()["created_case_id"] == str(
        opened.pk
    )
    assert api(idva).get(f"/api/v1/referrals/{referral.pk}").json()["created_case_id"] is None
    assert AuditEvent.objects.filter(action="referral.accepted", actor=worker_c.user).exists()
    again = post(client, f"/referrals/{referral.pk}/accept")
    assert fields(again) == {"body"}
    assert "already accepted" in again.json()["detail"][0]["message"]
    assert Case.objects.filter(agency=worker_c.agency).count() == 1


def test_accepting_links_someone_already_in_the_receiving_records(
    worker_c, referral, agency_c, person_a, person_b
):
    known = people_services.record_person(
        worker_c.user, agency_c, given_name="Sarah", family_name="Ahmed"
    )
    client = api(worker_c)

    assert (
        post(client, f"/referrals/{referral.pk}/accept", {"person_id": str(person_b.pk)})
    ).status_code == 404
    response = post(client, f"/referrals/{referral.pk}/accept", {"person_id": str(known.pk)})

    assert response.status_code == 201
    assert response.json()["person_id"] == str(known.pk)


def test_declining_needs_a_known_reason_and_the_referrer_sees_it(worker_c, idva, referral):
    client = api(worker_c)
    url = f"/referrals/{referral.pk}/decline"

    assert fields(post(client, url)) == {"reason"}
    assert fields(post(client, url, {"reason": ""})) == {"reason"}
    assert fields(post(client, url, {"reason": "too_busy"})) == {"reason"}
    assert_nothing_decided(referral)

    response = post(client, url, {"reason": "no_capacity"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decided_by"]) == (
        "declined",
        worker_c.user.full_name,
    )
    seen = api(idva).get(f"/api/v1/referrals/{referral.pk}").json()
    assert (seen["status"], seen["decline_reason"]) == ("declined", "no_capacity")
    event = AuditEvent.objects.get(action="referral.declined")
    assert (event.actor, event.reason) == (worker_c.user, "no_capacity")


def test_the_referring_agency_cannot_decide_its_own_referral_but_may_withdraw_it(
    idva, worker_c, referral
):
    client = api(idva)

    assert post(client, f"/referrals/{referral.pk}/accept").status_code == 404
    assert post(
        client, f"/referrals/{referral.pk}/decline", {"reason": "duplicate"}
    ).status_code == (404)
    assert post(api(worker_c), f"/referrals/{referral.pk}/withdraw").status_code == 404
    assert_nothing_decided(referral)

    response = post(client, f"/referrals/{referral.pk}/withdraw")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert AuditEvent.objects.filter(action="referral.withdrawn", actor=idva.user).exists()


# Consent -------------------------------------------------------------------------------------


def test_consent_is_recorded_listed_and_withdrawn(idva, person_a, agency_c, today):
    client = api(idva)

    response = post(
        client,
        f"/people/{person_a.pk}/consents",
        {
            "purpose": "referral",
            "given": True,
            "given_on": str(today - timedelta(days=3)),
            "agency_ids": [str(agency_c.pk)],
        },
    )

    assert response.status_code == 201, response.content
    recorded = response.json()
    assert (recorded["state"], recorded["agency_ids"]) == ("valid", [str(agency_c.pk)])
    assert recorded["recorded_by"] == idva.user.full_name
    listed = client.get(f"/api/v1/people/{person_a.pk}/consents")
    assert [c["id"] for c in listed.json()] == [recorded["id"]]
    event = AuditEvent.objects.for_object("people.person", person_a.pk).last()
    assert (event.action, event.actor) == ("person.viewed", idva.user)

    withdrawn = post(client, f"/consents/{recorded['id']}/withdraw", {"withdrawn_on": str(today)})

    assert withdrawn.status_code == 200
    assert (withdrawn.json()["state"], withdrawn.json()["withdrawn_on"]) == (
        "withdrawn",
        str(today),
    )
    actions = set(AuditEvent.objects.filter(actor=idva.user).values_list("action", flat=True))
    assert {"consent.recorded", "consent.withdrawn", "consent.viewed"} <= actions


def test_bad_consent_answers_are_422_with_the_field(idva, person_a, council, today):
    client = api(idva)
    url = f"/people/{person_a.pk}/consents"
    good = {"purpose": "referral", "given": True, "given_on": str(today)}

    assert fields(post(client, url, good | {"purpose": "gossip"})) == {"purpose"}
    assert fields(post(client, url, good | {"given_on": str(today + timedelta(days=1))})) == {
        "given_on"
    }
    assert fields(post(client, url, good | {"expires_on": str(today)})) == {"expires_on"}
    assert fields(post(client, url, good | {"agency_ids": [str(council.pk)]})) == {"agency_ids"}
    assert fields(post(client, url, {"purpose": "referral"})) == {"given", "given_on"}
    assert not Consent.objects.exists()


def test_a_consent_is_withdrawn_once_and_not_before_it_was_given(idva, consent, today):
    client = api(idva)
    url = f"/consents/{consent.pk}/withdraw"

    assert fields(post(client, url, {"withdrawn_on": str(today - timedelta(days=5))})) == {
        "withdrawn_on"
    }
    assert post(client, url, {"withdrawn_on": str(today)}).status_code == 200
    again = post(client, url, {"withdrawn_on": str(today)})
    assert fields(again) == {"body"}
    assert "already withdrawn" in again.json()["detail"][0]["message"]


# Scope and roles -----------------------------------------------------------------------------


def test_an_unrelated_agency_gets_404_for_every_referral_and_consent_endpoint(
    police_rep, referral, case, consent, person_a, safe_home, today
):
    client = api(police_rep)

    for url in [
        f"/api/v1/referrals/{referral.pk}",
        f"/api/v1/cases/{case.pk}/referrals",
        f"/api/v1/people/{person_a.pk}/consents",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sarah" not in response.content.decode()
    writes = [
        (f"/referrals/{referral.pk}/accept", {}),
        (f"/referrals/{referral.pk}/decline", {"reason": "duplicate"}),
        (f"/referrals/{referral.pk}/withdraw", {}),
        (f"/cases/{case.pk}/referrals", {"summary": SUMMARY, "to_service_id": str(safe_home.pk)}),
        (
            f"/people/{person_a.pk}/consents",
            {"purpose": "referral", "given": True, "given_on": str(today)},
        ),
        (f"/consents/{consent.pk}/withdraw", {"withdrawn_on": str(today)}),
    ]
    for url, body in writes:
        assert post(client, url, body).status_code == 404, url
    assert client.get("/api/v1/referrals/inbox").json()["items"] == []
    assert client.get("/api/v1/referrals/sent").json()["items"] == []
    assert_nothing_decided(referral)
    assert Referral.objects.count() == Consent.objects.count() == 1


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_roles_without_case_data_get_403_for_every_referral_and_consent_endpoint(
    request, persona, referral, case, consent, person_a, today
):
    client = api(request.getfixturevalue(persona))

    for url in [
        "/api/v1/referrals/inbox",
        "/api/v1/referrals/sent",
        f"/api/v1/referrals/{referral.pk}",
        f"/api/v1/cases/{case.pk}/referrals",
        f"/api/v1/people/{person_a.pk}/consents",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Sarah" not in response.content.decode()
    writes = [
        (f"/referrals/{referral.pk}/accept", {}),
        (f"/referrals/{referral.pk}/decline", {"reason": "duplicate"}),
        (f"/referrals/{referral.pk}/withdraw", {}),
        (f"/cases/{case.pk}/referrals", {"summary": SUMMARY, "outside_agency": "Shelter"}),
        (
            f"/people/{person_a.pk}/consents",
            {"purpose": "referral", "given": True, "given_on": str(today)},
        ),
        (f"/consents/{consent.pk}/withdraw", {"withdrawn_on": str(today)}),
    ]
    for url, body in writes:
        assert post(client, url, body).status_code == 403, url
    assert_nothing_decided(referral)


def test_the_openapi_schema_documents_referrals_and_consent(db):
    schema = Client().get("/api/v1/openapi.json").json()

    for path in [
        "/api/v1/cases/{case_id}/referrals",
        "/api/v1/referrals/inbox",
        "/api/v1/referrals/sent",
        "/api/v1/referrals/{referral_id}",
        "/api/v1/referrals/{referral_id}/accept",
        "/api/v1/referrals/{referral_id}/decline",
        "/api/v1/referrals/{referral_id}/withdraw",
        "/api/v1/people/{person_id}/consents",
        "/api/v1/consents/{consent_id}/withdraw",
    ]:
        assert path in schema["paths"], path
        for operation in schema["paths"][path].values():
            assert operation["summary"] and operation["tags"] == ["referrals"]
    decline = schema["components"]["schemas"]["DeclineIn"]
    assert "no_capacity" in decline["properties"]["reason"]["enum"]
