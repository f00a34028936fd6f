"""Submissions through the API: the same roles, scope, checks and audit as the pages.
Nothing identifying is ever in a response: rows kept back are listed with their reasons,
to the sending agency's data officer only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import File, Form, Schema, Status, UploadedFile
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import choice
from concord.submissions import services
from concord.submissions.forms import SubmissionForm
from concord.submissions.models import Submission, SubmissionKind, SubmissionQuerySet
from concord.submissions.scope import SubmissionsScope

router = ApiRouter(tags=["submissions"])


class KeptBackOut(Schema):
    line: int
    reasons: list[str]
    resolved: str


class SubmissionOut(Schema):
    id: UUID
    agency: str
    kind: str
    period_first: date
    period_last: date
    schema_version: str
    filename: str
    sha256: str
    received_at: datetime
    status: str
    problem: str
    rows_total: int
    rows_accepted: int
    rows_updated: int
    rows_unchanged: int
    rows_quarantined: int

    @staticmethod
    def resolve_agency(submission: Submission) -> str:
        return submission.agency.slug


class SubmissionDetailOut(SubmissionOut):
    kept_back: list[KeptBackOut] | None = None


@router.get("", response=list[SubmissionOut], summary="Files received (counts only)")
@paginate
def list_submissions(request: ConcordRequest[SubmissionsScope]) -> SubmissionQuerySet:
    """A data officer's own agency's files; every agency's for a partnership analyst."""
    return request.scope.submissions


@router.post(
    "",
    response={201: SubmissionOut},
    summary="Send a file (multipart: kind, quarter such as 2024Q1, file)",
)
def send_submission(
    request: ConcordRequest[SubmissionsScope],
    kind: Form[Annotated[str, choice(SubmissionKind.choices)]],
    file: File[UploadedFile],
    quarter: Form[str] = "",
) -> Status[Submission]:
    if not rules.test_rule("submissions.send", request.membership):
        raise PermissionDenied
    form = SubmissionForm(
        {"kind": kind, "quarter": quarter or str(services.last_quarter())}, {"file": file}
    )
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    submission = services.receive_submission(
        request.membership,
        file,
        filename=file.name or "submission.csv",
        kind=form.cleaned_data["kind"],
        quarter=form.cleaned_data["quarter"],
    )
    submission.refresh_from_db()
    return Status(201, submission)


@router.get(
    "/{submission_id}",
    response=SubmissionDetailOut,
    summary="One file: counts, and to its sender the reasons rows were kept back",
)
def get_submission(
    request: ConcordRequest[SubmissionsScope], submission_id: UUID
) -> SubmissionDetailOut:
    submission = request.scope.submission(submission_id)
    found = SubmissionDetailOut.from_orm(submission)
    if rules.test_rule("submissions.send", request.membership):
        found.kept_back = [
            KeptBackOut(line=row.line, reasons=row.reasons, resolved=row.resolved)
            for row in submission.quarantine.all()
        ]
    return found
