"""The coordinator's dashboard of a MARAC's measures for any period, and the SafeLives
quarterly return to download (CSV or Excel), with disclosure control applied."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_response
from concord.domain.periods import parse_quarter, quarter_of
from concord.marac import dashboard
from concord.marac.measures import measure
from concord.marac.returns import HEADER, marac_return
from concord.marac.scope import MaracScope


@rule_required("marac.coordinate")
def area_dashboard(request: ConcordRequest[MaracScope], slug: str) -> HttpResponse:
    area = request.scope.marac_area(slug)
    form = dashboard.PeriodForm(request.GET or None, today=timezone.localdate())
    period = form.chosen()
    figures = measure(area, period.first, period.last)
    quarter = dashboard.as_quarter(period)
    return render(
        request,
        "marac/dashboard.html",
        {
            "title": f"{area.name}: dashboard",
            "area": area,
            "form": form,
            "period": period,
            "measures": dashboard.measure_rows(figures),
            "agencies": dashboard.agency_rows(figures),
            "charts": dashboard.trend_charts(dashboard.trend(area, quarter_of(period.last))),
            "quarter": quarter,
        },
    )


@rule_required("marac.coordinate")
def quarterly_return(
    request: ConcordRequest[MaracScope], slug: str, quarter: str, file_format: str
) -> HttpResponseBase:
    area = request.scope.marac_area(slug)
    try:
        chosen = parse_quarter(quarter)
    except ValueError:
        raise Http404 from None
    lines = marac_return(area, chosen, disclosure_rule()).lines()
    audit.record(
        "marac.return_exported",
        actor=request.user,
        agency=request.membership.agency,
        target=area,
        reason=str(chosen),
    )
    filename = f"marac-return-{area.slug}-{chosen}"
    if file_format == "xlsx":
        return xlsx_response(filename, HEADER, lines)
    return csv_response(filename, HEADER, lines)
