"""MARAC panels of the home page (concord.core.home_panels): the next meeting for a
worker's own cases, and a coordinator's next meeting's readiness (research missing, actions
overdue)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.cases.home import PANEL_ROWS, case_link
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.core.scope import ScopeBase
from concord.marac.lifecycle import MaracStatus
from concord.marac.models import MaracAction
from concord.marac.scope import MaracScope


def _scope(request: ConcordRequest[Any]) -> MaracScope:
    scope: ScopeBase = request.scope
    return scope.narrowed_to(MaracScope)


def my_next_marac(request: ConcordRequest[Any]) -> dict[str, Any]:
    """The user's cases on the agenda of a meeting to come, soonest first, and how many of
    their cases wait for an agenda."""
    today = timezone.localdate()
    mine = _scope(request).marac_referrals.filter(
        agency=request.membership.agency, case__lead_professional=request.user
    )
    listed = (
        mine.filter(status=MaracStatus.LISTED, agenda_item__meeting__meets_on__gte=today)
        .select_related("case", "area", "agenda_item__meeting")
        .order_by("agenda_item__meeting__meets_on")
    )
    rows = [
        [
            {"html": case_link(referral.case_id, referral.case.reference)},
            {"text": referral.area.name},
            {"text": govuk_date(referral.agenda_item.meeting.meets_on)},
        ]
        for referral in listed[:PANEL_ROWS]
    ]
    return {"rows": rows, "waiting": mine.filter(status=MaracStatus.REFERRED).count()}


MY_NEXT_MARAC = HomePanel("my_next_marac", 40, "marac.refer", "marac/home_next.html", my_next_marac)


def meeting_readiness(request: ConcordRequest[Any]) -> dict[str, Any]:
    """The coordinator's next meeting: cases listed, those without research from every
    attending agency, and actions of the MARACs they host open past their day."""
    today = timezone.localdate()
    scope = _scope(request)
    meeting = (
        scope.marac_meetings.filter(meets_on__gte=today)
        .select_related("area")
        .annotate(attending=Count("agencies", distinct=True))
        .order_by("meets_on")
        .first()
    )
    overdue = MaracAction.objects.open().filter(
        item__meeting__in=scope.marac_meetings.values("pk"), due_on__lt=today
    )
    if meeting is None:
        return {"meeting": None, "overdue_actions": overdue.count()}
    items = meeting.items.annotate(researched=Count("research", distinct=True))
    missing = items.filter(researched__lt=meeting.attending)  # type: ignore[attr-defined]
    return {
        "meeting": {
            "area": meeting.area.name,
            "meets_on": govuk_date(meeting.meets_on),
            "pk": meeting.pk,
        },
        "listed": meeting.items.count(),
        "research_missing": missing.count(),
        "overdue_actions": overdue.count(),
    }


MEETING_READINESS = HomePanel(
    "meeting_readiness", 70, "marac.coordinate", "marac/home_readiness.html", meeting_readiness
)
