"""A case's outcome measures through the API: the same scope, roles, checks and audit as
the pages. One-time links are made only on the pages, where their address is shown once."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from ninja import Field, Schema, Status
from pydantic import StrictInt, StrictStr

from concord.accounts.http import ConcordRequest
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice
from concord.outcomes import services
from concord.outcomes.models import How, OutcomeMeasure
from concord.outcomes.scope import OutcomesScope
from concord.outcomes.stages import STAGES

router = ApiRouter(tags=["outcome measures"])


class OutcomeMeasureIn(Input):
    stage: Annotated[str, choice(STAGES)]
    follow_up_months: int = Field(default=0, ge=0, le=60, description="For a follow-up")
    answered_on: date
    answers: dict[str, StrictInt | StrictStr] = Field(
        description="Every question asked at the stage, by its code: 0 to 10 for a scale, a "
        "choice's value otherwise"
    )


class OutcomeMeasureOut(Schema):
    id: UUID
    case_id: UUID
    stage: str
    follow_up_months: int
    answered_on: date
    how: Annotated[str, choice(How.choices)]
    questionnaire_version: str
    answers: dict[str, Any]

    @staticmethod
    def resolve_questionnaire_version(measure: OutcomeMeasure) -> str:
        return measure.questionnaire.version


@router.get(
    "/{case_id}/outcome-measures",
    response=list[OutcomeMeasureOut],
    summary="A case's outcome measures, oldest first (the read is audited)",
)
def list_measures(request: ConcordRequest[OutcomesScope], case_id: UUID) -> list[OutcomeMeasure]:
    case = request.scope.case(case_id)
    measures = request.scope.outcome_measures.filter(case=case).select_related("questionnaire")
    audit.record(
        "outcome_measures.listed",
        actor=request.user,
        agency=case.agency,
        object_type="outcomes.outcomemeasure",
        object_id=case.pk,
    )
    return list(measures)


@router.post(
    "/{case_id}/outcome-measures",
    response={201: OutcomeMeasureOut},
    summary="Record the answers a person gave with you at one stage of their case",
)
def record_measure(
    request: ConcordRequest[OutcomesScope], case_id: UUID, payload: OutcomeMeasureIn
) -> Status[OutcomeMeasure]:
    request.scope.outcome_measures  # noqa: B018 - the scope refuses roles that may not (403)
    case = request.scope.case(case_id)
    measure = services.record_measure(
        request.user,
        case,
        stage=payload.stage,
        months=payload.follow_up_months,
        answers=dict(payload.answers),
        answered_on=payload.answered_on,
    )
    return Status(201, measure)
