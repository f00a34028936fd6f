"""How submissions read on the pages: the progress of a file, the list, the history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.cases.presenters import ImportProgress
from concord.core.presenters import govuk_date, govuk_datetime, resumed_times, summary_rows
from concord.submissions.agreements import Coverage
from concord.submissions.history import HistoryLine
from concord.submissions.models import Submission, SubmissionKind, SubmissionStatus
from concord.submissions.presenters_agreements import coverage_html

TAG_COLOURS = {
    SubmissionStatus.WAITING: "grey",
    SubmissionStatus.VALIDATING: "blue",
    SubmissionStatus.ACCEPTED: "green",
    SubmissionStatus.REFUSED: "red",
}


def status_tag(status: str) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        TAG_COLOURS[SubmissionStatus(status)],
        SubmissionStatus(status).label,
    )


def submission_progress(submission: Submission, coverage: Coverage) -> ImportProgress:
    """What a submission's page says about it, in the form of the case imports' pages; the
    submission records its progress with each chunk of rows it keeps."""
    facts: list[tuple[str, Any]] = [
        ("Agency", submission.agency),
        ("Holds", SubmissionKind(submission.kind).label),
        ("Period", f"{submission.period_first:%-d %B %Y} to {submission.period_last:%-d %B %Y}"),
        ("Received", f"{govuk_datetime(submission.received_at)} from {submission.submitted_by}"),
        ("Status", status_tag(submission.status)),
        (
            "Sharing agreement",
            _covered(
                coverage, submission.agency_id, submission.kind, submission.received_at.date()
            ),
        ),
    ]
    if submission.status == SubmissionStatus.WAITING:
        sentence = "Waiting for its turn to be checked."
    elif submission.status == SubmissionStatus.VALIDATING:
        sentence = f"Checking: {submission.rows_done} of {submission.rows_total} rows checked."
    elif submission.status == SubmissionStatus.ACCEPTED:
        sentence = (
            f"Accepted: {submission.rows_accepted} new, {submission.rows_updated} updated, "
            f"{submission.rows_unchanged} unchanged, {submission.rows_quarantined} kept back "
            "for checking."
        )
        facts += [
            ("Schema version", submission.schema_version),
            ("Rows", submission.rows_total),
            ("New records", submission.rows_accepted),
            ("Updated", submission.rows_updated),
            ("Unchanged", submission.rows_unchanged),
            ("Kept back", submission.rows_quarantined),
        ]
    else:
        sentence = f"The file was refused: {submission.problem}"
        facts.append(("Why", submission.problem))
        if submission.rows_done:  # the checks stopped part-way; the rows before were kept
            facts += [
                ("Rows kept", f"{submission.rows_done} of {submission.rows_total}"),
                ("New records", submission.rows_accepted),
                ("Updated", submission.rows_updated),
                ("Kept back", submission.rows_quarantined),
            ]
    if submission.resumed:
        facts.append(("Resumed", resumed_times(submission.resumed)))
    return ImportProgress(submission.is_running, sentence, summary_rows(facts))


def _covered(coverage: Coverage, agency_id: object, kind: str, on: date) -> str:
    """Whether the agency's files of the kind were covered by an agreement on the day."""
    return coverage_html(coverage.covering(agency_id, kind, on), on)


def submission_rows(
    submissions: Iterable[Submission], coverage: Coverage
) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for submission in submissions:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("submissions:detail", args=[submission.pk]),
            submission.filename,
        )
        rows.append(
            [
                {"html": link},
                {"text": str(submission.agency)},
                {"text": SubmissionKind(submission.kind).label},
                {"text": f"{submission.period_first:%b %Y} to {submission.period_last:%b %Y}"},
                {"text": govuk_datetime(submission.received_at)},
                {"html": status_tag(submission.status)},
                {
                    "html": _covered(
                        coverage,
                        submission.agency_id,
                        submission.kind,
                        submission.received_at.date(),
                    )
                },
                {"text": str(submission.rows_total), "format": "numeric"},
                {"text": str(submission.rows_quarantined), "format": "numeric"},
            ]
        )
    return rows


def history_rows(
    lines: Iterable[HistoryLine], today: date, coverage: Coverage
) -> list[list[dict[str, Any]]]:
    """Each expected or received file; its sharing agreement on the day it came (or today,
    while it has not)."""
    rows = []
    for line in lines:
        first = line.first_received
        shared_on = first.received_at.date() if first else today
        rows.append(
            [
                {"text": line.quarter.label},
                {"text": str(line.agency)},
                {"text": line.kind_label},
                {"text": govuk_date(line.due_on) if line.due_on else "Not expected"},
                {"text": line.state(today)},
                {"html": _covered(coverage, line.agency.pk, line.kind, shared_on)},
                {"text": govuk_datetime(first.received_at) if first else ""},
                {"text": str(line.files), "format": "numeric"},
                {"text": str(line.rows), "format": "numeric"},
                {"text": str(line.kept_back), "format": "numeric"},
            ]
        )
    return rows
