"""The annual Part 4 return for the council: the exact figures with their definitions,
what is missing, sign-off, and the downloads (exact, and for publication with disclosure
control). Contract monitoring officers sign off; partnership analysts may read."""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_file_response
from concord.core.forms import saved
from concord.domain.periods import financial_year_label
from concord.part4 import presenters, services
from concord.part4.figures import Part4Figures, completeness, part4_figures
from concord.part4.forms import SignOffForm, YearForm
from concord.part4.models import Part4Return
from concord.part4.publishing import published_cells

DOWNLOADS = ("xlsx", "published-xlsx", "published-csv")


@rule_required("part4.view_return")
def part4_return(request: ConcordRequest) -> HttpResponseBase:
    """The return of the chosen year, or one of its downloads (``?format=``)."""
    today = timezone.localdate()
    form = YearForm(request.GET or None, today=today)
    year = form.chosen()
    file_format = request.GET.get("format", "")
    if file_format in DOWNLOADS and not form.errors:
        problem = services.unfinished_year_problem(year, today)
        if not problem:
            return _download(request, year, file_format)
        form.add_error("year", problem)
    return _page(request, form, year, SignOffForm(initial={"year": year}))


@require_POST
@rule_required("part4.sign_off_return")
def sign_off(request: ConcordRequest) -> HttpResponseBase:
    today = timezone.localdate()
    form = SignOffForm(request.POST)
    year_form = YearForm({"year": request.POST.get("year", "")}, today=today)
    if form.is_valid() and not year_form.errors:
        year = form.cleaned_data["year"]

        def sign() -> Part4Return:
            return services.sign_off(request.membership, year, today=today)

        signed = saved(form, sign, {"year": "confirmed"})
        if signed is not None:
            label = financial_year_label(signed.year)
            messages.success(
                request, f"Version {signed.version} of the {label} return is signed off"
            )
            return redirect(f"{reverse('part4:return')}?year={year}")
    elif year_form.errors:
        form.add_error("confirmed", year_form.errors["year"])
        year_form = YearForm(today=today)  # the error is told once, by the sign-off
    return _page(request, year_form, year_form.chosen(), form, status=400)


def _page(
    request: ConcordRequest,
    form: YearForm,
    year: int,
    sign_off_form: SignOffForm,
    *,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    figures = part4_figures(year)
    missing = completeness(year, today=today, long_stay_days=settings.PART4_LONG_STAY_DAYS)
    latest = Part4Return.objects.filter(council=request.membership.agency).latest_of(year)
    audit.record(
        "part4.return_viewed",
        actor=request.user,
        agency=request.membership.agency,
        reason=str(year),
    )
    unfinished = services.unfinished_year_problem(year, today)
    title = f"Safe accommodation (Part 4) return: {figures.period.label}"
    context: dict[str, Any] = {
        "title": title,
        "page_title": f"Error: {title}" if sign_off_form.errors else title,
        "form": form,
        "year": year,
        "figures": figures,
        "tables": [presenters.table_params(section) for section in figures.sections],
        "missing": presenters.missing_rows(missing),
        "signed": presenters.signed_off_text(latest, figures) if latest else "",
        "unfinished": unfinished,
        "may_sign_off": rules.test_rule("part4.sign_off_return", request.membership)
        and not unfinished,
        "sign_off_form": sign_off_form,
    }
    return render(request, "part4/return.html", context, status=status)


def _download(request: ConcordRequest, year: int, file_format: str) -> HttpResponseBase:
    figures = part4_figures(year)
    audit.record(
        "part4.return_exported",
        actor=request.user,
        agency=request.membership.agency,
        reason=f"{year} {file_format}",
    )
    filename = f"part4-return-{year}-{(year + 1) % 100:02d}"
    if file_format == "xlsx":
        missing = completeness(
            year, today=timezone.localdate(), long_stay_days=settings.PART4_LONG_STAY_DAYS
        )
        return xlsx_file_response(filename, presenters.exact_workbook(figures, missing))
    return _published(figures, filename, file_format)


def _published(figures: Part4Figures, filename: str, file_format: str) -> HttpResponseBase:
    rule, sensitive = disclosure_rule(), disclosure_rule(sensitive=True)
    cells = published_cells(figures, rule, sensitive)
    note = presenters.published_note(rule, sensitive)
    if file_format == "published-xlsx":
        workbook = presenters.published_workbook(figures, cells, note)
        return xlsx_file_response(f"{filename}-for-publication", workbook)
    return csv_response(
        f"{filename}-for-publication",
        presenters.CSV_HEADER,
        presenters.published_csv_rows(figures, cells),
    )
