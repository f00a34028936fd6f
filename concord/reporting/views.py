"""The quarterly performance pack as a page (with a print stylesheet) and as CSV or Excel.
Contract monitoring officers and analysts see the partnership's figures with disclosure
control; practitioners and service managers their own agency's exact figures."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import rules
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
from concord.core.export import csv_response, xlsx_file_response, xlsx_workbook
from concord.core.forms import posted, saved
from concord.domain.periods import Quarter, quarter_of
from concord.indicators.catalogue import (
    INDICATORS,
    Group,
    Indicator,
    Unit,
    UnknownIndicatorError,
)
from concord.indicators.signals import changes_for
from concord.reporting import needs, needs_assessment, pack_workbook, packs, partnership_pack
from concord.reporting.forms import (
    NeedsYearForm,
    PackPeriodForm,
    PartnershipPeriodForm,
    financial_year_code,
    period_query,
)
from concord.strategy.forms import StrategyTargetForm
from concord.strategy.models import StrategyTarget
from concord.strategy.targets import set_strategy_target, strategy_indicator


def _audience(request: ConcordRequest) -> dict[str, Any]:
    """Whose figures, and how protected, for this role."""
    if rules.test_rule("indicators.view_protected_figures", request.membership):
        return {"agency": None, "rule": disclosure_rule(), "whose": settings.PARTNERSHIP_NAME}
    agency = request.membership.agency
    return {"agency": agency, "rule": None, "whose": agency.name}


@rule_required("indicators.view_figures")
def quarterly(request: ConcordRequest) -> HttpResponseBase:
    """The pack of a quarter or of any range of days, as a page, Excel or CSV."""
    latest = quarter_of(timezone.localdate()).previous()  # the last quarter that has ended
    form = PackPeriodForm(request.GET or None, latest=latest)
    audience = _audience(request)
    pack = packs.pack(form.chosen(), **audience)
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx") and not form.errors:
        return _download(request, pack, file_format)
    query = urlencode(period_query(pack.period))
    return render(
        request,
        "reporting/quarterly.html",
        {
            "title": f"Performance pack: {pack.period.label}",
            "form": form,
            "pack": pack,
            "download_query": query,
            "sections": pack.figures,
            "strategy": pack.strategy,
            "narratives": pack.narratives,
            "may_set_targets": rules.test_rule("strategy.set_targets", request.membership),
            "charts": [_chart(line, pack.trend_quarters) for line in pack.trend[:2]],
            "sees_partnership_data": audience["agency"] is None,
            "lag_seconds": _lag_seconds(audience["agency"]),
        },
    )


def _lag_seconds(agency: Agency | None) -> int:
    """How far behind an import the figures may be, 0 when they count every record."""
    loading = changes_for(agency.pk if agency else None).loading
    return settings.FIGURES_LOAD_LAG_SECONDS if loading else 0


def _chart(line: packs.TrendLine, quarters: tuple[Quarter, ...]) -> Any:
    figures = [
        Point(f"{q.first:%b} to {q.last:%b %Y}", found.whole, found.figure)
        for q, found in zip(quarters, line.quarters, strict=True)
    ]
    return trend_chart(line.indicator.title, figures, value_heading="Number")


def _download(request: ConcordRequest, pack: packs.Pack, file_format: str) -> HttpResponseBase:
    chosen = str(pack.period.quarter or pack.period.code)
    audit.record(
        "reports.quarterly_exported",
        actor=request.user,
        agency=request.membership.agency,
        reason=chosen,
    )
    filename = f"performance-pack-{chosen}"
    if file_format == "xlsx":
        workbook = pack_workbook.pack_workbook(pack, made_on=timezone.localdate())
        return xlsx_file_response(filename, workbook)
    return csv_response(filename, pack_workbook.CSV_HEADER, pack_workbook.csv_rows(pack))


# The strategy indicators' baselines and targets ---------------------------------------------


@rule_required("strategy.set_targets")
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


@rule_required("strategy.set_targets")
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
    report = partnership_pack.partnership_report(form.chosen())
    if request.GET.get("format") == "xlsx" and not form.errors:
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
            "download_query": urlencode(
                period_query(report.period) if form.dates() else {"period": code}
            ),
            "report": report,
            "sections": [
                (section, [(t, partnership_pack.table_params(t)) for t in section.tables])
                for section in report.sections
            ],
        },
    )


# The needs-assessment pack for safe accommodation ------------------------------------------


@rule_required("indicators.view_protected_figures")
def needs_pack(request: ConcordRequest) -> HttpResponseBase:
    """Demand, supply, who is under-served and the trend over three financial years, with
    disclosure control (issue 16 item 6); every view and download is audited."""
    today = timezone.localdate()
    form = NeedsYearForm(request.GET or None, today=today)
    years = needs.years_ending(form.latest(), today)
    report = needs_assessment.needs_report(years)
    first, latest = (
        financial_year_code(p.first.year) for p in (years.periods[0], years.periods[-1])
    )
    code = f"{first}-to-{latest}"
    downloading = request.GET.get("format") == "xlsx" and not form.errors
    audit.record(
        "reports.needs_assessment_exported" if downloading else "reports.needs_assessment_viewed",
        actor=request.user,
        agency=request.membership.agency,
        reason=code,
    )
    if downloading:
        workbook = xlsx_workbook(needs_assessment.sheets(report))
        return xlsx_file_response(f"needs-assessment-{code}", workbook)
    return render(
        request,
        "reporting/needs_assessment.html",
        {
            "title": f"Safe accommodation needs assessment: {report.period.label}",
            "form": form,
            "download_query": urlencode({"year": latest}),
            "report": report,
            "sections": [
                (section, [(t, partnership_pack.table_params(t)) for t in section.tables])
                for section in report.sections
            ],
        },
    )
