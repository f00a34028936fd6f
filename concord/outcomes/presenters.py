"""How outcome measures and links read on the case's outcome page and a measure's page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from concord.core.presenters import govuk_date, govuk_datetime, summary_rows
from concord.outcomes.models import OutcomeMeasure, QuestionnaireLink
from concord.outcomes.questionnaires import SCALE


def measure_rows(measures: Iterable[OutcomeMeasure]) -> list[list[dict[str, Any]]]:
    return [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("outcomes:measure", args=[measure.pk]),
                    measure.stage_label,
                )
            },
            {"text": govuk_date(measure.answered_on)},
            {"text": measure.get_how_display()},
            {"text": "" if measure.safety is None else str(measure.safety), "format": "numeric"},
        ]
        for measure in measures
    ]


def answer_rows(measure: OutcomeMeasure) -> list[dict[str, Any]]:
    """Each question asked at the measure's stage, in the words of the version answered."""
    facts = []
    for question in measure.questionnaire.questions_at(measure.stage):
        value = measure.answers.get(question.code)
        if question.kind == SCALE:
            shown = "Not answered" if value is None else f"{value} out of 10"
        else:
            shown = dict(question.choices).get(value, "Not answered")
        facts.append((f"{question.number}. {question.label}", shown))
    return summary_rows(facts)


def link_state(link: QuestionnaireLink) -> str:
    if link.used_at is not None:
        return f"Answered {govuk_date(timezone.localtime(link.used_at).date())}"
    if link.expires_at <= timezone.now():
        return "Expired, not answered"
    return f"Waiting, works until {govuk_datetime(link.expires_at)}"


def link_rows(links: Iterable[QuestionnaireLink]) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": link.stage_label},
            {"text": govuk_date(timezone.localtime(link.created_at).date())},
            {"text": link_state(link)},
        ]
        for link in links
    ]
