"""Documents on a case: the list, the upload and the download. The case is reached through
``request.scope``, its documents through the case; a document is only ever downloaded as an
attachment, by its id, under a name with no personal data; each download is audited."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html

from concord.accounts.http import ConcordRequest
from concord.cases import documents, lifecycle
from concord.cases.forms import DocumentForm
from concord.cases.models import Case, Document
from concord.cases.scope import CasesScope
from concord.core import filetypes
from concord.core.decorators import rule_required
from concord.core.forms import posted, saved
from concord.core.presenters import govuk_datetime


@rule_required("cases.view_case")
def case_documents(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    found = case.documents.select_related("uploaded_by")
    may_add = rules.test_rule("cases.work_on_case", request.membership)
    return render(
        request,
        "cases/documents.html",
        {
            "title": f"Documents on case {case.reference}",
            "case": case,
            "rows": [_row(case, document) for document in found],
            "can_add": may_add and lifecycle.is_active(case.status),
        },
    )


def _row(case: Case, document: Document) -> list[dict[str, Any]]:
    link = format_html(
        '<a class="govuk-link" href="{}" download>{}<span class="govuk-visually-hidden"> ({})'
        "</span></a>",
        reverse("cases:download-document", args=[case.pk, document.pk]),
        document.title,
        "download",
    )
    return [
        {"html": link},
        {"text": filetypes.KINDS[document.kind][0]},
        {"text": f"{max(1, round(document.size / 1024)):,} KB", "format": "numeric"},
        {"text": govuk_datetime(document.created_at)},
        {"text": str(document.uploaded_by)},
    ]


@rule_required("cases.work_on_case")
def add_document(request: ConcordRequest[CasesScope], case_id: UUID) -> HttpResponse:
    case = request.scope.case(case_id)
    files = request.FILES if request.method == "POST" else None
    form = DocumentForm(posted(request), files)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data

        def save() -> Document:
            return documents.add_document(
                request.user, case, upload=values["file"], title=values["title"]
            )

        if saved(form, save):
            messages.success(request, "The document is added")
            return redirect("cases:documents", case_id=case.pk)
    context = {
        "title": f"Add a document to case {case.reference}",
        "form": form,
        "submit": "Upload document",
        "back_url": reverse("cases:documents", args=[case.pk]),
        "upload": True,
        "intro": f"{documents.too_large_message()}.",
    }
    return render(request, "core/form_page.html", context)


@rule_required("cases.view_case")
def download_document(
    request: ConcordRequest[CasesScope], case_id: UUID, document_id: UUID
) -> FileResponse:
    case = request.scope.case(case_id)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    try:
        stored = documents.open_document(request.user, document)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=documents.download_name(document),
        content_type=filetypes.KINDS[document.kind][2],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
