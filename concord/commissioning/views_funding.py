"""Grants and spend pages (ADR 0029): a year's streams with their totals and its export, a
stream with its allocations and each quarter's spend, and the forms to add a stream, an
allocation and a quarter's spend. Reached through ``request.scope``: a provider's service
manager sees only the allocations to its own agency; writes go through
concord.commissioning.funding."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.commissioning import funding
from concord.commissioning import presenters_funding as present
from concord.commissioning.forms_funding import AllocationForm, SpendForm, StreamForm, YearForm
from concord.commissioning.models import Allocation, FundingStream, SpendReturn
from concord.commissioning.scope import CommissioningScope
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import csv_response, xlsx_response
from concord.core.forms import posted, saved
from concord.domain.periods import financial_year_label, financial_year_of
from concord.domain.spend import pounds

DOWNLOADS = ("csv", "xlsx")


@rule_required("commissioning.view_funding")
def year_page(request: ConcordRequest[CommissioningScope]) -> HttpResponseBase:
    """A year's streams (for those who keep them) or the reader's own allocations."""
    today = timezone.localdate()
    form = YearForm(request.GET or None, today=today)
    year, upto = form.chosen(today, funding.current_quarter)
    scope = request.scope
    streams = funding.streams_spend(
        list(scope.streams.filter(year=year).order_by("name")),
        scope.allocations.filter(stream__year=year),
        upto,
    )
    file_format = request.GET.get("format", "")
    if file_format in DOWNLOADS:
        return _download(request, streams, year, upto, file_format)
    keeps = scope.keeps_funding
    own = [spend for stream in streams for spend in stream.allocations]
    total = funding.year_total(streams, upto)
    query = f"year={year}&quarter={upto}" if upto else f"year={year}"
    context: dict[str, Any] = {
        "title": f"Grants and spend {financial_year_label(year)}",
        "form": form,
        "year_label": financial_year_label(year),
        "upto": upto,
        "keeps": keeps,
        "stream_rows": present.stream_rows(streams) if keeps else [],
        "total_row": present.total_row(streams, total) if keeps and streams else [],
        "allocation_rows": [] if keeps else present.allocation_rows(own, upto, show_stream=True),
        "query": query,
    }
    return render(request, "commissioning/funding/year.html", context)


def _download(
    request: ConcordRequest[CommissioningScope],
    streams: list[funding.StreamSpend],
    year: int,
    upto: int,
    file_format: str,
) -> HttpResponseBase:
    audit.record(
        "commissioning.spend_exported",
        actor=request.user,
        agency=request.membership.agency,
        object_type="commissioning.fundingstream",
        reason=f"{year}Q{upto} {file_format}",
    )
    filename = f"grant-spend-{year}-{(year + 1) % 100:02d}"
    rows = present.export_rows(streams, upto)
    if file_format == "xlsx":
        return xlsx_response(filename, present.EXPORT_HEADER, rows)
    return csv_response(filename, present.EXPORT_HEADER, rows)


@rule_required("commissioning.view_funding")
def stream_page(request: ConcordRequest[CommissioningScope], stream_id: UUID) -> HttpResponse:
    stream = request.scope.stream(stream_id)
    upto = funding.current_quarter(stream.year, timezone.localdate())
    spends = funding.allocation_spend(request.scope.allocations.filter(stream=stream), upto)
    (shown,) = funding.streams_spend([stream], [s.allocation for s in spends], upto)
    keeps = request.scope.keeps_funding
    context = {
        "title": str(stream),
        "stream": stream,
        "year_label": financial_year_label(stream.year),
        "summary": shown,
        "upto": upto,
        "keeps": keeps,
        "money": pounds,
        "variance": present.variance_html(shown.to_date),
        "rows": present.allocation_rows(shown.allocations, upto),
    }
    return render(request, "commissioning/funding/stream.html", context)


@rule_required("commissioning.manage_funding")
def new_stream(request: ConcordRequest[CommissioningScope]) -> HttpResponse:
    today = timezone.localdate()
    form = StreamForm(posted(request), today=today, initial={"year": str(financial_year_of(today))})
    if request.method == "POST" and form.is_valid():

        def add() -> FundingStream:
            return funding.add_stream(request.membership, today=today, **form.values())

        added = saved(form, add, {"amount_pence": "amount"})
        if added is not None:
            messages.success(request, f"The stream “{added}” is added")
            return redirect("commissioning:funding-stream", added.pk)
    context = {
        "title": "Add a funding stream",
        "form": form,
        "submit": "Add the stream",
        "back_url": reverse("commissioning:funding"),
    }
    return render(request, "core/form_page.html", context)


@rule_required("commissioning.manage_funding")
def new_allocation(request: ConcordRequest[CommissioningScope], stream_id: UUID) -> HttpResponse:
    stream = request.scope.kept_stream(stream_id)
    form = AllocationForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def allocate() -> Allocation:
            return funding.allocate(request.membership, stream, **form.values())

        names = {"amount_pence": "amount", "contract": "recipient", "service": "recipient"}
        if saved(form, allocate, names) is not None:
            messages.success(request, "The allocation is added")
            return redirect("commissioning:funding-stream", stream.pk)
    left = stream.amount_pence - funding.allocated_so_far(stream)
    context = {
        "title": "Add an allocation",
        "caption": str(stream),
        "intro": f"{pounds(left)} of the stream's {pounds(stream.amount_pence)} "
        "is not yet allocated.",
        "form": form,
        "submit": "Add the allocation",
        "back_url": reverse("commissioning:funding-stream", args=[stream.pk]),
    }
    return render(request, "core/form_page.html", context)


@rule_required("commissioning.return_spend")
def return_spend(request: ConcordRequest[CommissioningScope], allocation_id: UUID) -> HttpResponse:
    """Return (or correct) a quarter's spend of one allocation."""
    allocation = request.scope.spend_allocation(allocation_id)
    if not funding.may_return_spend(request.membership, allocation):
        raise PermissionDenied
    form = SpendForm(posted(request))
    if request.method == "POST" and form.is_valid():

        def record() -> SpendReturn:
            return funding.return_spend(request.membership, allocation, **form.values())

        done = saved(form, record, {"spent_pence": "spent"})
        if done is not None:
            messages.success(request, f"Quarter {done.quarter}'s spend is saved")
            return redirect("commissioning:funding-stream", allocation.stream_id)
    upto = funding.current_quarter(allocation.stream.year, timezone.localdate())
    (spend,) = funding.allocation_spend([allocation], upto)
    context = {
        "title": "Return spend",
        "allocation": allocation,
        "paid_to": present.paid_to(allocation),
        "allocated": pounds(allocation.amount_pence),
        "history": present.spend_history_rows(spend, upto),
        "variance": present.variance_html(spend.to_date),
        "form": form,
        "back_url": reverse("commissioning:funding-stream", args=[allocation.stream_id]),
    }
    return render(request, "commissioning/funding/spend.html", context)
