"""The board's meetings through the API: the list, one meeting with its agenda, papers
(what they are, never their content), decisions, actions and quoracy, and recording a
decision. The same rules as the pages: board members and the partnership manager read,
the manager records (403 for others); a decision at a meeting not held, or with no
meeting, is a 422."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.board import services
from concord.board.annual import action_status
from concord.board.figures import quoracy_of
from concord.board.models import Meeting, MeetingQuerySet
from concord.core import audit
from concord.core.api_errors import ApiRouter, names_a_record
from concord.core.api_fields import Input, fields_named

router = ApiRouter(tags=["board"])


class BoardMeetingOut(Schema):
    id: UUID
    title: str
    held_on: date
    location: str


class BoardAgendaItemOut(Schema):
    position: int
    title: str
    presenter: str


class PaperOut(Schema):
    id: UUID
    title: str
    kind: str
    size: int = Field(description="Bytes; download the paper from its page")


class DecisionOut(Schema):
    id: UUID
    reference: str
    text: str


class BoardActionOut(Schema):
    id: UUID
    description: str
    owner: str
    due_on: date
    done_on: date | None
    status: str = Field(description="Open, Overdue, or Done on <date>")


class QuoracyOut(Schema):
    quorate: bool
    present: int = Field(description="Voting members present in person or by deputy")
    voting_members: int = Field(description="Voting members in term on the meeting's date")
    needed: int
    sentence: str


class MeetingDetailOut(BoardMeetingOut):
    minutes_approved_on: date | None
    agenda: list[BoardAgendaItemOut]
    papers: list[PaperOut]
    decisions: list[DecisionOut]
    actions: list[BoardActionOut]
    quoracy: QuoracyOut | None = Field(description="None until attendance is recorded")


class DecisionIn(Input):
    text: str = Field(min_length=1, max_length=20000)


class DecisionAtMeetingIn(DecisionIn):
    meeting_id: UUID | None = Field(description="The meeting the decision was made at")


def _reading(request: ConcordRequest[Any]) -> None:
    if not rules.test_rule("board.view_board", request.membership):
        raise PermissionDenied


def _keeping(request: ConcordRequest[Any]) -> None:
    if not rules.test_rule("board.manage_board", request.membership):
        raise PermissionDenied


@router.get(
    "/meetings", response=list[BoardMeetingOut], summary="The board's meetings, newest first"
)
@paginate
def list_meetings(request: ConcordRequest[Any]) -> MeetingQuerySet:
    _reading(request)
    return Meeting.objects.order_by("-held_on")


@router.get(
    "/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="One meeting: agenda, papers (not their content), decisions, actions, quoracy",
)
def get_meeting(request: ConcordRequest[Any], meeting_id: UUID) -> dict[str, Any]:
    _reading(request)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    today = timezone.localdate()
    found = quoracy_of([meeting])[meeting.pk]
    audit.record(
        "board.meeting_viewed", actor=request.user, agency=request.membership.agency, target=meeting
    )
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "location": meeting.location,
        "minutes_approved_on": meeting.minutes_approved_on,
        "agenda": list(meeting.agenda.all()),
        "papers": list(meeting.papers.defer("content")),
        "decisions": list(meeting.decisions.order_by("created_at")),
        "actions": [
            {
                "id": action.pk,
                "description": action.description,
                "owner": action.owner.name,
                "due_on": action.due_on,
                "done_on": action.done_on,
                "status": action_status(action, today),
            }
            for action in meeting.actions.select_related("owner")
        ],
        "quoracy": None
        if found is None
        else {
            "quorate": found.quorate,
            "present": found.present,
            "voting_members": found.voting_members,
            "needed": found.needed,
            "sentence": found.sentence(),
        },
    }


@router.post(
    "/meetings/{meeting_id}/decisions",
    response={201: DecisionOut},
    summary="Record a decision made at a meeting that has been held",
)
def record_decision(
    request: ConcordRequest[Any], meeting_id: UUID, payload: DecisionIn
) -> Status[Any]:
    _keeping(request)
    if not Meeting.objects.filter(pk=meeting_id).exists():
        raise Http404
    decision = services.record_decision(
        request.membership, meeting_id=meeting_id, text=payload.text
    )
    return Status(201, decision)


@router.post(
    "/decisions",
    response={201: DecisionOut},
    summary="Record a decision, naming its meeting (a decision without one is refused)",
)
@names_a_record
def record_decision_naming_meeting(
    request: ConcordRequest[Any], payload: DecisionAtMeetingIn
) -> Status[Any]:
    _keeping(request)
    with fields_named({"meeting": "meeting_id"}):
        decision = services.record_decision(
            request.membership, meeting_id=payload.meeting_id, text=payload.text
        )
    return Status(201, decision)
