"""The commissioner's home panel (concord.core.home_panels): returns submitted and waiting
for review, and returns due (the quarter just ended of each running contract, not yet
submitted)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.accounts.http import ConcordRequest
from concord.commissioning.lifecycle import ReturnStatus
from concord.commissioning.models import Contract, QuarterlyReturn
from concord.commissioning.scope import CommissioningScope
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.domain.periods import financial_year_of, quarter_of

PANEL_ROWS = 10
SENT = (ReturnStatus.SUBMITTED, ReturnStatus.QUERIED, ReturnStatus.SIGNED_OFF)


def returns(request: ConcordRequest[Any]) -> dict[str, Any]:
    contracts = request.scope.narrowed_to(CommissioningScope).contracts
    waiting = (
        QuarterlyReturn.objects.filter(contract__in=contracts, status=ReturnStatus.SUBMITTED)
        .select_related("contract__provider")
        .order_by("submitted_at")
    )
    rows = [
        [
            {"html": _return_link(found)},
            {"text": found.contract.provider.name},
            {"text": govuk_date(found.submitted_at)},
        ]
        for found in waiting[:PANEL_ROWS]
    ]
    return {"waiting": rows, "waiting_count": waiting.count(), "due": _due(contracts)}


def _return_link(found: QuarterlyReturn) -> str:
    url = reverse("commissioning:return", args=[found.pk])
    return format_html(
        '<a class="govuk-link" href="{}">{}: {}</a>', url, found.contract.title, found.label
    )


def _due(contracts: Any) -> list[list[dict[str, str]]]:
    """The running contracts whose return for the quarter just ended is not yet sent."""
    ended = quarter_of(timezone.localdate()).previous()
    running = contracts.filter(starts_on__lte=ended.last, ends_on__gte=ended.first)
    rows = []
    for contract in running.select_related("provider").prefetch_related("returns"):
        year = ended.year - financial_year_of(contract.starts_on) + 1
        sent = any(
            found.year == year and found.quarter == ended.number and found.status in SENT
            for found in contract.returns.all()
        )
        if not sent:
            rows.append(_due_row(contract, ended.label))
    return rows


def _due_row(contract: Contract, quarter: str) -> list[dict[str, str]]:
    url = reverse("commissioning:contract", args=[contract.pk])
    link = format_html('<a class="govuk-link" href="{}">{}</a>', url, contract.title)
    return [{"html": link}, {"text": contract.provider.name}, {"text": quarter}]


RETURNS = HomePanel(
    "returns", 80, "commissioning.review_return", "commissioning/home_returns.html", returns
)
