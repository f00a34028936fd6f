"""Risk assessments and incidents through the API: the same scope, roles, services and
audit as the pages. An assessment is started as a draft, answered (in as many calls as
needed), finished, and may then be raised by professional judgement."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Schema, Status
from pydantic import StringConstraints

from concord.accounts.http import ConcordRequest
from concord.core.api_errors import ApiRouter, open_to_every_role
from concord.core.api_fields import Input, choice, one_of
from concord.risk import services
from concord.risk.criteria import criteria_met
from concord.risk.dash import ANSWER_LABELS, CRITERION_LABELS, Level, unanswered
from concord.risk.instruments import AUDIENCES
from concord.risk.models import (
    COMMENT_LENGTH,
    REASSESSMENT_REASONS,
    AssessmentReason,
    Incident,
    Instrument,
    RiskAssessment,
)
from concord.risk.scope import RiskScope

router = ApiRouter(tags=["risk"])
LEVELS = [(level.value, level.label) for level in Level]


class QuestionOut(Schema):
    number: int
    code: str
    label: str
    help_text: str
    section: str


class InstrumentOut(Schema):
    id: UUID
    code: str
    name: str
    version: str
    audience: str = Field(description=one_of(AUDIENCES))
    active: bool
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(instrument: Instrument) -> list[QuestionOut]:
        return list(instrument.questions.all())  # type: ignore[arg-type]


class AssessmentOut(Schema):
    id: UUID
    case_id: UUID
    instrument_id: UUID
    instrument: str = Field(description="The checklist's code")
    reason: str = Field(description=one_of(AssessmentReason.choices))
    status: str = Field(description="draft or finished")
    answers: dict[str, str] = Field(description="Question code to " + one_of(ANSWER_LABELS.items()))
    comments: dict[str, str] = Field(description="Question code to the assessor's comment")
    unanswered: list[str] = Field(description="Codes of the questions not asked yet")
    assessed_by_id: UUID
    started_at: datetime
    finished_at: datetime | None
    score: int | None
    computed_level: str = Field(description="From the score: " + one_of(LEVELS))
    judged_level: str = Field(description="Set by professional judgement, if any")
    concerns: str
    level: str = Field(description="The level that stands, once finished")

    @staticmethod
    def resolve_instrument(assessment: RiskAssessment) -> str:
        return assessment.instrument.code

    @staticmethod
    def resolve_started_at(assessment: RiskAssessment) -> datetime:
        return assessment.created_at

    @staticmethod
    def resolve_unanswered(assessment: RiskAssessment) -> list[str]:
        codes = [question.code for question in assessment.instrument.questions.all()]
        return unanswered(codes, assessment.answers)


class AssessmentIn(Input):
    instrument: str = Field(
        default="",
        description="A checklist's code (see /risk-instruments); left out, your agency's "
        "default: ACPO DASH for the police, the DASH RIC for others",
    )
    reason: Annotated[str, choice(REASSESSMENT_REASONS, blank=True)] = Field(
        default="", description="For a re-assessment"
    )


class AnswersIn(Input):
    answers: dict[str, Annotated[str, choice(ANSWER_LABELS.items())] | None] = Field(
        description="Question code to " + one_of(ANSWER_LABELS.items()) + "; null takes an "
        "answer back (not asked)"
    )
    comments: dict[str, Annotated[str, StringConstraints(max_length=COMMENT_LENGTH)] | None] = (
        Field(
            default_factory=dict,
            description="Question code to a comment on its answer; null or blank removes it",
        )
    )


class JudgementIn(Input):
    level: Annotated[str, choice(LEVELS)] = Field(description="Above the current level")
    concerns: str = Field(max_length=2000)


class IncidentIn(Input):
    occurred_on: date
    reported_to_police: bool
    description: str = Field(default="", max_length=200)


class IncidentOut(IncidentIn):
    id: UUID


class RiskOut(Schema):
    level: str | None = Field(description="The latest finished assessment's level")
    score: int | None
    assessed_at: datetime | None
    marac_criteria: list[str] = Field(
        description="MARAC criteria met today, other than repeat (the MARAC register decides "
        "that): " + one_of(CRITERION_LABELS.items())
    )


def _may(request: ConcordRequest[RiskScope], rule: str) -> None:
    if not rules.test_rule(rule, request.membership):
        raise PermissionDenied


def _working_assessment(request: ConcordRequest[RiskScope], assessment_id: UUID) -> RiskAssessment:
    _may(request, "risk.assess")
    return request.scope.risk_assessment(assessment_id)


@router.get("/risk-instruments", response=list[InstrumentOut], summary="Risk checklists")
@open_to_every_role
def list_instruments(request: ConcordRequest[RiskScope]) -> list[Instrument]:
    return list(Instrument.objects.prefetch_related("questions"))


@router.get(
    "/cases/{case_id}/risk", response=RiskOut, summary="The latest level and MARAC criteria met"
)
def case_risk(request: ConcordRequest[RiskScope], case_id: UUID) -> RiskOut:
    case = request.scope.case(case_id)
    latest = request.scope.risk_assessments.filter(case=case).finished().first()
    incidents = request.scope.incidents.filter(case=case)
    met = criteria_met(latest, incidents, as_of=timezone.localdate())
    return RiskOut(
        level=latest.level if latest else None,
        score=latest.score if latest else None,
        assessed_at=latest.finished_at if latest else None,
        marac_criteria=[criterion.value for criterion in met],
    )


@router.get(
    "/cases/{case_id}/risk-assessments",
    response=list[AssessmentOut],
    summary="Risk assessments of a case, newest first",
)
def list_assessments(request: ConcordRequest[RiskScope], case_id: UUID) -> list[RiskAssessment]:
    case = request.scope.case(case_id)
    assessments = request.scope.risk_assessments.filter(case=case)
    return list(assessments.select_related("instrument").prefetch_related("instrument__questions"))


@router.post(
    "/cases/{case_id}/risk-assessments",
    response={201: AssessmentOut},
    summary="Start a risk assessment (a draft)",
)
def start_assessment(
    request: ConcordRequest[RiskScope], case_id: UUID, payload: AssessmentIn
) -> Status[RiskAssessment]:
    _may(request, "risk.assess")
    case = request.scope.case(case_id)
    if payload.instrument:
        instrument = services.active_instruments().filter(code=payload.instrument).first()
    else:
        instrument = services.default_instrument(request.membership.agency)
    if instrument is None:
        raise ValidationError({"instrument": "Choose a checklist that is in use"})
    return Status(201, services.start_assessment(request.user, case, instrument, payload.reason))


@router.get(
    "/risk-assessments/{assessment_id}",
    response=AssessmentOut,
    summary="One risk assessment (the read is audited)",
)
def get_assessment(request: ConcordRequest[RiskScope], assessment_id: UUID) -> RiskAssessment:
    return request.scope.risk_assessment(assessment_id)


@router.patch(
    "/risk-assessments/{assessment_id}/answers",
    response=AssessmentOut,
    summary="Answer questions of a draft",
)
def answer(
    request: ConcordRequest[RiskScope], assessment_id: UUID, payload: AnswersIn
) -> RiskAssessment:
    assessment = _working_assessment(request, assessment_id)
    return services.record_answers(request.user, assessment, payload.answers, payload.comments)


@router.post(
    "/risk-assessments/{assessment_id}/finish",
    response=AssessmentOut,
    summary="Finish a draft: every question answered (422 names the rest)",
)
def finish(request: ConcordRequest[RiskScope], assessment_id: UUID) -> RiskAssessment:
    assessment = _working_assessment(request, assessment_id)
    return services.finish_assessment(request.user, assessment)


@router.post(
    "/risk-assessments/{assessment_id}/judgement",
    response=AssessmentOut,
    summary="Professional judgement: raises the level, never lowers it",
)
def judge(
    request: ConcordRequest[RiskScope], assessment_id: UUID, payload: JudgementIn
) -> RiskAssessment:
    assessment = _working_assessment(request, assessment_id)
    return services.record_judgement(request.user, assessment, **payload.dict())


@router.get("/cases/{case_id}/incidents", response=list[IncidentOut], summary="Incidents on a case")
def list_incidents(request: ConcordRequest[RiskScope], case_id: UUID) -> list[Incident]:
    case = request.scope.case(case_id)
    return list(request.scope.incidents.filter(case=case))


@router.post(
    "/cases/{case_id}/incidents", response={201: IncidentOut}, summary="Record an incident"
)
def record_incident(
    request: ConcordRequest[RiskScope], case_id: UUID, payload: IncidentIn
) -> Status[Incident]:
    _may(request, "risk.record_incident")
    case = request.scope.case(case_id)
    return Status(201, services.record_incident(request.user, case, **payload.dict()))
