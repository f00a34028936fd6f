"""Home panels (concord.core.home_panels): the manager's updates awaiting approval, and a
lead's own open actions (their way in: a lead who is not a reader of the plan has no menu
item), each saying whether it is overdue, due within a month or without an update for three
months."""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.domain.delivery_plan import is_due_soon, is_overdue, is_quiet
from concord.strategy.models import Action, ActionUpdate
from concord.strategy.presenters import status_tag


def awaiting(request: ConcordRequest[Any]) -> dict[str, Any]:
    count = ActionUpdate.objects.awaiting_approval().count()
    if count == 0:
        return {"text": "No delivery-plan updates await approval"}
    verb = "update awaits" if count == 1 else "updates await"
    return {"text": f"{count} delivery-plan {verb} approval"}


def own_actions(request: ConcordRequest[Any]) -> dict[str, Any]:
    today = timezone.localdate()
    actions = (
        Action.objects.led_by(request.user)
        .open()
        .annotate(last_update=Max("updates__written_on", filter=Q(updates__state="approved")))
        .order_by("due_on", "reference")
    )
    shown = []
    for action in actions:
        status = action.status_enum
        if is_overdue(status, action.due_on, today):
            why = f"Overdue: due {govuk_date(action.due_on)}"
        elif is_due_soon(status, action.due_on, today):
            why = f"Due {govuk_date(action.due_on)}"
        elif is_quiet(status, action.starts_on, getattr(action, "last_update", None), today):
            why = "No update for three months"
        else:
            why = f"Due {govuk_date(action.due_on)}, nothing needed yet"
        shown.append(
            {
                "href": reverse("strategy:action", args=[action.pk]),
                "reference": action.reference,
                "title": action.title,
                "tag": status_tag(action.status),
                "why": why,
            }
        )
    return {"actions": shown}


AWAITING_APPROVAL = HomePanel(
    "strategy_approvals", 86, "strategy.approve_update", "strategy/home_approvals.html", awaiting
)
OWN_ACTIONS = HomePanel(
    "strategy_own_actions",
    87,
    "strategy.see_own_actions",
    "strategy/home_actions.html",
    own_actions,
)
