"""The board's annual reports: drafted for a financial year from its records, their texts
edited by the partnership manager, made final (read-only), printed from the page or
downloaded as a workbook of one sheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concord.accounts.http import ConcordRequest
from concord.board import services
from concord.board.forms import ConfirmForm, ReportTextForm, ReportYearForm
from concord.board.models import AnnualReport
from concord.board.presenters import link
from concord.board.views.common import form_page, may_keep, tabs
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import xlsx_file_response, xlsx_workbook
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_date
from concord.domain.periods import financial_year_label


def _state(report: AnnualReport) -> str:
    if report.finalised_on:
        return f"Final since {govuk_date(report.finalised_on)}"
    return f"Draft of {govuk_date(report.drafted_on)}"


@rule_required("board.view_board")
def reports(request: ConcordRequest[Any]) -> HttpResponse:
    return _reports_page(request, ReportYearForm(today=timezone.localdate()))


@require_POST
@rule_required("board.manage_board")
def draft_report(request: ConcordRequest[Any]) -> HttpResponse:
    """Draft the report of the chosen year (again, while it is not final)."""
    form = ReportYearForm(request.POST, today=timezone.localdate())
    if form.is_valid():
        year = form.cleaned_data["year"]
        if saved(form, lambda: services.draft_annual_report(request.membership, year)) is not None:
            messages.success(request, f"The report for {financial_year_label(year)} is drafted")
            return redirect("board:report", year=year)
    return _reports_page(request, form)


def _reports_page(request: ConcordRequest[Any], form: ReportYearForm) -> HttpResponse:
    rows = [
        [
            {
                "html": link(
                    reverse("board:report", args=[report.year]),
                    f"Annual report {financial_year_label(report.year)}",
                )
            },
            {"text": _state(report)},
        ]
        for report in AnnualReport.objects.order_by("-year")
    ]
    context = {
        "title": "Annual reports of the board",
        "tabs": tabs("board:reports"),
        "rows": rows,
        "form": form,
        "may_keep": may_keep(request),
    }
    return render(request, "board/reports.html", context)


@rule_required("board.view_board")
def report(request: ConcordRequest[Any], year: int) -> HttpResponse:
    """The report as it stands (printable), or its workbook (``?format=xlsx``)."""
    current = _report_of(year)
    label = financial_year_label(current.year)
    if request.GET.get("format") == "xlsx":
        audit.record(
            "board.annual_report_exported",
            actor=request.user,
            agency=request.membership.agency,
            target=current,
        )
        return xlsx_file_response(f"board-annual-report-{current.year}", _workbook(current, label))
    keeps = may_keep(request) and current.finalised_on is None
    context = {
        "title": f"Local Partnership Board annual report {label}",
        "report": current,
        "state": _state(current),
        "drafted_by": str(current.drafted_by),
        "sections": _shown(current.sections),
        "may_edit": keeps,
        "confirm": ConfirmForm(),
    }
    return render(request, "board/report.html", context)


def _shown(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each section with its table as the GOV.UK table's parameters (None when it has none)."""
    return [
        {
            **section,
            "table": {
                "caption": section["title"],
                "captionClasses": "govuk-visually-hidden",
                "head": [{"text": header} for header in section["table"]["headers"]],
                "rows": [[{"text": cell} for cell in row] for row in section["table"]["rows"]],
            }
            if section["table"]["headers"]
            else None,
        }
        for section in sections
    ]


def _report_of(year: int) -> AnnualReport:
    """The year's report, or 404."""
    found_report = AnnualReport.objects.select_related("drafted_by").filter(year=year).first()
    if found_report is None:
        raise Http404
    return found_report


def _workbook(report: AnnualReport, label: str) -> bytes:
    lines: list[list[object]] = [
        [f"Local Partnership Board annual report {label}"],
        [_state(report)],
    ]
    for section in report.sections:
        lines += [[], [section["title"]], [section["text"]]]
        table = section["table"]
        if table["headers"]:
            lines.append(list(table["headers"]))
            lines += [list(row) for row in table["rows"]]
    return xlsx_workbook([("Annual report", lines)])


@rule_required("board.manage_board")
def edit_report(request: ConcordRequest[Any], year: int) -> HttpResponse:
    current = _report_of(year)
    back = reverse("board:report", args=[year])
    if current.finalised_on is not None:
        messages.info(request, services.FINALISED)
        return redirect(back)
    form = ReportTextForm(posted(request), report=current)
    if (
        form.is_valid()
        and saved(
            form, lambda: services.edit_report_text(request.membership, current, form.cleaned_data)
        )
        is not None
    ):
        messages.success(request, "The report's text is saved")
        return redirect(back)
    return form_page(
        request,
        form,
        title="Edit the report's text",
        caption=f"Annual report {financial_year_label(year)}",
        submit="Save text",
        back_url=back,
        intro="The tables stay as they were drafted. Draft the report again to bring them up "
        "to date (this replaces the text too).",
    )


@require_POST
@rule_required("board.manage_board")
def finalise_report(request: ConcordRequest[Any], year: int) -> HttpResponse:
    current = _report_of(year)
    form = ConfirmForm(request.POST)
    if (
        form.is_valid()
        and saved(form, lambda: services.finalise_report(request.membership, current)) is not None
    ):
        messages.success(request, "The report is final")
        return redirect("board:report", year=year)
    label = financial_year_label(current.year)
    context = {
        "title": f"Local Partnership Board annual report {label}",
        "report": current,
        "state": _state(current),
        "drafted_by": str(current.drafted_by),
        "sections": _shown(current.sections),
        "may_edit": current.finalised_on is None,
        "confirm": form,
    }
    return render(request, "board/report.html", context, status=400)


@require_POST
@rule_required("board.manage_board")
def redraft_report(request: ConcordRequest[Any], year: int) -> HttpResponse:
    current = _report_of(year)
    try:
        services.draft_annual_report(request.membership, current.year)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, "The report is drafted again from the records as they stand")
    return redirect("board:report", year=year)
