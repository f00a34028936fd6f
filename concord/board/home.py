"""The board's home panel (concord.core.home_panels): the next meeting and its papers."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.board import presenters
from concord.board.models import Meeting
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date


def next_meeting(request: ConcordRequest[Any]) -> dict[str, Any]:
    today = timezone.localdate()
    coming = Meeting.objects.filter(held_on__gte=today).order_by("held_on").first()
    if coming is None:
        return {"meeting": None}
    papers = coming.papers.defer("content").select_related("meeting", "agenda_item")
    return {
        "meeting": coming,
        "held_on": govuk_date(coming.held_on),
        "papers": [presenters.paper_row(paper) for paper in papers],
    }


NEXT_MEETING = HomePanel(
    "board_next_meeting", 20, "board.view_board", "board/home_next_meeting.html", next_meeting
)
