"""The delivery plan's API: readers list every action, a lead only their own; an update
with a status and no progress is a 422 and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.domain.delivery import ActionStatus, UpdateState
from concord.strategy.tests.conftest import YEAR, make_action

pytestmark = pytest.mark.django_db
TODAY = date.today().isoformat()


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def updates_url(action) -> str:
    return f"/api/v1/strategy/actions/{action.pk}/updates"


def test_a_reader_lists_actions_by_year_and_status(board_member, plan, objective, idva, action):
    make_action(plan, objective, idva, reference="1.2", status=ActionStatus.OFF_TRACK)
    client = api(board_member)

    every = client.get("/api/v1/strategy/actions", {"year": YEAR}).json()
    off = client.get("/api/v1/strategy/actions", {"status": "off_track"}).json()

    assert every["count"] == 2
    assert [item["reference"] for item in off["items"]] == ["1.2"]
    assert off["items"][0]["lead_agency"] == idva.agency.name


def test_a_lead_lists_and_reads_only_their_own_actions(idva, manager_a, plan, objective, action):
    other = make_action(plan, objective, manager_a, reference="9.9")
    client = api(idva)

    listed = client.get("/api/v1/strategy/actions").json()

    assert [item["id"] for item in listed["items"]] == [str(action.pk)]
    assert client.get(f"/api/v1/strategy/actions/{action.pk}").status_code == 200
    assert client.get(f"/api/v1/strategy/actions/{other.pk}").status_code == 404
    body = {"written_on": TODAY, "status": "complete", "progress": "Done"}
    assert client.post(updates_url(other), body, content_type="application/json").status_code == 404


def test_the_lead_posts_an_update_that_awaits_approval(idva, action):
    body = {
        "written_on": TODAY,
        "status": "at_risk",
        "progress": "Late",
        "links": ["https://example.org"],
    }

    response = api(idva).post(updates_url(action), body, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["state"] == UpdateState.AWAITING_APPROVAL
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK


def test_the_managers_update_changes_the_status(partnership_manager, action):
    body = {"written_on": TODAY, "status": "complete", "progress": "Done"}

    response = api(partnership_manager).post(
        updates_url(action), body, content_type="application/json"
    )

    assert response.json()["state"] == UpdateState.APPROVED
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"written_on": TODAY, "status": "complete"}, "progress"),
        ({"written_on": TODAY, "status": "complete", "progress": "  "}, "progress"),
        ({"written_on": TODAY, "status": "purple", "progress": "x"}, "status"),
        (
            {"written_on": TODAY, "status": "complete", "progress": "x", "links": ["http://a.b"]},
            "links",
        ),
        ({"status": "complete", "progress": "x"}, "written_on"),
    ],
)
def test_a_bad_update_is_a_422_naming_the_field(partnership_manager, action, body, field):
    response = api(partnership_manager).post(
        updates_url(action), body, content_type="application/json"
    )

    assert response.status_code == 422
    assert field in [problem["field"] for problem in response.json()["detail"]]
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK and not action.updates.exists()


def test_a_reader_who_is_not_the_lead_cannot_post_an_update(board_member, action):
    body = {"written_on": TODAY, "status": "complete", "progress": "Done"}

    response = api(board_member).post(updates_url(action), body, content_type="application/json")

    assert response.status_code == 403
