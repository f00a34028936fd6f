"""How the plan reads: status tags with their words (never colour alone), the actions table
and its exports, updates with their evidence, the self-assessment grid."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from concord.core.presenters import govuk_date
from concord.domain.delivery import ActionStatus, UpdateState
from concord.domain.delivery_plan import is_overdue
from concord.domain.periods import financial_year_dates, financial_year_label
from concord.indicators.catalogue import BY_CODE
from concord.strategy.models import Action, ActionUpdate, Objective, SelfAssessment, StrategyTarget

# GOV.UK tag classes for the RAG colours; "complete" is the plain (blue) tag.
TAG_CLASSES = {
    "grey": "govuk-tag--grey",
    "green": "govuk-tag--green",
    "amber": "govuk-tag--orange",
    "red": "govuk-tag--red",
    "blue": "",
}
STATE_CLASSES = {
    UpdateState.AWAITING_APPROVAL: "govuk-tag--yellow",
    UpdateState.APPROVED: "govuk-tag--green",
    UpdateState.RETURNED: "govuk-tag--grey",
}
EXPORT_HEADER = (
    "Reference",
    "Objective",
    "Action",
    "Lead",
    "Lead agency",
    "Partners",
    "Start date",
    "Due date",
    "Status",
    "Overdue",
    "Linked indicators",
    "Carried from",
)


def period_text(first_year: int, last_year: int) -> str:
    """A strategy's years as people say them: "April 2026 to March 2031"."""
    first, _ = financial_year_dates(first_year)
    _, last = financial_year_dates(last_year)
    return f"{first:%B %Y} to {last:%B %Y}"


def status_tag(status: str) -> SafeString:
    found = ActionStatus(status)
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', TAG_CLASSES[found.rag], found.label
    )


def state_tag(state: str) -> SafeString:
    found = UpdateState(state)
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>', STATE_CLASSES[found], found.label
    )


def person(user: Any) -> str:
    return str(user.full_name or user.email)


def indicator_title(code: str) -> str:
    found = BY_CODE.get(code)
    return found.title if found else code


def action_link(action: Action) -> SafeString:
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>',
        reverse("strategy:action", args=[action.pk]),
        action.title,
    )


def action_rows(actions: Iterable[Action], today: date) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for action in actions:
        overdue = is_overdue(action.status_enum, action.due_on, today)
        due = govuk_date(action.due_on)
        rows.append(
            [
                {"text": action.reference},
                {"html": action_link(action)},
                {"text": f"{person(action.lead)}, {action.lead_agency.name}"},
                {"html": format_html("{}<br><strong>Overdue</strong>", due) if overdue else due},
                {"html": status_tag(action.status)},
            ]
        )
    return rows


def export_rows(actions: Iterable[Action], today: date) -> list[list[object]]:
    return [
        [
            action.reference,
            str(action.objective),
            action.title,
            person(action.lead),
            action.lead_agency.name,
            "; ".join(sorted(agency.name for agency in action.partners.all())),
            action.starts_on.isoformat(),
            action.due_on.isoformat(),
            action.status_enum.label,
            "Yes" if is_overdue(action.status_enum, action.due_on, today) else "No",
            "; ".join(indicator_title(link.code) for link in action.indicators.all()),
            financial_year_label(action.carried_from.plan.year) if action.carried_from else "",
        ]
        for action in actions
    ]


def status_summary(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Each status with its tag and count, in the statuses' order."""
    return [
        {"tag": status_tag(status), "label": status.label, "count": counts.get(status, 0)}
        for status in ActionStatus
    ]


def target_text(target: StrategyTarget | None, what: str) -> str:
    if target is None:
        return "Not set"
    if what == "baseline":
        return f"{target.baseline.normalize():,f} in {financial_year_label(target.baseline_year)}"
    return f"{target.target.normalize():,f} by {financial_year_label(target.target_year)}"


def indicator_rows(
    codes: Sequence[str], targets: dict[str, StrategyTarget]
) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": indicator_title(code)},
            {"text": target_text(targets.get(code), "baseline")},
            {"text": target_text(targets.get(code), "target")},
        ]
        for code in codes
    ]


def evidence_items(update: ActionUpdate) -> list[SafeString]:
    items = []
    for item in update.evidence.all():
        if item.link:
            items.append(
                format_html(
                    '<a class="govuk-link" href="{}" rel="noreferrer noopener">{}</a>',
                    item.link,
                    item.link,
                )
            )
        else:
            items.append(
                format_html(
                    '<a class="govuk-link" href="{}">{}</a> ({} KB)',
                    reverse("strategy:evidence", args=[item.pk]),
                    item.name,
                    max(1, item.size // 1024),
                )
            )
    return items


def paragraphs(text: str) -> SafeString:
    """Text as it was written, a paragraph a line."""
    return format_html_join(
        "", '<p class="govuk-body">{}</p>', ((line,) for line in text.splitlines() if line.strip())
    )


def update_cards(updates: Iterable[ActionUpdate]) -> list[dict[str, Any]]:
    return [
        {
            "update": update,
            "date": govuk_date(update.written_on),
            "status": status_tag(update.status),
            "state": state_tag(update.state),
            "author": person(update.author),
            "evidence": evidence_items(update),
            "progress": paragraphs(update.progress),
        }
        for update in updates
    ]


def assessment_grid(
    objectives: Sequence[Objective],
    years: Sequence[int],
    found: Iterable[SelfAssessment],
    scale: Sequence[str],
    can_record: bool,
) -> list[list[dict[str, Any]]]:
    """One row an objective, one column a year: the rating's words, or a link to record it."""
    by_key = {(item.objective_id, item.year): item for item in found}
    rows = []
    for objective in objectives:
        row: list[dict[str, Any]] = [{"text": str(objective)}]
        for year in years:
            item = by_key.get((objective.pk, year))
            text = (
                scale[item.rating]
                if item is not None and item.rating < len(scale)
                else "Not assessed"
            )
            if can_record:
                href = reverse("strategy:assess", args=[objective.pk, year])
                verb = "Change" if item else "Record"
                row.append(
                    {
                        "html": format_html(
                            '{}<br><a class="govuk-link" href="{}">{}'
                            '<span class="govuk-visually-hidden"> {} for {}</span></a>',
                            text,
                            href,
                            verb,
                            objective,
                            financial_year_label(year),
                        )
                    }
                )
            else:
                row.append({"text": text})
        rows.append(row)
    return rows
