"""Homicide reviews through the API, with the pages' access: the summary (counts of deaths
through disclosure control, and the progress of recommendations) for the roles that watch
the partnership; a review, and the completion of its recommendations, for its panel alone
(404 to anyone else, every read audited). Names are never sent: the panel reveals them on
the review's page, with a reason."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Schema

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input
from concord.dhr import services
from concord.dhr.figures import KINDS, deaths_by_year, progress_by_reference, rule_for
from concord.dhr.models import Recommendation, Review
from concord.dhr.presenters import status_text
from concord.dhr.scope import ReviewsScope

router = ApiRouter(tags=["homicide reviews"])
Request = ConcordRequest[ReviewsScope]


class DeathsOut(Schema):
    financial_year: str = Field(
        description="April to March, as '2025 to 2026'; 'All years' for the totals"
    )
    homicide: str
    suicide: str
    other: str
    total: str


class ProgressOut(Schema):
    reference: str
    recommendations: int
    complete: int
    outstanding: int
    overdue: int


class SummaryOut(Schema):
    deaths: list[DeathsOut] = Field(
        description="Counts as text: small ones hidden ('<5', '[c]') unless you sit on the "
        "panel of every review counted"
    )
    disclosure_threshold: int = Field(description="1 when the counts are exact")
    recommendations: list[ProgressOut]


class PanelMemberOut(Schema):
    name: str
    organisation: str
    is_chair: bool
    is_coordinator: bool
    has_account: bool

    @staticmethod
    def resolve_has_account(member: object) -> bool:
        return getattr(member, "user_id", None) is not None


class AgencyReportOut(Schema):
    organisation: str
    kind: str
    requested_on: date
    received_on: date | None


class RecommendationOut(Schema):
    number: int
    text: str
    owner: str
    owner_agency: str | None
    due_on: date
    completed_on: date | None
    evidence: str

    @staticmethod
    def resolve_owner_agency(recommendation: Recommendation) -> str | None:
        agency = recommendation.owner_agency
        return agency.name if agency is not None else None


class ReviewOut(Schema):
    id: UUID
    reference: str
    status: str
    kind: str
    victim_initials: str
    perpetrator_initials: str
    relationship: str
    area: str
    died_on: date
    notified_on: date
    decision: str
    decided_on: date | None
    decision_reasons: str
    submitted_on: date | None
    published_on: date | None
    panel: list[PanelMemberOut]
    reports: list[AgencyReportOut]
    recommendations: list[RecommendationOut]

    @staticmethod
    def resolve_status(review: Review) -> str:
        return status_text(review)

    @staticmethod
    def resolve_panel(review: Review) -> list[object]:
        return list(review.panel.all())

    @staticmethod
    def resolve_reports(review: Review) -> list[object]:
        return list(review.reports.all())

    @staticmethod
    def resolve_recommendations(review: Review) -> list[object]:
        return list(review.recommendations.select_related("owner_agency"))


class CompletionIn(Input):
    completed_on: date
    evidence: str = Field(max_length=5000, description="What was done and where the proof is")


@router.get("/summary", response=SummaryOut, summary="Deaths notified and recommendations")
def summary(request: Request) -> dict[str, object]:
    if not rules.test_rule("dhr.view_summary", request.membership):
        raise PermissionDenied
    today = timezone.localdate()
    rule = rule_for(request.user, disclosure_rule())
    counts = deaths_by_year(Review.objects.all(), today)
    table = counts.protected(rule)
    deaths = []
    if table is not None:
        lines = [
            (label, line, total)
            for label, line, total in zip(counts.labels, table.cells, table.row_totals, strict=True)
        ]
        lines.append(("All years", table.column_totals, table.total))
        deaths = [
            {"financial_year": label}
            | {kind.value: cell.text for kind, cell in zip(KINDS, line, strict=True)}
            | {"total": total.text}
            for label, line, total in lines
        ]
    audit.record("dhr.summary_viewed", actor=request.user, agency=request.membership.agency)
    return {
        "deaths": deaths,
        "disclosure_threshold": rule.threshold,
        "recommendations": [
            {
                "reference": line.reference,
                "recommendations": line.total,
                "complete": line.complete,
                "outstanding": line.outstanding,
                "overdue": line.overdue,
            }
            for line in progress_by_reference(today)
        ],
    }


@router.get("/{review_id}", response=ReviewOut, summary="One review of your panels")
def get_review(request: Request, review_id: UUID) -> Review:
    """404 unless you sit on the review's panel. The read is audited."""
    return request.scope.review(review_id)


@router.post(
    "/{review_id}/recommendations/{number}/completion",
    response=RecommendationOut,
    summary="Complete a recommendation, with its evidence",
)
def complete_recommendation(
    request: Request, review_id: UUID, number: int, payload: CompletionIn
) -> Recommendation:
    """422 without evidence, or when it is complete already; nothing is changed."""
    review = request.scope.review(review_id)
    recommendation = request.scope.recommendation(review, number)
    return services.complete_recommendation(
        request.user, recommendation, completed_on=payload.completed_on, evidence=payload.evidence
    )
