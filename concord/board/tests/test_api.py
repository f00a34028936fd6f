"""The board through the API: roles (403), unknown meetings (404), a meeting's agenda,
papers without content, decisions, actions and quoracy, and decisions refused (422)."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from concord.accounts.services import create_api_token
from concord.board import services
from concord.board.models import Decision
from concord.board.tests.factories import BoardMemberFactory, MeetingFactory, days_ago

pytestmark = pytest.mark.django_db


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client: Client, url: str, body: dict) -> object:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def meeting(partnership_manager, settings):
    settings.BOARD_QUORUM_MINIMUM = 3
    found = MeetingFactory(title="June board", held_on=days_ago(7))
    members = [BoardMemberFactory() for _ in range(6)]
    services.add_agenda_item(partnership_manager, found, title="Delivery plan")
    services.add_paper(
        partnership_manager,
        found,
        upload=SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Plan",
    )
    services.record_attendance(
        partnership_manager, found, {m.pk: ("present", "") for m in members[:3]}
    )
    services.add_action(
        partnership_manager, found, description="Recruit", owner=members[0], due_on=days_ago(1)
    )
    return found


def test_a_board_member_reads_the_meeting_with_quoracy_and_no_file_content(board_member, meeting):
    client = api(board_member)
    listed = client.get("/api/v1/board/meetings").json()
    assert [item["title"] for item in listed["items"]] == ["June board"]
    detail = client.get(f"/api/v1/board/meetings/{meeting.pk}").json()
    assert detail["agenda"] == [{"position": 1, "title": "Delivery plan", "presenter": ""}]
    assert detail["papers"][0]["kind"] == "pdf" and "content" not in detail["papers"][0]
    assert detail["quoracy"]["sentence"] == "Quorate: 3 of 6 voting members present, 3 needed"
    assert detail["actions"][0]["status"] == "Overdue"


def test_the_manager_records_a_decision(partnership_manager, meeting):
    answer = post(
        api(partnership_manager),
        f"/api/v1/board/meetings/{meeting.pk}/decisions",
        {"text": "Adopt the plan"},
    )
    assert answer.status_code == 201
    assert answer.json()["reference"] == f"{meeting.held_on:%Y-%m}/1"


def test_a_decision_at_a_meeting_not_held_is_422(partnership_manager):
    upcoming = MeetingFactory(held_on=days_ago(-7))
    answer = post(
        api(partnership_manager), f"/api/v1/board/meetings/{upcoming.pk}/decisions", {"text": "A"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "meeting"
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Adopt"},
        {"meeting_id": None, "text": "Adopt"},
        {"meeting_id": str(uuid.uuid4()), "text": "Adopt"},
    ],
)
def test_a_decision_without_a_meeting_is_422(partnership_manager, body):
    answer = post(api(partnership_manager), "/api/v1/board/decisions", body)
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "meeting_id"
    assert not Decision.objects.exists()


def test_an_empty_decision_is_422(partnership_manager, meeting):
    answer = post(
        api(partnership_manager), f"/api/v1/board/meetings/{meeting.pk}/decisions", {"text": ""}
    )
    assert answer.status_code == 422


def test_board_members_may_not_record_decisions(board_member, meeting):
    answer = post(
        api(board_member), f"/api/v1/board/meetings/{meeting.pk}/decisions", {"text": "A"}
    )
    assert answer.status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize("persona", ["idva", "commissioner", "analyst", "police_rep"])
def test_other_roles_get_403(request, persona, meeting):
    client = api(request.getfixturevalue(persona))
    assert client.get("/api/v1/board/meetings").status_code == 403
    assert client.get(f"/api/v1/board/meetings/{meeting.pk}").status_code == 403


def test_an_unknown_meeting_is_404(partnership_manager):
    client = api(partnership_manager)
    assert client.get(f"/api/v1/board/meetings/{uuid.uuid4()}").status_code == 404
    assert (
        post(client, f"/api/v1/board/meetings/{uuid.uuid4()}/decisions", {"text": "A"}).status_code
        == 404
    )
