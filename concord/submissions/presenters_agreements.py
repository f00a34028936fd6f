"""How the information-sharing agreements read: coverage in words with its review date, a
warning tag when an agency is not covered, the register's rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.core.presenters import govuk_date
from concord.submissions.agreements import in_force, review_overdue
from concord.submissions.models import SharingAgreement, Signatory, SubmissionKind


def _tag(colour: str, text: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def coverage_html(agreement: SharingAgreement | None, today: date) -> str:
    """ "Covered by <title> (review due 1 May 2027)", or a "Not covered" tag."""
    if agreement is None:
        return _tag("orange", "Not covered")
    if review_overdue(agreement, today):
        return format_html("Covered by {} {}", agreement.title, _tag("red", "Review overdue"))
    return format_html(
        "Covered by {} (review due {})", agreement.title, govuk_date(agreement.review_on)
    )


def kinds_text(agreement: SharingAgreement) -> str:
    return ", ".join(SubmissionKind(kind).label for kind in agreement.kinds) or "None"


def state_html(agreement: SharingAgreement, today: date) -> str:
    if agreement.starts_on > today:
        return _tag("grey", "Not started")
    if not in_force(agreement, today):
        return _tag("grey", "Ended")
    if review_overdue(agreement, today):
        return _tag("red", "Review overdue")
    return _tag("green", "In force")


def agreement_rows(
    agreements: Iterable[SharingAgreement], today: date
) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for agreement in agreements:
        signed = [s for s in agreement.signatories.all() if s.withdrawn_on is None]
        rows.append(
            [
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}</a>',
                        reverse("submissions:agreement", args=[agreement.pk]),
                        agreement.title,
                    )
                },
                {"text": kinds_text(agreement)},
                {"text": ", ".join(s.agency.name for s in signed) or "No one yet"},
                {"text": govuk_date(agreement.review_on)},
                {"html": state_html(agreement, today)},
            ]
        )
    return rows


def signatory_rows(
    signatories: Iterable[Signatory], *, can_keep: bool
) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for signatory in signatories:
        action = ""
        if can_keep and signatory.withdrawn_on is None:
            action = format_html(
                '<a class="govuk-link" href="{}">Record withdrawal'
                '<span class="govuk-visually-hidden"> of {}</span></a>',
                reverse("submissions:agreement-withdraw", args=[signatory.pk]),
                signatory.agency.name,
            )
        rows.append(
            [
                {"text": signatory.agency.name},
                {"text": signatory.signed_by},
                {"text": govuk_date(signatory.signed_on)},
                {
                    "text": govuk_date(signatory.withdrawn_on)
                    if signatory.withdrawn_on
                    else "Not withdrawn"
                },
                {"html": action},
            ]
        )
    return rows
