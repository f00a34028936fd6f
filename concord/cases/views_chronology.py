"""The chronology of a case and of a person (concord.core.chronology): every app's entries
for the cases the user may see, merged newest first, filtered by kind (a GET filter: kinds
are not personal data) and printable without the page's navigation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from concord.accounts.http import ConcordRequest
from concord.cases.forms import ChronologyFilterForm
from concord.cases.models import Case
from concord.cases.scope import CasesScope
from concord.core import chronology
from concord.core.decorators import rule_required
from concord.core.presenters import govuk_date, govuk_datetime


@rule_required("cases.view_case")
def case_chronology(
    request: ConcordRequest[CasesScope], case_id: UUID, printing: bool = False
) -> HttpResponse:
    case = request.scope.case(case_id)
    context = {
        "title": f"Chronology of case {case.reference}",
        "back_url": reverse("cases:detail", args=[case.pk]),
        "print_url": reverse("cases:chronology-print", args=[case.pk]),
        "page_url": reverse("cases:chronology", args=[case.pk]),
        "caption": case.service.name,
    }
    return _page(request, [case], context, printing, with_case=False)


@rule_required("cases.view_case")
def person_chronology(
    request: ConcordRequest[CasesScope], person_id: UUID, printing: bool = False
) -> HttpResponse:
    """Across the person's cases that the user may see, and no other."""
    person = request.scope.person(person_id)
    cases = list(request.scope.cases.filter(person=person).select_related("service"))
    context = {
        "title": "Chronology of the person's cases",
        "back_url": reverse("people:detail", args=[person.pk]),
        "print_url": reverse("cases:person-chronology-print", args=[person.pk]),
        "page_url": reverse("cases:person-chronology", args=[person.pk]),
        "caption": "",
    }
    return _page(request, cases, context, printing, with_case=True)


def _page(
    request: ConcordRequest[CasesScope],
    cases: list[Case],
    context: dict[str, Any],
    printing: bool,
    *,
    with_case: bool,
) -> HttpResponse:
    kinds = chronology.kinds()
    form = ChronologyFilterForm(request.GET, kinds=[(k.code, k.label) for k in kinds])
    chosen = form.chosen()
    entries = chronology.entries(request.scope, cases, chosen)
    labels = {kind.code: kind.label for kind in kinds}
    references = {case.pk: case.reference for case in cases}
    query = request.GET.urlencode()
    return render(
        request,
        "cases/chronology.html",
        {
            **context,
            "form": form,
            "printing": printing,
            "printed_on": govuk_date(timezone.localdate()),
            "print_url": context["print_url"] + (f"?{query}" if query else ""),
            "filtered_url": context["page_url"] + (f"?{query}" if query else ""),
            "shown": [labels[code] for code in chosen],
            "head": _head(with_case),
            "rows": rows(entries, labels, references if with_case else None),
        },
    )


def _head(with_case: bool) -> list[dict[str, str]]:
    columns = ["Date", "Kind", "What happened", "By"] + (["Case"] if with_case else [])
    return [{"text": column} for column in columns]


def rows(
    entries: Iterable[chronology.Entry],
    labels: dict[str, str],
    references: dict[Any, str] | None,
) -> list[list[dict[str, Any]]]:
    """One table row per entry: when, its kind, what happened (with its details), who did
    it and, across a person's cases, which case."""
    table = []
    for entry in entries:
        when = govuk_datetime(entry.at) if entry.timed else govuk_date(entry.at)
        row = [
            {"text": when},
            {"text": labels[entry.kind]},
            {"html": _what(entry)},
            {"text": entry.by or "Not recorded"},
        ]
        if references is not None:
            row.append({"text": references.get(entry.case_id, "All cases")})
        table.append(row)
    return table


def _what(entry: chronology.Entry) -> str:
    if not entry.details:
        return format_html("{}", entry.summary)
    details = format_html_join("", "<li>{}</li>", ((detail,) for detail in entry.details))
    return format_html(
        '{}<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">{}</ul>',
        entry.summary,
        details,
    )
