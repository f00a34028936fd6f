"""Import pages for service managers: upload a CSV file, follow its import in the
background, see what became of each file, and fix or discard the rows kept in quarantine."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concord.accounts.http import ConcordRequest
from concord.cases.forms_import import FixRowForm, UploadForm
from concord.cases.importing import discard_row, kind_named, retry_row
from concord.cases.models import ImportBatch
from concord.cases.presenters import batch_rows, import_progress
from concord.cases.scope import CasesScope
from concord.cases.tasks import receive_upload
from concord.core.decorators import rule_required
from concord.core.forms import posted


@rule_required("cases.import_records")
def imports(request: ConcordRequest[CasesScope]) -> HttpResponse:
    form = UploadForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        found = receive_upload(
            request.user,
            request.membership.agency,
            kind_named(form.cleaned_data["kind"]),
            filename=upload.name,
            content=upload.read(),
        )
        return redirect("cases:import-batch", batch_id=found.pk)
    batches = request.scope.import_batches.defer("content").select_related("imported_by")[:50]
    context = {"title": "Import records", "form": form, "rows": batch_rows(batches)}
    return render(request, "cases/imports.html", context)


@rule_required("cases.import_records")
def batch(request: ConcordRequest[CasesScope], batch_id: UUID) -> HttpResponse:
    return render(request, "cases/import_batch.html", _batch_context(request, batch_id))


@rule_required("cases.import_records")
def progress(request: ConcordRequest[CasesScope], batch_id: UUID) -> HttpResponse:
    """The part of the batch page that changes during an import, which the page asks for
    every few seconds until the import ends."""
    return render(request, "cases/import_progress.html", _batch_context(request, batch_id))


def _batch_context(request: ConcordRequest[CasesScope], batch_id: UUID) -> dict[str, Any]:
    """While a file is being imported its page shows counts only; once it ends, the page
    shows rows kept back, so that read goes through the scope's audited lookup."""
    found: ImportBatch = get_object_or_404(
        request.scope.import_batches.defer("content"), pk=batch_id
    )
    if not found.is_running:
        found = request.scope.import_batch(batch_id)
    return {
        "title": f"Import of {found.filename}",
        "batch": found,
        "progress": import_progress(found),
        "waiting": [] if found.is_running else found.quarantine.filter(resolved=""),
    }


@rule_required("cases.import_records")
def fix_row(request: ConcordRequest[CasesScope], batch_id: UUID, row_id: UUID) -> HttpResponse:
    found = request.scope.import_batch(batch_id)
    row = get_object_or_404(found.quarantine.filter(resolved=""), pk=row_id)
    kind = kind_named(found.kind)
    form = FixRowForm(posted(request), columns=kind.columns, values=row.data)
    if request.method == "POST" and form.is_valid():
        reasons = retry_row(row, form.cleaned_data, request.user)
        if not reasons:
            messages.success(request, f"Line {row.line} is imported")
            return redirect("cases:import-batch", batch_id=found.pk)
        for reason in reasons:
            form.add_error(None, reason)
    context = {
        "title": f"Fix line {row.line} of {found.filename}",
        "form": form,
        "submit": "Try again",
        "back_url": f"/cases/imports/{found.pk}/",
    }
    return render(request, "accounts/form_page.html", context)


@rule_required("cases.import_records")
@require_POST
def discard(request: ConcordRequest[CasesScope], batch_id: UUID, row_id: UUID) -> HttpResponse:
    found = request.scope.import_batch(batch_id)
    row = get_object_or_404(found.quarantine.filter(resolved=""), pk=row_id)
    discard_row(row, request.user)
    messages.success(request, f"Line {row.line} is discarded")
    return redirect("cases:import-batch", batch_id=found.pk)
