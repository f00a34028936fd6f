"""Offers of support and the IDVA flag through the API: scope (404), roles (403), rules (422)."""

from __future__ import annotations

import pytest

from concord.cases.models import SupportOffer
from concord.cases.tests.test_api import api
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OFFER = {"kind": "casework", "offered_on": "2026-11-03"}


def offers_url(case: dict) -> str:
    return f"/api/v1/cases/{case['id']}/support-offers"


@pytest.fixture
def made(idva, opened):
    response = api(idva).post(offers_url(opened), OFFER, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_an_offer_is_made_then_answered(idva, opened, made):
    client = api(idva)

    assert made["answer"] == "awaiting"
    assert made["answered_on"] is None
    answered = client.post(
        f"{offers_url(opened)}/{made['id']}/answer",
        {"answer": "accepted", "answered_on": "2026-11-04"},
        content_type="application/json",
    )

    assert answered.status_code == 200, answered.content
    assert answered.json()["answer"] == "accepted"
    assert answered.json()["answer_recorded_by_id"] == str(idva.user.pk)
    assert [offer["answer"] for offer in client.get(offers_url(opened)).json()] == ["accepted"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"case.support_offered", "case.support_answered"} <= actions


def test_a_second_open_offer_of_the_same_kind_is_422(idva, opened, made):
    response = api(idva).post(offers_url(opened), OFFER, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "kind"


def test_an_answer_before_the_offer_or_given_twice_is_422(idva, opened, made):
    client = api(idva)
    answer_url = f"{offers_url(opened)}/{made['id']}/answer"

    early = client.post(
        answer_url,
        {"answer": "declined", "answered_on": "2026-11-02"},
        content_type="application/json",
    )
    assert early.status_code == 422
    assert early.json()["detail"] == [
        {"field": "answered_on", "message": "The answer cannot be before the offer"}
    ]
    client.post(
        answer_url,
        {"answer": "declined", "answered_on": "2026-11-03"},
        content_type="application/json",
    )
    again = client.post(
        answer_url,
        {"answer": "accepted", "answered_on": "2026-11-04"},
        content_type="application/json",
    )
    assert again.status_code == 422
    assert SupportOffer.objects.get().answer == "declined"


def test_an_unknown_answer_or_kind_is_422(idva, opened, made):
    client = api(idva)

    assert (
        client.post(
            offers_url(opened),
            {"kind": "housing", "offered_on": "2026-11-03"},
            content_type="application/json",
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"{offers_url(opened)}/{made['id']}/answer",
            {"answer": "awaiting", "answered_on": "2026-11-03"},
            content_type="application/json",
        ).status_code
        == 422
    )


def test_the_idva_flag_is_set_when_opening_and_changed_later(idva, opened):
    client = api(idva)
    assert opened["worked_by_idva"] is False

    response = client.put(
        f"/api/v1/cases/{opened['id']}/idva",
        {"worked_by_idva": True},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["worked_by_idva"] is True
    assert AuditEvent.objects.filter(action="case.idva_changed").count() == 1


def test_other_agency_gets_404_for_offers(police_rep, opened, made):
    client = api(police_rep)

    assert client.get(offers_url(opened)).status_code == 404
    assert client.post(offers_url(opened), OFFER, content_type="application/json").status_code == (
        404
    )
    answer = {"answer": "accepted", "answered_on": "2026-11-04"}
    assert (
        client.post(
            f"{offers_url(opened)}/{made['id']}/answer", answer, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.put(
            f"/api/v1/cases/{opened['id']}/idva",
            {"worked_by_idva": True},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_an_offer_of_another_case_is_404(idva, opened, made, person_a, service):
    other = (
        api(idva)
        .post(
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
        .json()
    )

    response = api(idva).post(
        f"{offers_url(other)}/{made['id']}/answer",
        {"answer": "accepted", "answered_on": "2026-11-04"},
        content_type="application/json",
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "system_admin"])
def test_roles_without_case_data_get_403_for_offers(request, persona, opened, made):
    client = api(request.getfixturevalue(persona))

    assert client.get(offers_url(opened)).status_code == 403
    assert client.post(offers_url(opened), OFFER, content_type="application/json").status_code == (
        403
    )
    assert (
        client.put(
            f"/api/v1/cases/{opened['id']}/idva",
            {"worked_by_idva": True},
            content_type="application/json",
        ).status_code
        == 403
    )
