"""The board pack's pages: the packs generated, newest first, with the partnership
manager's form to generate one; a pack's printable page; and its Excel and PDF downloads,
read from the record (figures frozen when it was generated), never cached, each audited."""

from __future__ import annotations

import uuid

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.decorators import rule_required
from concord.core.export import XLSX_TYPE
from concord.core.forms import posted, saved
from concord.reporting import board_pack_presenters as presenters
from concord.reporting.board_pack import BoardPackContent
from concord.reporting.forms import BoardPackForm
from concord.reporting.models import BoardPack
from concord.reporting.services import generate_board_pack

LISTED = 50
# A download's format: the record's field that holds it, and its content type.
DOWNLOADS = {"xlsx": ("workbook", XLSX_TYPE), "pdf": ("pdf", "application/pdf")}


@rule_required("reporting.view_board_pack")
def board_packs(request: ConcordRequest) -> HttpResponseBase:
    """The packs generated; the partnership manager generates one here (POST)."""
    may_generate = rules.test_rule("reporting.generate_board_pack", request.membership)
    if request.method == "POST" and not may_generate:
        raise PermissionDenied
    form = BoardPackForm(posted(request), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():

        def generate() -> BoardPack:
            return generate_board_pack(request.membership, form.cleaned_data["period"])

        pack = saved(form, generate)
        if pack is not None:
            messages.success(request, f"The board pack for {pack.period_label} is generated")
            return redirect("reporting:board-pack", pack_id=pack.pk)
    found = list(BoardPack.objects.listed()[:LISTED])
    return render(
        request,
        "reporting/board_packs.html",
        {
            "title": "Board packs",
            "form": form,
            "may_generate": may_generate,
            "rows": presenters.pack_rows(found),
        },
        status=400 if form.errors else 200,
    )


@rule_required("reporting.view_board_pack")
def board_pack(request: ConcordRequest, pack_id: uuid.UUID) -> HttpResponseBase:
    """One pack as generated, printable."""
    pack = get_object_or_404(
        BoardPack.objects.defer("workbook", "pdf").select_related("generated_by"), pk=pack_id
    )
    content = BoardPackContent.from_json(pack.content)
    tables = list(content.tables)
    return render(
        request,
        "reporting/board_pack.html",
        {
            "title": content.title,
            "pack": pack,
            "content": content,
            "generated": presenters.generated_text(pack),
            "contents": presenters.contents(tables),
            "parts": [
                (presenters.anchor(number, table), table, presenters.table_params(number, table))
                for number, table in enumerate(tables, start=1)
            ],
        },
    )


@never_cache
@rule_required("reporting.view_board_pack")
def board_pack_download(
    request: ConcordRequest, pack_id: uuid.UUID, file_format: str
) -> HttpResponseBase:
    if file_format not in DOWNLOADS:
        raise Http404
    field, content_type = DOWNLOADS[file_format]
    pack = get_object_or_404(BoardPack.objects.only("period_code", field), pk=pack_id)
    audit.record(
        "reporting.board_pack_downloaded",
        actor=request.user,
        agency=request.membership.agency,
        target=pack,
        reason=f"{pack.period_code} {file_format}",
    )
    response = HttpResponse(bytes(getattr(pack, field)), content_type=content_type)
    filename = f"board-pack-{pack.period_code}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
