"""How grants and spend read on the pages and in the export: money in pounds, a quarter not
returned in words (never a zero), the variance in words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.commissioning.funding import AllocationSpend, StreamSpend
from concord.commissioning.models import Allocation
from concord.domain.periods import financial_year_label
from concord.domain.spend import QUARTERS, SpendToDate, pounds

NOT_RETURNED = "Not returned"
NOT_DUE = "Not due yet"


def _link(href: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def paid_to(allocation: Allocation) -> str:
    if allocation.contract is not None:
        return f"Contract: {allocation.contract.title}"
    assert allocation.service is not None
    return f"Service: {allocation.service.name} ({allocation.service.agency.name})"


def variance_html(to_date: SpendToDate) -> str:
    """The variance in words, and the quarters missing under it."""
    if not to_date.missing_text:
        return format_html("{}", to_date.variance_text)
    return format_html(
        '{}<br><span class="govuk-hint govuk-!-font-size-16">{}</span>',
        to_date.variance_text,
        to_date.missing_text,
    )


def _money(pence: int) -> dict[str, Any]:
    return {"text": pounds(pence), "format": "numeric"}


def quarter_text(spend: AllocationSpend, quarter: int, upto: int) -> str:
    if quarter in spend.spent:
        return pounds(spend.spent[quarter])
    return NOT_RETURNED if quarter <= upto else NOT_DUE


def stream_rows(streams: Iterable[StreamSpend]) -> list[list[dict[str, Any]]]:
    return [
        [
            {
                "html": _link(
                    reverse("commissioning:funding-stream", args=[s.stream.pk]), s.stream.name
                )
            },
            {"text": s.stream.funder},
            _money(s.stream.amount_pence),
            _money(s.allocated_pence),
            _money(s.unallocated_pence),
            _money(s.to_date.spent_pence),
            {"html": variance_html(s.to_date)},
        ]
        for s in streams
    ]


def total_row(streams: list[StreamSpend], total: SpendToDate) -> list[dict[str, Any]]:
    awarded = sum(s.stream.amount_pence for s in streams)
    bold = "govuk-!-font-weight-bold"
    return [
        {"text": "All streams", "classes": bold},
        {"text": ""},
        _money(awarded) | {"classes": bold},
        _money(total.allocated_pence) | {"classes": bold},
        _money(awarded - total.allocated_pence) | {"classes": bold},
        _money(total.spent_pence) | {"classes": bold},
        {"html": variance_html(total), "classes": bold},
    ]


def allocation_rows(
    spends: Iterable[AllocationSpend], upto: int, *, show_stream: bool = False
) -> list[list[dict[str, Any]]]:
    rows = []
    for spend in spends:
        allocation = spend.allocation
        spend_link = _link(
            reverse("commissioning:funding-spend", args=[allocation.pk]),
            format_html(
                'Return spend<span class="govuk-visually-hidden"> for {}</span>',
                allocation.purpose,
            ),
        )
        row = [{"text": allocation.stream.name}] if show_stream else []
        row += [
            {"text": paid_to(allocation)},
            {"text": allocation.purpose},
            _money(allocation.amount_pence),
            *[{"text": quarter_text(spend, q, upto), "format": "numeric"} for q in QUARTERS],
            _money(spend.to_date.spent_pence),
            {"html": variance_html(spend.to_date)},
            {"html": spend_link},
        ]
        rows.append(row)
    return rows


EXPORT_HEADER = (
    "Financial year",
    "Stream",
    "Funder",
    "Paid to",
    "Purpose",
    "Allocated (£)",
    "Quarter 1 spend (£)",
    "Quarter 2 spend (£)",
    "Quarter 3 spend (£)",
    "Quarter 4 spend (£)",
    "Allocation to date (£)",
    "Spent to date (£)",
    "Variance (£)",
    "Variance",
    "Quarters not returned",
)


def _pounds_number(pence: int | None) -> float | str:
    return "" if pence is None else pence / 100


def export_rows(streams: Iterable[StreamSpend], upto: int) -> list[list[object]]:
    """One line per allocation; a quarter not returned says so, never 0."""
    rows: list[list[object]] = []
    for stream in streams:
        for spend in stream.allocations:
            to_date = spend.to_date
            rows.append(
                [
                    financial_year_label(stream.stream.year),
                    stream.stream.name,
                    stream.stream.funder,
                    paid_to(spend.allocation),
                    spend.allocation.purpose,
                    _pounds_number(spend.allocation.amount_pence),
                    *[
                        _pounds_number(spend.spent[q])
                        if q in spend.spent
                        else quarter_text(spend, q, upto)
                        for q in QUARTERS
                    ],
                    _pounds_number(to_date.profile_pence),
                    _pounds_number(to_date.spent_pence),
                    _pounds_number(to_date.variance_pence),
                    to_date.variance_text,
                    to_date.missing_text,
                ]
            )
    return rows


def spend_history_rows(spend: AllocationSpend, upto: int) -> list[list[dict[str, Any]]]:
    return [
        [{"text": f"Quarter {q}"}, {"text": quarter_text(spend, q, upto), "format": "numeric"}]
        for q in QUARTERS
    ]


def funding_rows(spends: Iterable[AllocationSpend]) -> list[list[dict[str, Any]]]:
    """A contract's allocations on its page: the stream and year, and spend to date."""
    return [
        [
            {"text": str(spend.allocation.stream)},
            {"text": spend.allocation.purpose},
            _money(spend.allocation.amount_pence),
            _money(spend.to_date.spent_pence),
            {"html": variance_html(spend.to_date)},
        ]
        for spend in spends
    ]
