"""The quarterly performance pack as a page (with a print stylesheet) and as CSV or Excel.
Contract monitoring officers and analysts see the partnership's figures with disclosure
control; practitioners and service managers their own agency's exact figures."""

from __future__ import annotations

from typing import Any

import rules
from django import forms
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_response
from concord.core.http import ConcordRequest
from concord.reporting import packs
from concord.reporting.charts import Point, trend_chart
from concord.reporting.periods import Quarter, parse_quarter, quarter_of
from concord.reporting.policy import disclosure_rule

RECENT_QUARTERS = 8


class QuarterForm(forms.Form):
    period = forms.ChoiceField(label="Quarter", required=False)

    def __init__(self, *args: Any, latest: Quarter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            (str(q), q.label) for q in (latest.shifted(-n) for n in range(RECENT_QUARTERS))
        ]

    def quarter(self) -> Quarter:
        chosen = self.cleaned_data.get("period") if self.is_valid() else ""
        return parse_quarter(chosen) if chosen else self.latest


def _audience(request: ConcordRequest) -> dict[str, Any]:
    """Whose figures, and how protected, for this role."""
    if rules.test_rule("indicators.view_protected_figures", request.membership):
        return {"agency": None, "rule": disclosure_rule()}
    return {"agency": request.membership.agency, "rule": None}


@rule_required("indicators.view_figures")
def quarterly(request: ConcordRequest) -> HttpResponseBase:
    latest = quarter_of(timezone.localdate()).previous()  # the last quarter that has ended
    form = QuarterForm(request.GET or None, latest=latest)
    quarter = form.quarter()
    audience = _audience(request)
    sections = packs.quarterly_pack(quarter.period, **audience)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        return _download(request, quarter, sections, file_format)
    quarters, trend = packs.year_to_date(quarter, **audience)
    whose = audience["agency"].name if audience["agency"] else "The partnership"
    return render(
        request,
        "reporting/quarterly.html",
        {
            "title": f"Quarterly performance: {quarter.label}",
            "form": form,
            "quarter": quarter,
            "whose": whose,
            "protected": audience["rule"] is not None,
            "sections": sections,
            "quarters": quarters,
            "trend": trend,
            "charts": [_chart(line, quarters) for line in trend[:2]],
        },
    )


def _chart(line: packs.TrendLine, quarters: list[Quarter]) -> Any:
    figures = [
        Point(f"{q.first:%b} to {q.last:%b %Y}", found.whole, found.figure)
        for q, found in zip(quarters, line.quarters, strict=True)
    ]
    return trend_chart(line.indicator.title, figures, value_heading="Number")


def _download(
    request: ConcordRequest, quarter: Quarter, sections: list[packs.PackSection], file_format: str
) -> HttpResponseBase:
    audit.record(
        "reports.quarterly_exported",
        actor=request.user,
        agency=request.membership.agency,
        reason=str(quarter),
    )
    filename = f"quarterly-performance-{quarter}"
    lines = packs.rows(sections)
    if file_format == "xlsx":
        return xlsx_response(filename, packs.HEADER, lines)
    return csv_response(filename, packs.HEADER, lines)
