"""Submission pages: a data officer sends a file, follows its checks and fixes or discards
the rows kept back; data officers see their own agency's history, analysts every agency's
(counts only)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concord.accounts.http import ConcordRequest
from concord.cases.forms_import import FixRowForm
from concord.core.decorators import rule_required
from concord.core.forms import posted
from concord.domain.periods import quarters_between
from concord.submissions import agreements, services, vault
from concord.submissions.forms import SubmissionForm
from concord.submissions.history import submission_history
from concord.submissions.presenters import history_rows, submission_progress, submission_rows
from concord.submissions.scope import SubmissionsScope

HISTORY_QUARTERS = 4


@rule_required("submissions.view")
def submissions(request: ConcordRequest[SubmissionsScope]) -> HttpResponse:
    sends = rules.test_rule("submissions.send", request.membership)
    if request.method == "POST" and not sends:
        raise PermissionDenied
    form = SubmissionForm(posted(request), request.FILES or None) if sends else None
    if form is not None and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        submission = services.receive_submission(
            request.membership,
            upload,
            filename=upload.name,
            kind=form.cleaned_data["kind"],
            quarter=form.cleaned_data["quarter"],
        )
        return redirect("submissions:detail", submission_id=submission.pk)
    context = {
        "title": "Data submissions",
        "form": form,
        "rows": submission_rows(request.scope.submissions[:50], _coverage(request)),
    }
    return render(request, "submissions/list.html", context)


def _coverage(request: ConcordRequest[SubmissionsScope]) -> agreements.Coverage:
    """The sharing agreements signed: every agency's for an analyst, the agency's own for
    its data officer (one query)."""
    every_agency = rules.test_rule("submissions.view_every_agency", request.membership)
    return agreements.coverage(None if every_agency else request.membership.agency)


@rule_required("submissions.view")
def detail(request: ConcordRequest[SubmissionsScope], submission_id: UUID) -> HttpResponse:
    return render(request, "submissions/detail.html", _context(request, submission_id))


@rule_required("submissions.view")
def progress(request: ConcordRequest[SubmissionsScope], submission_id: UUID) -> HttpResponse:
    """The part of the page that changes while a file is checked, asked for every few
    seconds until the checks end."""
    return render(request, "submissions/progress.html", _context(request, submission_id))


def _context(request: ConcordRequest[SubmissionsScope], submission_id: UUID) -> dict[str, Any]:
    """Rows kept back are listed (with reasons, never values) to the sending agency's data
    officer only; an analyst sees the counts."""
    submission = request.scope.submission(submission_id)
    own = rules.test_rule("submissions.send", request.membership)
    waiting = submission.quarantine.waiting() if own and not submission.is_running else []
    return {
        "title": f"Submission {submission.filename}",
        "submission": submission,
        "progress": submission_progress(submission, _coverage(request)),
        "fixes_rows": own,
        "waiting": waiting,
    }


@rule_required("submissions.send")
def fix_row(
    request: ConcordRequest[SubmissionsScope], submission_id: UUID, row_id: UUID
) -> HttpResponse:
    row = request.scope.kept_back_row(submission_id, row_id)
    submission = row.submission
    values = vault.quarantined_values(row, request.membership)
    form = FixRowForm(posted(request), columns=services.editable_columns(submission), values=values)
    if request.method == "POST" and form.is_valid():
        reasons = services.fix_row(row, form.cleaned_data, request.membership)
        if not reasons:
            messages.success(request, f"Line {row.line} is accepted")
            return redirect("submissions:detail", submission_id=submission.pk)
        for reason in reasons:
            form.add_error(None, reason)
    context = {
        "title": f"Fix line {row.line} of {submission.filename}",
        "form": form,
        "submit": "Check again",
        "back_url": f"/submissions/{submission.pk}/",
    }
    return render(request, "core/form_page.html", context)


@rule_required("submissions.send")
@require_POST
def discard(
    request: ConcordRequest[SubmissionsScope], submission_id: UUID, row_id: UUID
) -> HttpResponse:
    row = request.scope.kept_back_row(submission_id, row_id)
    services.discard_row(row, request.membership)
    messages.success(request, f"Line {row.line} is discarded")
    return redirect("submissions:detail", submission_id=submission_id)


@rule_required("submissions.view")
def history(request: ConcordRequest[SubmissionsScope]) -> HttpResponse:
    newest = services.last_quarter()
    quarters = quarters_between(newest.shifted(1 - HISTORY_QUARTERS), newest)
    every_agency = rules.test_rule("submissions.view_every_agency", request.membership)
    lines = submission_history(
        request.scope.submissions,
        quarters,
        agency=None if every_agency else request.membership.agency,
    )
    context = {
        "title": "Submission history",
        "quarters": quarters,
        "rows": history_rows(lines, timezone.localdate(), _coverage(request)),
    }
    return render(request, "submissions/history.html", context)
