"""What the case pages show: caseload rows, status tags and the case timeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.cases.caseload import CaseloadColumn
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case, ImportBatch, ImportStatus, SupportOffer
from concord.cases.vocabulary import ABUSE_CHANGES, FEELS_SAFER, SAFETY_PLAN_AREAS
from concord.core.presenters import (
    TimelineEntry,
    govuk_date,
    govuk_datetime,
    resumed_times,
    summary_rows,
)
from concord.people import reference as ref

TAG_COLOURS = {
    CaseStatus.REFERRED: "blue",
    CaseStatus.OPEN: "green",
    CaseStatus.CLOSED: "grey",
    CaseStatus.DECLINED: "orange",
    CaseStatus.NOT_ENGAGED: "yellow",
}


def status_tag(status: str) -> str:
    state = CaseStatus(status)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', TAG_COLOURS[state], state.label
    )


ANSWER_TAG_COLOURS = {
    "awaiting": "yellow",
    "accepted": "green",
    "declined": "grey",
    "not_contactable": "orange",
}


def support_offer_rows(case: Case, can_answer: bool) -> list[list[dict[str, Any]]]:
    """The case's offers of support, newest first, for a GOV.UK table: what was offered,
    when, the answer as a tag (never colour alone: the tag has words) and when it came, with
    a link to record the answer of an offer awaiting one."""
    rows = []
    for offer in case.support_offers.all():
        rows.append(
            [
                {"text": offer.get_kind_display()},
                {"text": govuk_date(offer.offered_on)},
                {"html": _answer_tag(offer)},
                {"text": govuk_date(offer.answered_on) or "Not yet"},
                {"html": _answer_link(case, offer) if can_answer and offer.is_awaiting else ""},
            ]
        )
    return rows


def support_offer_events(case: Case) -> Iterator[TimelineEntry]:
    """Each offer of support on the case's timeline, and its answer on the day it came."""
    for offer in case.support_offers.all():
        support = offer.get_kind_display()
        yield TimelineEntry(offer.offered_on, offer.created_at, f"Offered: {support}", [])
        if offer.answered_on is not None:
            answer = offer.get_answer_display().lower()
            title = f"Answer to the offer of {support.lower()}: {answer}"
            yield TimelineEntry(offer.answered_on, offer.updated_at, title, [])


def _answer_tag(offer: SupportOffer) -> str:
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        ANSWER_TAG_COLOURS[offer.answer],
        offer.get_answer_display(),
    )


def _answer_link(case: Case, offer: SupportOffer) -> str:
    return format_html(
        '<a class="govuk-link" href="{}">Record the answer'
        '<span class="govuk-visually-hidden"> to the offer of {}</span></a>',
        reverse("cases:answer-offer", args=[case.pk, offer.pk]),
        offer.get_kind_display().lower(),
    )


def labels(vocabulary: Iterable[tuple[str, str]], codes: Iterable[str]) -> str:
    names = dict(vocabulary)
    return ", ".join(names.get(code, code) for code in codes)


def case_rows(cases: Iterable[Case]) -> list[list[dict[str, Any]]]:
    """The cases of one person, for their record page."""
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("cases:detail", args=[case.pk]),
                    case.reference,
                )
            },
            {"text": case.service.name},
            {"html": status_tag(case.status)},
            {"text": govuk_date(case.referred_at)},
        ]
        for case in cases
    ]


CASELOAD_HEADINGS = ["Reference", "Person", "Service", "Status", "Lead professional", "Referred"]


def caseload_rows(
    cases: Iterable[Case], columns: Sequence[CaseloadColumn], today: date
) -> list[list[dict[str, Any]]]:
    """The caseload's rows: the case's own cells, then each registered column's."""
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("cases:detail", args=[case.pk]),
                    case.reference,
                )
            },
            {"text": str(case.person)},
            {"text": case.service.name},
            {"html": status_tag(case.status)},
            {"text": str(case.lead_professional or "No lead")},
            {"text": govuk_date(case.referred_at)},
            *(column.cell(case, today) for column in columns),
        ]
        for case in cases
    ]


def caseload_csv_header(columns: Sequence[CaseloadColumn]) -> list[str]:
    return [*CASELOAD_HEADINGS, "First contact", *(column.heading for column in columns)]


def caseload_csv_rows(
    cases: Iterable[Case], columns: Sequence[CaseloadColumn], today: date
) -> Iterable[list[str]]:
    for case in cases:
        yield [
            case.reference,
            str(case.person),
            case.service.name,
            case.status_enum.label,
            str(case.lead_professional or ""),
            _iso(case.referred_at),
            _iso(case.first_contact_at),
            *(column.text(case, today) for column in columns),
        ]


