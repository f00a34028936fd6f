"""Table rows for the contract pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.commissioning.models import Contract, Kpi, QuarterlyReturn
from concord.commissioning.pbr import pounds
from concord.domain.numbers import number_text


def kpi_rows(kpis: Iterable[Kpi]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": str(kpi.year)},
            {"text": kpi.title},
            {"text": kpi.code},
            {"text": number_text(kpi.target), "format": "numeric"},
            {"text": number_text(kpi.stretch_target), "format": "numeric"},
            {"text": kpi.get_better_display()},
            {"text": "Yes" if kpi.payment_linked else "No"},
        ]
        for kpi in kpis
    ]


def return_rows(
    returns: Iterable[QuarterlyReturn], *, reviewer: bool
) -> list[list[dict[str, Any]]]:
    page = "commissioning:review" if reviewer else "commissioning:return"
    return [
        [
            {"html": _link(reverse(page, args=[r.pk]), r.label)},
            {"text": r.status_label},
        ]
        for r in returns
    ]


def money(pence: int) -> str:
    return pounds(pence)


def _link(href: str, text: str) -> str:
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def contract_rows(contracts: Iterable[Contract]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"html": _link(reverse("commissioning:contract", args=[c.pk]), c.title)},
            {"text": c.provider.name},
            {"text": f"{c.starts_on:%-d %B %Y} to {c.ends_on:%-d %B %Y}"},
            {"text": money(c.annual_value_pence), "format": "numeric"},
        ]
        for c in contracts
    ]
