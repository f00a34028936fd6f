"""How feedback, complaints and involvement activities read on their pages, the home panel
and in the complaints' CSV export (which names no one)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html

from concord.core.presenters import govuk_date, summary_rows
from concord.people import reference as ref
from concord.voice.deadlines import in_time
from concord.voice.models import (
    Complaint,
    ComplaintStage,
    EqualityAnswers,
    Feedback,
    InvolvementActivity,
)


def _tag(text: str, colour: str) -> str:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def stage_status(stage: ComplaintStage | None, today: date) -> tuple[str, str]:
    """(words, tag colour) for where a stage stands."""
    if stage is None:
        return "", "grey"
    if stage.responded_on is not None:
        on_time = in_time(stage.respond_by, stage.responded_on)
        if on_time is None:
            return "Answered", "blue"
        return ("Answered within target", "green") if on_time else ("Answered late", "orange")
    if stage.acknowledgement_overdue(today):
        return "Acknowledgement overdue", "red"
    if stage.response_overdue(today):
        return "Response overdue", "red"
    if stage.acknowledged_on is None:
        return "Waiting to be acknowledged", "yellow"
    return "Waiting for a response", "yellow"


def status_tag(stage: ComplaintStage | None, today: date) -> str:
    return _tag(*stage_status(stage, today))


def complaint_rows(complaints: Iterable[Complaint], today: date) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for complaint in complaints:
        stage = complaint.current_stage
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("voice:complaint", args=[complaint.pk]),
            govuk_date(complaint.received_on),
        )
        rows.append(
            [
                {"html": link},
                {"text": complaint.service.name},
                {"text": stage.name if stage else ""},
                {"text": govuk_date(stage.respond_by) if stage and stage.respond_by else "None"},
                {"html": status_tag(stage, today)},
            ]
        )
    return rows


def feedback_rows(items: Iterable[Feedback]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for item in items:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("voice:feedback-item", args=[item.pk]),
            govuk_date(item.received_on),
        )
        rows.append(
            [
                {"html": link},
                {"text": item.get_kind_display()},
                {"text": item.service.name},
                {"text": item.get_channel_display()},
                {"text": "Yes" if item.actions_taken else "Not yet"},
            ]
        )
    return rows


def _label(vocabulary: ref.Choices, code: str) -> str:
    return dict(vocabulary).get(code, code)


def equality_facts(answers: EqualityAnswers, linked: bool) -> list[tuple[str, Any]]:
    source = " (from the person's record)" if linked else ""
    return [
        (f"Sex{source}", _label(ref.SEXES, answers.sex)),
        (f"Ethnicity{source}", _label(ref.ETHNICITY_CHOICES, answers.ethnicity)),
        (f"Disability{source}", _label(ref.DISABILITY, answers.disability)),
        (
            f"Sexual orientation{source}",
            _label(ref.SEXUAL_ORIENTATIONS, answers.sexual_orientation),
        ),
        (f"Age band{source}", answers.age_band or "Not given"),
    ]


def _case_link(case: Any) -> Any:
    if case is None:
        return "Not linked"
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("cases:detail", args=[case.pk]),
        case.reference,
    )


def feedback_summary(item: Feedback) -> list[dict[str, Any]]:
    return summary_rows(
        [
            ("Kind", item.get_kind_display()),
            ("Service", item.service.name),
            ("Received", govuk_date(item.received_on)),
            ("How it was received", item.get_channel_display()),
            ("What was said", item.what_was_said),
            ("Case", _case_link(item.case)),
            *equality_facts(item.equality, item.case_id is not None),
            ("Actions taken or response", item.actions_taken or "None recorded yet"),
        ]
    )


def complaint_summary(complaint: Complaint) -> list[dict[str, Any]]:
    return summary_rows(
        [
            ("Service", complaint.service.name),
            ("Received", govuk_date(complaint.received_on)),
            ("How it was received", complaint.get_channel_display()),
            ("Summary", complaint.summary),
            ("Case", _case_link(complaint.case)),
            *equality_facts(complaint.equality, complaint.case_id is not None),
        ]
    )


def _due(due: date | None, done: date | None) -> str:
    if due is None:
        return "No target"
    on_time = in_time(due, done)
    verdict = "" if on_time is None else (" (within target)" if on_time else " (late)")
    return f"By {govuk_date(due)}{verdict}"


def stage_summary(stage: ComplaintStage, today: date) -> list[dict[str, Any]]:
    facts: list[tuple[str, Any]] = [
        ("Began", govuk_date(stage.began_on)),
        ("Status", status_tag(stage, today)),
        ("Acknowledge", _due(stage.acknowledge_by, stage.acknowledged_on)),
        ("Acknowledged", govuk_date(stage.acknowledged_on) or "Not yet"),
        ("Respond", _due(stage.respond_by, stage.responded_on)),
        ("Responded", govuk_date(stage.responded_on) or "Not yet"),
    ]
    if stage.responded_on:
        facts += [
            ("Outcome", stage.get_outcome_display()),
            ("Response", stage.response or "Not recorded"),
            ("Lessons learnt", stage.lessons or "None recorded"),
        ]
    return summary_rows(facts)


CSV_HEADER = (
    "Received",
    "Service",
    "How received",
    "Stage",
    "Stage began",
    "Acknowledge by",
    "Acknowledged",
    "Respond by",
    "Responded",
    "Outcome",
    "Status",
    "Linked to a case",
)


def csv_rows(complaints: Iterable[Complaint], today: date) -> Iterator[list[str]]:
    """One row per complaint at its current stage: dates and codes, no names nor texts."""
    for complaint in complaints:
        stage = complaint.current_stage
        assert stage is not None
        yield [
            complaint.received_on.isoformat(),
            complaint.service.name,
            complaint.get_channel_display(),
            stage.name,
            stage.began_on.isoformat(),
            stage.acknowledge_by.isoformat(),
            stage.acknowledged_on.isoformat() if stage.acknowledged_on else "",
            stage.respond_by.isoformat() if stage.respond_by else "",
            stage.responded_on.isoformat() if stage.responded_on else "",
            stage.get_outcome_display(),
            stage_status(stage, today)[0],
            "Yes" if complaint.case_id else "No",
        ]


def activity_rows(activities: Iterable[InvolvementActivity]) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for activity in activities:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("voice:activity", args=[activity.pk]),
            activity.title,
        )
        rows.append(
            [
                {"text": govuk_date(activity.held_on)},
                {"html": link},
                {"text": activity.get_kind_display()},
                {"text": str(activity.survivors_involved), "format": "numeric"},
                {"text": activity.get_change_status_display()},
            ]
        )
    return rows


def activity_summary(activity: InvolvementActivity) -> list[dict[str, Any]]:
    return summary_rows(
        [
            ("Date", govuk_date(activity.held_on)),
            ("Kind", activity.get_kind_display()),
            ("Survivors involved", str(activity.survivors_involved)),
            ("What was asked", activity.what_was_asked),
            ("What changed as a result", activity.what_changed or "Nothing recorded yet"),
            ("Status of the change", activity.get_change_status_display()),
            ("Kept by", activity.agency.name),
        ]
    )