def _iso(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def case_summary(case: Case) -> list[dict[str, Any]]:
    """Rows for the GOV.UK summary list at the top of the case page."""
    rows = [
        (
            "Person",
            format_html(
                '<a class="govuk-link" href="{}">{}</a>',
                reverse("people:detail", args=[case.person_id]),
                str(case.person),
            ),
        ),
        ("Service", case.service.name),
        ("Status", status_tag(case.status)),
        ("Lead professional", str(case.lead_professional or "No lead")),
        ("Referred by", case.get_referral_source_display()),
        ("First came through", case.get_method_of_access_display()),
        ("Referred", govuk_datetime(case.referred_at)),
        ("First contact", govuk_datetime(case.first_contact_at) or "None yet"),
        ("Time to first contact", _time_to_first_contact(case)),
        ("Types of abuse", labels(ref.ABUSE_TYPES, case.abuse_types) or "Not recorded"),
        (
            "Relationship to the person causing harm",
            case.get_relationship_to_person_causing_harm_display() or "Not known",
        ),
        ("More than one person causing harm", case.get_multiple_perpetrators_display()),
        ("Worked by an IDVA", "Yes" if case.worked_by_idva else "No"),
    ]
    return [
        {
            "key": {"text": key},
            "value": {"html": value}
            if not isinstance(value, str) or "<" in value
            else {"text": value},
        }
        for key, value in rows
    ]


def _time_to_first_contact(case: Case) -> str:
    if case.first_contact_at is None:
        return "Not yet contacted"
    hours = (case.first_contact_at - case.referred_at).total_seconds() / 3600
    if hours < 1:
        return f"{hours * 60:.0f} minutes"
    if hours < 48:
        return f"{hours:.0f} hours"
    return f"{hours / 24:.0f} days"


def timeline(case: Case, entries: Iterable[TimelineEntry] = ()) -> list[dict[str, Any]]:
    """Everything that happened on the case, newest first, for the MOJ timeline, with the
    ``entries`` of the service's own records (housing, programmes)."""
    items: list[tuple[datetime, dict[str, Any]]] = []
    for contact in case.contacts.all():
        title = contact.get_channel_display()
        if contact.out_of_hours:
            title += " (out of hours)"
        details = [f"Made by: {contact.get_initiated_by_display().lower()}"]
        if contact.duration_minutes:
            details.append(f"{contact.duration_minutes} minutes")
        items.append(
            (
                contact.occurred_at,
                _item(title, contact.worker, contact.occurred_at, details, contact.notes),
            )
        )
    for change in case.status_changes.all():
        reason = _reason_label(change.reason)
        details = [reason] if reason else []
        if change.from_status:
            title, moment = f"Status: {CaseStatus(change.to_status).label}", change.changed_at
            by: object = change.changed_by
        else:  # the referral happened when and as it was made, not when it was typed in
            title, moment = "Referred", case.referred_at
            by = case.get_referral_source_display().lower()
            if change.changed_by:
                details.append(f"Recorded by {change.changed_by}")
        items.append((moment, _item(title, by, moment, details, "")))
    for plan in case.safety_plans.all():
        moment = _on(plan.created_on, plan.created_at)
        details = [f"Covers: {labels(SAFETY_PLAN_AREAS, plan.areas)}"]
        if plan.reviewed_on:
            details.append(f"Reviewed {govuk_date(plan.reviewed_on)}")
        if plan.completed_on:
            details.append(f"Completed {govuk_date(plan.completed_on)}")
        items.append(
            (moment, _item("Safety plan made", None, plan.created_on, details, plan.notes))
        )
    profile = getattr(case, "intake_profile", None)
    if profile is not None:
        moment = _on(profile.assessed_on, profile.created_at)
        yes = [label for code, label in ref.INTAKE_ITEMS if profile.answer(code) == "yes"]
        details = [f"Yes to: {', '.join(yes)}" if yes else "No item answered yes"]
        items.append(
            (
                moment,
                _item(
                    "Intake safeguarding profile",
                    profile.assessed_by,
                    profile.assessed_on,
                    details,
                    "",
                ),
            )
        )
    review = getattr(case, "exit_review", None)
    if review is not None:
        moment = _on(review.reviewed_on, review.created_at)
        details = [
            f"Feels safer: {dict(FEELS_SAFER)[review.feels_safer].lower()}",
            f"Abuse: {dict(ABUSE_CHANGES)[review.abuse_change].lower()}",
        ]
        items.append((moment, _item("Exit review", None, review.reviewed_on, details, "")))
    for entry in entries:
        moment = _on(entry.day, entry.recorded_at)
        items.append((moment, _item(entry.title, None, entry.day, entry.details, "")))
    items.sort(key=lambda pair: pair[0], reverse=True)
    return [item for _, item in items]


def _on(day: date, recorded_at: datetime) -> datetime:
    """Where a dated (not timed) record sits among timed ones: when it was recorded, if
    that was on the day itself, otherwise the start of the day."""
    if timezone.localtime(recorded_at).date() == day:
        return recorded_at
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _reason_label(code: str) -> str:
    reasons = dict(ref.CLOSURE_REASONS) | dict(ref.DECLINE_REASONS)
    return f"Reason: {reasons[code].lower()}" if code in reasons else ""


def _item(title: str, by: Any, when: Any, details: list[str], notes: str) -> dict[str, Any]:
    is_moment = isinstance(when, datetime)
    return {
        "title": title,
        "byline": f"by {by}" if by else "",
        "when": govuk_datetime(when) if is_moment else govuk_date(when),
        "datetime": when.isoformat(),
        "details": details,
        "notes": notes,
    }


def batch_rows(batches: Iterable[Any]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for batch in batches:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("cases:import-batch", args=[batch.pk]),
            batch.filename,
        )
        rows.append(
            [
                {"html": link},
                {"text": batch.kind.replace("_", " ")},
                {"text": govuk_datetime(batch.created_at)},
                {"text": str(batch.imported_by)},
                {"text": _batch_result(batch)},
                {"text": str(batch.rows_unchanged), "format": "numeric"},
                {"text": str(batch.rows_quarantined), "format": "numeric"},
            ]
        )
    return rows


def _batch_result(batch: ImportBatch) -> str:
    if batch.status == ImportStatus.IMPORTED:
        return f"{batch.rows_imported} imported"
    if batch.status in (ImportStatus.REFUSED, ImportStatus.FAILED):
        return batch.problem
    if batch.resumed:
        return f"{ImportStatus(batch.status).label} (resumed after the worker stopped)"
    return ImportStatus(batch.status).label


IMPORT_TAG_COLOURS = {
    ImportStatus.WAITING: "grey",
    ImportStatus.IMPORTING: "blue",
    ImportStatus.IMPORTED: "green",
    ImportStatus.REFUSED: "red",
    ImportStatus.FAILED: "red",
}


@dataclass(frozen=True)
class ImportProgress:
    """What the page of an import says about it: one sentence, read out by screen readers
    when it changes, and the summary list."""

    running: bool
    sentence: str
    summary: list[dict[str, Any]]


def import_progress(batch: ImportBatch) -> ImportProgress:
    """Read from the batch, which records its progress with each chunk of rows it keeps."""
    status = ImportStatus(batch.status)
    tag = format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        IMPORT_TAG_COLOURS[status],
        status.label,
    )
    facts: list[tuple[str, Any]] = [
        ("Uploaded", f"{govuk_datetime(batch.created_at)} by {batch.imported_by}"),
        ("Status", tag),
    ]
    if status == ImportStatus.WAITING:
        sentence = "Waiting for its turn to be imported."
    elif status == ImportStatus.IMPORTING:
        sentence = f"Importing: {batch.rows_done} of {batch.rows_total} rows checked."
        facts.append(("Rows checked", f"{batch.rows_done} of {batch.rows_total}"))
    elif status == ImportStatus.IMPORTED:
        sentence = (
            f"Finished: {batch.rows_imported} imported, {batch.rows_unchanged} already there, "
            f"{batch.rows_quarantined} kept back for checking."
        )
        facts += [
            ("Rows", batch.rows_total),
            ("Imported from this file", batch.rows_imported),
            ("Already in Concord", batch.rows_unchanged),
            ("Kept back", batch.rows_quarantined),
        ]
    elif status == ImportStatus.FAILED:
        sentence = f"The import stopped: {batch.problem}"
        facts += [
            ("Why", batch.problem),
            ("Rows kept", f"{batch.rows_done} of {batch.rows_total}"),
            ("Imported from this file", batch.rows_imported),
            ("Already in Concord", batch.rows_unchanged),
            ("Kept back", batch.rows_quarantined),
        ]
    else:
        sentence = f"The file was not imported: {batch.problem}"
        facts.append(("Why", batch.problem))
    if batch.resumed:
        facts.append(("Resumed", resumed_times(batch.resumed)))
    return ImportProgress(batch.is_running, sentence, summary_rows(facts))
