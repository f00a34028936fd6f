"""The home panel of referrals waiting for a decision by the worker's services (concord.core.
home_panels). It shows the referral's own fields only: never the referring agency's case."""

from __future__ import annotations

from typing import Any

from concord.accounts.http import ConcordRequest
from concord.cases.home import PANEL_ROWS
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.scope import ReferralsScope


def waiting_for_my_service(request: ConcordRequest[Any]) -> dict[str, Any]:
    inbox = request.scope.narrowed_to(ReferralsScope).inbox.with_status(ReferralStatus.PENDING)
    services = list(request.membership.services.all())
    if services:
        inbox = inbox.filter(to_service__in=services)
    oldest = inbox.select_related("to_service", "agency").order_by("referred_at")
    rows = [
        [
            {"text": referral.to_service.name if referral.to_service else ""},
            {"text": referral.agency.name},
            {"text": govuk_date(referral.referred_at)},
        ]
        for referral in oldest[:PANEL_ROWS]
    ]
    return {"rows": rows, "count": inbox.count()}


WAITING_REFERRALS = HomePanel(
    "waiting_referrals",
    30,
    "referrals.receive_referral",
    "referrals/home_waiting.html",
    waiting_for_my_service,
)
