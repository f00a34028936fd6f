"""The home panel of the help point's online referrals (concord.core.home_panels): how
many are new, and how many of those are past the target for first contact."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel
from concord.inbox import presenters
from concord.inbox import vocabulary as words
from concord.inbox.scope import InboxScope


def new_and_overdue(request: ConcordRequest[Any]) -> dict[str, int]:
    referrals = request.scope.narrowed_to(InboxScope).online_referrals
    overdue_before = timezone.now() - presenters.target()
    counts: dict[str, int] = referrals.filter(status=words.NEW).aggregate(
        new=Count("pk"),
        overdue=Count(
            "pk", filter=Q(first_contact_at__isnull=True, received_at__lt=overdue_before)
        ),
    )
    return counts


NEW_ONLINE_REFERRALS = HomePanel(
    "new_online_referrals", 25, "inbox.view", "inbox/home_new.html", new_and_overdue
)
