"""Homicide reviews through the API: the summary for the roles that watch the partnership
(403 to others), with counts only; a review for its panel alone (404 to anyone else, the
read audited); completing a recommendation refused without evidence (422), nothing changed."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.dhr.tests.conftest import notify

pytestmark = pytest.mark.django_db
URL = "/api/v1/homicide-reviews"


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_the_panel_reads_a_review_without_names_and_the_read_is_audited(
    partnership_manager, recommendation
):
    review = recommendation.review

    response = api(partnership_manager).get(f"{URL}/{review.pk}")

    body = response.json()
    assert response.status_code == 200, body
    assert (body["reference"], body["victim_initials"], body["status"]) == (
        review.reference,
        "QZ",
        "Review in progress",
    )
    assert body["recommendations"][0]["number"] == 1
    assert body["panel"][0]["is_coordinator"] is True
    assert "Smithson" not in response.content.decode()
    assert AuditEvent.objects.filter(action="dhr.review_viewed", object_id=str(review.pk)).exists()


@pytest.mark.parametrize("persona", ["board_member", "analyst", "idva"])
def test_a_review_and_its_completion_are_404_off_the_panel(request, persona, recommendation):
    client = api(request.getfixturevalue(persona))
    review = recommendation.review
    body = {"completed_on": "2025-09-01", "evidence": "Training delivered to all practices"}

    assert client.get(f"{URL}/{review.pk}").status_code == 404
    completion = client.post(
        f"{URL}/{review.pk}/recommendations/1/completion", body, content_type="application/json"
    )
    assert completion.status_code == 404
    recommendation.refresh_from_db()
    assert recommendation.completed_on is None


def test_completion_without_evidence_is_422_and_changes_nothing(
    partnership_manager, recommendation
):
    url = f"{URL}/{recommendation.review.pk}/recommendations/1/completion"
    client = api(partnership_manager)

    refused = client.post(
        url, {"completed_on": "2025-09-01", "evidence": "  "}, content_type="application/json"
    )
    done = client.post(
        url,
        {"completed_on": "2025-09-01", "evidence": "Training delivered to all practices"},
        content_type="application/json",
    )
    again = client.post(
        url, {"completed_on": "2025-09-02", "evidence": "Again"}, content_type="application/json"
    )

    assert refused.status_code == 422
    assert {
        "field": "evidence",
        "message": "Enter the evidence that the recommendation was completed",
    } in refused.json()["detail"]
    assert done.status_code == 200, done.content
    assert done.json()["completed_on"] == "2025-09-01"
    assert again.status_code == 422
    recommendation.refresh_from_db()
    assert recommendation.evidence == "Training delivered to all practices"


@pytest.mark.parametrize("number", [7, 0, 99_999_999_999])
def test_a_recommendation_that_does_not_exist_is_404(partnership_manager, recommendation, number):
    url = f"{URL}/{recommendation.review.pk}/recommendations/{number}/completion"

    response = api(partnership_manager).post(
        url, {"completed_on": "2025-09-01", "evidence": "x"}, content_type="application/json"
    )

    assert response.status_code == 404


def test_the_summary_gives_counts_and_progress_only(
    board_member, partnership_manager, recommendation
):
    notify(partnership_manager, kind="suicide", victim_initials="AB")

    response = api(board_member).get(f"{URL}/summary")

    body = response.json()
    assert response.status_code == 200, body
    assert body["disclosure_threshold"] == 5
    assert body["deaths"][0] == {
        "financial_year": "2025 to 2026",
        "homicide": "<5",
        "suicide": "<5",
        "other": "0",
        "total": "<5",
    }
    assert body["recommendations"] == [
        {
            "reference": recommendation.review.reference,
            "recommendations": 1,
            "complete": 0,
            "outstanding": 1,
            "overdue": 1,
        }
    ]
    for detail in ("QZ", "Smithson", "Riverford North", "partner"):
        assert detail not in response.content.decode()


def test_the_summary_is_exact_for_the_panel_of_every_review(partnership_manager, review):
    body = api(partnership_manager).get(f"{URL}/summary").json()

    assert body["disclosure_threshold"] == 1
    assert body["deaths"][0]["homicide"] == "1"


@pytest.mark.parametrize("persona", ["idva", "police_rep", "system_admin"])
def test_the_summary_is_403_to_other_roles(request, persona, review):
    assert api(request.getfixturevalue(persona)).get(f"{URL}/summary").status_code == 403
