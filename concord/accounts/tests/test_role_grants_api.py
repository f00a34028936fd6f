"""Role requests through the API: the same two people, refusals and scope as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.accounts.grants import GrantStatus
from concord.accounts.models import Membership, RoleGrant
from concord.accounts.services import create_api_token, request_role_grant

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/role-requests"


def bearer(membership: Membership) -> Client:
    key = create_api_token(membership.user, membership, name="t").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def new_idva(**extra: object) -> dict[str, object]:
    return {
        "email": "new.idva@example.org",
        "full_name": "New Idva",
        "role": "practitioner",
    } | extra


def test_asking_for_yourself_is_refused(system_admin, agency_a):
    answer = bearer(system_admin).post(
        REQUESTS,
        new_idva(email=system_admin.user.email, agency_id=str(agency_a.pk)),
        content_type="application/json",
    )

    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "email"
    assert "for yourself" in answer.json()["detail"][0]["message"]
    assert not RoleGrant.objects.exists()


def test_two_people_give_a_case_role(agency_admin_a, manager_a):
    asked = bearer(agency_admin_a).post(REQUESTS, new_idva(), content_type="application/json")
    assert asked.status_code == 201
    grant_id = asked.json()["id"]
    assert asked.json()["status"] == "pending"
    assert not Membership.objects.filter(user__email="new.idva@example.org").exists()
    assert bearer(agency_admin_a).post(f"{REQUESTS}/{grant_id}/approve").status_code == 403

    manager = bearer(manager_a)
    pending = manager.get(REQUESTS, {"status": "pending"}).json()
    approved = manager.post(f"{REQUESTS}/{grant_id}/approve")

    assert [row["id"] for row in pending] == [grant_id]
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["decided_by"] == manager_a.user.full_name
    assert Membership.objects.get(user__email="new.idva@example.org").role == "practitioner"
    assert manager.post(f"{REQUESTS}/{grant_id}/refuse").status_code == 422


def test_refusing_through_the_api(agency_admin_a, manager_a):
    grant = request_role_grant(
        agency_admin_a,
        agency_admin_a.agency,
        email="x@example.org",
        full_name="X",
        role="practitioner",
    )

    answer = bearer(manager_a).post(f"{REQUESTS}/{grant.pk}/refuse")

    assert answer.json()["status"] == GrantStatus.REFUSED
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_roles_without_case_records_and_bad_input_are_refused_with_field_errors(agency_admin_a):
    client = bearer(agency_admin_a)

    no_case_data = client.post(
        REQUESTS, new_idva(role="data_officer"), content_type="application/json"
    )
    unknown_role = client.post(REQUESTS, new_idva(role="overlord"), content_type="application/json")
    bad_email = client.post(
        REQUESTS, new_idva(email="not-an-email"), content_type="application/json"
    )

    assert no_case_data.status_code == 422
    assert no_case_data.json()["detail"][0]["field"] == "role"
    assert unknown_role.status_code == 422
    assert unknown_role.json()["detail"][0]["field"] == "role"
    assert bad_email.json()["detail"][0]["field"] == "email"


def test_other_agency_gets_404_and_a_practitioner_403(agency_admin_a, manager_b, idva, agency_b):
    grant = request_role_grant(
        agency_admin_a,
        agency_admin_a.agency,
        email="x@example.org",
        full_name="X",
        role="practitioner",
    )

    assert bearer(manager_b).post(f"{REQUESTS}/{grant.pk}/approve").status_code == 404
    assert bearer(manager_b).get(REQUESTS).json() == []
    assert bearer(idva).get(REQUESTS).status_code == 403
    assert (
        bearer(idva).post(REQUESTS, new_idva(), content_type="application/json").status_code == 403
    )
    elsewhere = bearer(agency_admin_a).post(
        REQUESTS, new_idva(agency_id=str(agency_b.pk)), content_type="application/json"
    )
    assert elsewhere.status_code == 404
    assert RoleGrant.objects.count() == 1
