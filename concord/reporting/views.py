"""The quarterly performance pack as a page (with a print stylesheet) and as CSV or Excel.
Contract monitoring officers and analysts see the partnership's figures with disclosure
control; practitioners and service managers their own agency's exact figures."""

from __future__ import annotations

from typing import Any

import rules
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency
from concord.core import audit
from concord.core.charts import Point, trend_chart
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_file_response, xlsx_response, xlsx_workbook
from concord.core.forms import posted, saved
from concord.domain.periods import Quarter, parse_period, parse_quarter, quarter_of
from concord.indicators.catalogue import (
    INDICATORS,
    Group,
    Indicator,
    Unit,
    UnknownIndicatorError,
)
from concord.indicators.models import StrategyTarget
from concord.indicators.signals import changes_for
from concord.indicators.strategy import set_strategy_target, strategy_indicator
from concord.reporting import packs, partnership_pack
from concord.reporting.forms import PartnershipPeriodForm, StrategyTargetForm

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
    narratives = packs.narratives(quarter, agency=audience["agency"])
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx"):
        return _download(request, quarter, packs.rows(sections, narratives), file_format)
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
            "sections": sections[:-1],
            "strategy": sections[-1],
            "narratives": narratives,
            "may_set_targets": rules.test_rule(
                "indicators.set_strategy_targets", request.membership
            ),
            "quarters": quarters,
            "trend": trend,
            "charts": [_chart(line, quarters) for line in trend[:2]],
            "sees_partnership_data": audience["agency"] is None,
            "lag_seconds": _lag_seconds(audience["agency"]),
        },
    )


def _lag_seconds(agency: Agency | None) -> int:
    """How far behind an import the figures may be, 0 when they count every record."""
    loading = changes_for(agency.pk if agency else None).loading
    return settings.FIGURES_LOAD_LAG_SECONDS if loading else 0


def _chart(line: packs.TrendLine, quarters: list[Quarter]) -> Any:
    figures = [
        Point(f"{q.first:%b} to {q.last:%b %Y}", found.whole, found.figure)
        for q, found in zip(quarters, line.quarters, strict=True)
    ]
    return trend_chart(line.indicator.title, figures, value_heading="Number")


def _download(
    request: ConcordRequest, quarter: Quarter, lines: list[list[str]], file_format: str
) -> HttpResponseBase:
    audit.record(
        "reports.quarterly_exported",
        actor=request.user,
        agency=request.membership.agency,
        reason=str(quarter),
    )
    filename = f"quarterly-performance-{quarter}"
    if file_format == "xlsx":
        return xlsx_response(filename, packs.HEADER, lines)
    return csv_response(filename, packs.HEADER, lines)


# The strategy indicators' baselines and targets ---------------------------------------------


@rule_required("indicators.set_strategy_targets")
def strategy_targets(request: ConcordRequest) -> HttpResponseBase:
    plans = {plan.code: plan for plan in StrategyTarget.objects.all()}
    lines = [
        packs.StrategyLine(indicator, "", "", None, plans.get(indicator.code))
        for indicator in INDICATORS
        if indicator.group == Group.STRATEGY
    ]
    return render(
        request,
        "reporting/strategy_targets.html",
        {"title": "Strategy baselines and targets", "lines": lines},
    )


@rule_required("indicators.set_strategy_targets")
def strategy_target(request: ConcordRequest, code: str) -> HttpResponseBase:
    try:
        indicator = strategy_indicator(code)
    except (UnknownIndicatorError, ValidationError):
        raise Http404 from None
    plan = StrategyTarget.objects.filter(code=code).first()
    initial = (
        {field: getattr(plan, field) for field in StrategyTargetForm.base_fields} if plan else {}
    )
    form = StrategyTargetForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> StrategyTarget:
            return set_strategy_target(request.membership, indicator, **form.cleaned_data)

        if saved(form, save) is not None:
            messages.success(request, f"The baseline and target of {indicator.title} are saved")
            return redirect("reporting:strategy_targets")
    context = {
        "title": f"Baseline and target: {indicator.title}",
        "form": form,
        "submit": "Save",
        "back_url": reverse("reporting:strategy_targets"),
        "intro": _target_intro(indicator),
    }
    return render(request, "core/form_page.html", context)


def _target_intro(indicator: Indicator) -> str:
    if indicator.unit == Unit.PERCENTAGE:
        return f"{indicator.definition} Enter the baseline and the target as percentages."
    return indicator.definition


# The partnership data report ------------------------------------------------------------------


@rule_required("indicators.view_protected_figures")
def partnership(request: ConcordRequest) -> HttpResponseBase:
    """The partnership's data from every agency, with disclosure control (issue 6 item 8)."""
    form = PartnershipPeriodForm(request.GET or None, today=timezone.localdate())
    code = form.period_code()
    report = partnership_pack.partnership_report(parse_period(code))
    if request.GET.get("format") == "xlsx":
        audit.record(
            "reports.partnership_exported",
            actor=request.user,
            agency=request.membership.agency,
            reason=code,
        )
        workbook = xlsx_workbook(partnership_pack.sheets(report))
        return xlsx_file_response(f"partnership-data-{code}", workbook)
    return render(
        request,
        "reporting/partnership.html",
        {
            "title": f"Partnership data: {report.period.label}",
            "form": form,
            "code": code,
            "report": report,
            "sections": [
                (section, [(t, partnership_pack.table_params(t)) for t in section.tables])
                for section in report.sections
            ],
        },
    )
