"""The inbox through the API: the same scope (another agency's referral is 404), roles
(403), filters, audit and acceptance (once) as the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.accounts.models import Service
from concord.accounts.services import create_api_token
from concord.cases.models import Case
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_worker_lists_and_reads_the_new_referrals(idva, referral):
    client = api(idva)
    listed = client.get("/api/v1/online-referrals").json()
    assert [item["reference"] for item in listed["items"]] == [referral.reference]
    assert client.get("/api/v1/online-referrals", {"status": "closed"}).json()["items"] == []
    assert client.get("/api/v1/online-referrals", {"status": "lost"}).status_code == 422
    one = client.get(f"/api/v1/online-referrals/{referral.pk}").json()
    assert (one["phone"], one["never"]) == ("07700 900123", ["no_voicemail"])
    assert AuditEvent.objects.filter(
        action="online_referral.viewed", object_id=str(referral.pk)
    ).exists()


def test_accepting_opens_a_case_once(idva, referral):
    client = api(idva)
    url = f"/api/v1/online-referrals/{referral.pk}/accept"
    body = {"given_name": "Sam", "family_name": "Jones"}
    answer = client.post(url, body, content_type="application/json")
    assert answer.status_code == 201
    case = Case.objects.get()
    assert answer.json() == {"case_id": str(case.pk), "reference": case.reference}
    again = client.post(url, body, content_type="application/json")
    assert again.status_code in {400, 422}
    assert Case.objects.count() == 1
    assert client.post(url, {"given_name": ""}, content_type="application/json").status_code == 422


def test_another_agency_gets_404(manager_c, other_help_point, referral):
    Service.objects.filter(pk=other_help_point.pk).update(takes_online_referrals=True)
    client = api(manager_c)
    assert client.get("/api/v1/online-referrals").json()["items"] == []
    assert client.get(f"/api/v1/online-referrals/{referral.pk}").status_code == 404
    accept = client.post(
        f"/api/v1/online-referrals/{referral.pk}/accept",
        {"given_name": "Sam", "family_name": "Jones"},
        content_type="application/json",
    )
    assert accept.status_code == 404
    assert not Case.objects.exists()


def test_roles_without_case_data_get_403(agency_admin_a, commissioner, referral):
    for membership in (agency_admin_a, commissioner):
        client = api(membership)
        assert client.get("/api/v1/online-referrals").status_code == 403
        assert client.get(f"/api/v1/online-referrals/{referral.pk}").status_code == 403
