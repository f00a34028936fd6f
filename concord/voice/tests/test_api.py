"""Complaints through the API: the pages' scope (404), roles (403), checks (422 with the
field, nothing saved) and audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.voice.models import Complaint, ComplaintStage

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints"


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_manager_logs_acknowledges_and_answers_a_complaint(manager_a, help_point, today):
    client = api(manager_a)
    made = client.post(
        URL,
        {
            "service_id": str(help_point.pk),
            "received_on": today.isoformat(),
            "channel": "email",
            "summary": "Letter never arrived.",
            "sex": "female",
            "age_band_from": 18,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["current_stage"]["name"] == "Stage 1 (service)"
    assert body["current_stage"]["respond_by"] == (today + timedelta(days=20)).isoformat()
    url = f"{URL}/{body['id']}"
    acknowledged = client.post(
        f"{url}/acknowledgement", {"acknowledged_on": today.isoformat()}, "application/json"
    )
    assert acknowledged.json()["acknowledged_on"] == today.isoformat()
    answered = client.post(
        f"{url}/response",
        {"responded_on": today.isoformat(), "outcome": "not_upheld", "lessons": "None"},
        "application/json",
    )
    assert answered.json()["outcome"] == "not_upheld"
    assert client.get(url).json()["current_stage"]["responded_on"] == today.isoformat()
    assert [c["id"] for c in client.get(URL).json()["items"]] == [body["id"]]
    assert AuditEvent.objects.filter(action="complaint.viewed").exists()
    assert Complaint.objects.get().equality.age_band == "18 to 24"


def test_a_response_before_the_complaint_is_422_and_saves_nothing(manager_a, complaint):
    response = api(manager_a).post(
        f"{URL}/{complaint.pk}/response",
        {
            "responded_on": (complaint.received_on - timedelta(days=1)).isoformat(),
            "outcome": "upheld",
        },
        "application/json",
    )
    assert response.status_code == 422
    assert "responded_on" in response.content.decode()
    assert ComplaintStage.objects.get().responded_on is None


def test_another_agency_gets_404_and_figure_roles_403(
    worker_c, commissioner, board_member, complaint
):
    assert api(worker_c).get(f"{URL}/{complaint.pk}").status_code == 404
    assert api(worker_c).get(URL).json()["items"] == []
    for member in (commissioner, board_member):
        assert api(member).get(URL).status_code == 403
        assert api(member).get(f"{URL}/{complaint.pk}").status_code == 403
