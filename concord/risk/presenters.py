"""What risk pages show: level tags, the trend of assessments, incidents, answers by
section and the MARAC criteria met, in GOV.UK components' terms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from concord.core.presenters import govuk_date
from concord.risk.dash import ANSWER_LABELS, Answer, Criterion, Level
from concord.risk.models import AssessmentReason, Incident, RiskAssessment, Section

LEVEL_COLOURS = {Level.STANDARD: "blue", Level.MEDIUM: "orange", Level.HIGH: "red"}
NOT_ASKED = "Not asked"


def level_tag(level: str) -> SafeString:
    state = Level(level)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{} risk</strong>',
        LEVEL_COLOURS[state],
        state.label,
    )


def judgement_text(assessment: RiskAssessment) -> str:
    if not assessment.judged_level:
        return "None"
    return f"Raised to {Level(assessment.judged_level).label.lower()}"


def trend_rows(assessments: Iterable[RiskAssessment]) -> list[list[dict[str, Any]]]:
    """Finished assessments, newest first: date, checklist, reason, score, level."""
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("risk:assessment", args=[a.pk]),
                    govuk_date(a.finished_at),
                )
            },
            {"text": a.instrument.name},
            {"text": AssessmentReason(a.reason).label},
            {"text": str(a.score), "format": "numeric"},
            {"html": level_tag(a.level)},
            {"text": judgement_text(a)},
        ]
        for a in assessments
    ]


def incident_rows(incidents: Iterable[Incident]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": govuk_date(incident.occurred_on)},
            {"text": "Yes" if incident.reported_to_police else "No"},
            {"text": incident.description or "No description"},
        ]
        for incident in incidents
    ]


def criteria_text(criteria: Iterable[Criterion]) -> str:
    labels = [criterion.label.lower() for criterion in criteria]
    return ", ".join(labels).capitalize()


def answer_sections(
    assessment: RiskAssessment, sections: Iterable[Section]
) -> list[dict[str, Any]]:
    """Each section's answers as summary-list rows; a draft's rows link to their section."""
    shown = []
    for section in sections:
        url = reverse("risk:section", args=[assessment.pk, section.number])
        rows = []
        for question in section.questions:
            answer = assessment.answers.get(question.code)
            given = ANSWER_LABELS[Answer(answer)] if answer else NOT_ASKED
            row: dict[str, Any] = {
                "key": {"text": f"{question.number}. {question.label}"},
                "value": {"html": _with_comment(given, assessment.comments.get(question.code))},
            }
            if assessment.is_draft:
                row["actions"] = {
                    "items": [
                        {
                            "href": f"{url}#id_{question.code}",
                            "text": "Change" if answer else "Answer",
                            "visuallyHiddenText": question.label.lower(),
                        }
                    ]
                }
            rows.append(row)
        shown.append({"title": section.title, "url": url, "rows": rows})
    return shown


def _with_comment(answer: str, comment: str | None) -> SafeString:
    if not comment:
        return format_html("{}", answer)
    return format_html(
        '{}<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">Comment: {}</p>',
        answer,
        comment,
    )


def result_rows(assessment: RiskAssessment) -> list[dict[str, Any]]:
    rows = [
        {"key": {"text": "Checklist"}, "value": {"text": str(assessment.instrument)}},
        {"key": {"text": "Why assessed"}, "value": {"text": assessment.get_reason_display()}},
        {"key": {"text": "Assessed by"}, "value": {"text": str(assessment.assessed_by)}},
    ]
    if assessment.is_draft:
        answered = len(assessment.answers)
        rows.append({"key": {"text": "Answered so far"}, "value": {"text": str(answered)}})
        return rows
    rows += [
        {"key": {"text": "Finished"}, "value": {"text": govuk_date(assessment.finished_at)}},
        {"key": {"text": "Score"}, "value": {"text": f"{assessment.score} yes answers"}},
        {
            "key": {"text": "Level from the score"},
            "value": {"html": level_tag(assessment.computed_level)},
        },
    ]
    if assessment.judged_level:
        rows += [
            {
                "key": {"text": "Professional judgement"},
                "value": {"html": level_tag(assessment.judged_level)},
            },
            {"key": {"text": "Concerns"}, "value": {"text": assessment.concerns}},
        ]
    return rows
