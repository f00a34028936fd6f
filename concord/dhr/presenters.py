"""Homicide reviews as pages show them: statuses as tags with words, dates in GOV.UK style,
the rows of the summary lists and tables. Names are never shown here: only the reveal page
shows them, on its own response."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from concord.core.presenters import govuk_date
from concord.dhr.figures import KINDS, DeathCounts, Progress
from concord.dhr.models import AgencyReport, Decision, PanelMember, Recommendation, Review
from concord.domain.disclosure import DisclosureRule
from concord.domain.homicide_reviews import is_overdue


def _tag(text: str, colour: str) -> SafeString:
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def _link(href: str, text: str, hidden: str = "") -> SafeString:
    if not hidden:
        return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
        href,
        text,
        hidden,
    )


def _cell(value: str | SafeString, **extra: Any) -> dict[str, Any]:
    return {"html" if isinstance(value, SafeString) else "text": value, **extra}


def _row(key: str, value: str | SafeString) -> dict[str, Any]:
    return {"key": {"text": key}, "value": _cell(value or "Not recorded")}


def status_text(review: Review) -> str:
    if review.decision == Decision.PENDING:
        return "Awaiting decision"
    if review.decision == Decision.NOT_HOLD:
        return "No review held"
    if review.published_on:
        return "Published"
    if review.submitted_on:
        return "With the Home Office"
    return "Review in progress"


STATUS_COLOURS = {
    "Awaiting decision": "yellow",
    "No review held": "grey",
    "Review in progress": "blue",
    "With the Home Office": "purple",
    "Published": "green",
}


def status_tag(review: Review) -> SafeString:
    text = status_text(review)
    return _tag(text, STATUS_COLOURS[text])


def review_title(review: Review) -> str:
    """A review's name on its pages and in the browser's title: its reference only."""
    return f"Homicide review {review.reference}"


def review_rows(review: Review, names_url: str) -> list[dict[str, Any]]:
    has_names = bool(review.victim_name or review.perpetrator_name)
    names = (
        _link(names_url, "Show names", "of the victim and the perpetrator")
        if has_names
        else "Not recorded (initials only)"
    )
    return [
        _row("Status", status_tag(review)),
        _row("Kind of death", review.get_kind_display()),
        _row("Victim's initials", review.victim_initials),
        _row("Perpetrator's initials", review.perpetrator_initials),
        _row("Relationship to the victim", review.get_relationship_display()),
        _row("Names", names),
        _row("Area", review.area),
        _row("Date of death", govuk_date(review.died_on)),
        _row("Date notified", govuk_date(review.notified_on)),
    ]


def decision_rows(review: Review) -> list[dict[str, Any]]:
    if review.decision == Decision.PENDING:
        return []
    return [
        _row("Decision", review.get_decision_display()),
        _row("Date decided", govuk_date(review.decided_on)),
        _row("Reasons", review.decision_reasons),
    ]


def home_office_rows(review: Review) -> list[dict[str, Any]]:
    return [
        _row("Submitted to the Home Office", govuk_date(review.submitted_on)),
        _row("Published", govuk_date(review.published_on)),
    ]


def panel_rows(members: list[PanelMember], review: Review, *, can_remove: bool) -> list[Any]:
    rows = []
    for member in members:
        seat = "Independent chair" if member.is_chair else "Panel member"
        if member.is_coordinator:
            seat = "Review coordinator"
        account = "Can open the review" if member.user_id else "No Concord account"
        href = reverse("dhr:remove-member", args=[review.pk, member.pk])
        action = _link(href, "Remove", f"{member.name} from the panel") if can_remove else ""
        rows.append(
            [
                _cell(member.name),
                _cell(member.organisation),
                _cell(seat),
                _cell(account),
                _cell(action),
            ]
        )
    return rows


def report_rows(reports: list[AgencyReport], review: Review) -> list[Any]:
    rows = []
    for report in reports:
        if report.received_on:
            received: str | SafeString = govuk_date(report.received_on)
        else:
            href = reverse("dhr:report-received", args=[review.pk, report.pk])
            received = format_html(
                "{} {}",
                _tag("Awaited", "yellow"),
                _link(href, "Record received", f"{report}"),
            )
        rows.append(
            [
                _cell(report.organisation),
                _cell(report.get_kind_display()),
                _cell(govuk_date(report.requested_on)),
                _cell(received),
            ]
        )
    return rows


def recommendation_tag(recommendation: Recommendation, today: date) -> SafeString:
    if recommendation.completed_on is not None:
        return _tag("Complete", "green")
    if is_overdue(recommendation.due_on, None, today):
        return _tag("Overdue", "red")
    return _tag("Outstanding", "blue")


def recommendation_rows(
    recommendations: list[Recommendation], review: Review, today: date
) -> list[Any]:
    rows = []
    for recommendation in recommendations:
        owner = recommendation.owner
        if recommendation.owner_agency is not None:
            owner = f"{owner}, {recommendation.owner_agency.name}"
        if recommendation.is_complete:
            done: str | SafeString = format_html(
                "Completed {}: {}", govuk_date(recommendation.completed_on), recommendation.evidence
            )
        else:
            href = reverse("dhr:complete", args=[review.pk, recommendation.number])
            done = _link(href, "Complete", f"recommendation {recommendation.number}")
        rows.append(
            [
                _cell(str(recommendation.number), format="numeric"),
                _cell(recommendation.text),
                _cell(owner),
                _cell(govuk_date(recommendation.due_on)),
                _cell(recommendation_tag(recommendation, today)),
                _cell(done),
            ]
        )
    return rows


# Outside the panel -------------------------------------------------------------------------

DEATH_HEAD = [
    {"text": "Financial year notified"},
    *({"text": kind.label, "format": "numeric"} for kind in KINDS),
    {"text": "All deaths", "format": "numeric"},
]


def death_rows(counts: DeathCounts, rule: DisclosureRule) -> list[Any]:
    """A row per financial year and one of totals, each figure as ``rule`` lets it show."""
    table = counts.protected(rule)
    if table is None:
        return []
    rows = [
        [{"text": label}, *({"text": cell.text, "format": "numeric"} for cell in (*line, total))]
        for label, line, total in zip(counts.labels, table.cells, table.row_totals, strict=True)
    ]
    totals = (*table.column_totals, table.total)
    rows.append(
        [
            {"text": "All years", "classes": "govuk-!-font-weight-bold"},
            *({"text": cell.text, "format": "numeric"} for cell in totals),
        ]
    )
    return rows


def disclosure_note(rule: DisclosureRule) -> str:
    if rule.threshold <= 1:
        return "You sit on the panel of every review counted, so the figures are exact."
    note = (
        f"Counts from 1 to {rule.threshold - 1} are shown as “{rule.small_text}”, and “[c]” "
        "hides a figure that would give one away."
    )
    return note + (" Other counts are rounded to the nearest 5." if rule.round_to_five else "")


PROGRESS_HEAD = [
    {"text": "Review"},
    {"text": "Recommendations", "format": "numeric"},
    {"text": "Complete", "format": "numeric"},
    {"text": "Outstanding", "format": "numeric"},
    {"text": "Overdue", "format": "numeric"},
]


def progress_rows(progress: list[Progress]) -> list[Any]:
    return [
        [
            {"text": line.reference},
            *(
                {"text": str(value), "format": "numeric"}
                for value in (line.total, line.complete, line.outstanding, line.overdue)
            ),
        ]
        for line in progress
    ]


def own_review_rows(reviews: list[Review]) -> list[Any]:
    return [
        [
            _cell(_link(reverse("dhr:review", args=[review.pk]), review.reference)),
            _cell(review.get_kind_display()),
            _cell(govuk_date(review.notified_on)),
            _cell(status_tag(review)),
        ]
        for review in reviews
    ]
