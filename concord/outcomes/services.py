"""Recording outcome measures and the one-time links by which a person answers alone.

Every write runs in one transaction and is audited. The exit answers are the case's exit
review too (concord.cases.services.record_exit_review), so the Mayor's outcome indicators
keep one source of truth and nobody types the same answers twice (ADR 0033)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.accounts.models import User
from concord.cases import services as case_services
from concord.cases import task_rules
from concord.cases.models import Case, ExitReview
from concord.core import audit
from concord.core.validators import not_before, not_in_future
from concord.outcomes.models import (
    CONSENT,
    COUNTED_CHOICES,
    COUNTED_SCALES,
    How,
    OutcomeMeasure,
    Questionnaire,
    QuestionnaireLink,
    QuestionnaireQuestion,
)
from concord.outcomes.questionnaires import SCALE, SCALE_RANGE
from concord.outcomes.stages import EXIT, FOLLOW_UP, INTAKE, stage_label
from concord.outcomes.task_rules import RULE_NAME

QUESTIONNAIRE_CODE = "outcomes"
TOKEN_BYTES = 32
#: The exit answers as the exit review's (concord.cases.vocabulary).
FEELS_SAFER_IN_REVIEW = {"yes": "yes", "no": "no"}  # otherwise "not_answered"
ABUSE_IN_REVIEW = {"stopped": "stopped", "reduced": "reduced", "continued": "continued"}


class LinkNotUsable(Exception):
    """The link is unknown, expired, used, or its stage already answered: the person is told
    only that it no longer works."""


@dataclass(frozen=True)
class Stage:
    stage: str
    months: int = 0

    @property
    def label(self) -> str:
        return stage_label(self.stage, self.months)


def active_questionnaire() -> Questionnaire:
    """The version asked from now on, with its questions."""
    found = Questionnaire.objects.filter(code=QUESTIONNAIRE_CODE, active=True)
    return found.prefetch_related("questions").get()


def stages_for(case: Case) -> list[Stage]:
    """The stages a case may be asked at now: intake always; exit and each follow-up once
    the case has closed."""
    stages = [Stage(INTAKE)]
    if case.closed_at is not None:
        stages.append(Stage(EXIT))
        stages.extend(Stage(FOLLOW_UP, months) for months in settings.FOLLOW_UP_MONTHS)
    return stages


def check_stage(case: Case, stage: str, months: int) -> None:
    if Stage(stage, months) not in stages_for(case):
        raise ValidationError("The exit and follow-up questions are asked once the case has closed")
    if OutcomeMeasure.objects.filter(case=case).at(stage, months).exists():
        raise ValidationError(f"The {stage_label(stage, months).lower()} answers are recorded")


def checked_answers(
    questions: list[QuestionnaireQuestion], given: dict[str, Any]
) -> dict[str, Any]:
    """The answers to ``questions``: a whole number from 0 to 10 for a scale, one of the
    choices' values for a choice; every question needs an answer."""
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for question in questions:
        value = given.get(question.code)
        if question.kind == SCALE:
            valid = type(value) is int and value in SCALE_RANGE  # not True or False
        else:
            valid = value in [choice for choice, _ in question.choices]
        if valid:
            answers[question.code] = value
        else:
            problems[question.code] = "Select an answer"
    if problems:
        raise ValidationError(problems)
    return answers


def counted_columns(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers the indicators count, as the measure's columns."""
    columns: dict[str, Any] = {code: answers.get(code) for code in COUNTED_SCALES}
    columns |= {code: answers.get(code, "") for code in COUNTED_CHOICES}
    consent = answers.get(CONSENT)
    columns[CONSENT] = None if consent is None else consent == "yes"
    return columns


def _save_measure(
    case: Case,
    questionnaire: Questionnaire,
    *,
    stage: Stage,
    given: dict[str, Any],
    answered_on: date,
    how: How,
    recorded_by: User | None,
) -> OutcomeMeasure:
    check_stage(case, stage.stage, stage.months)
    not_in_future(answered_on, "answered_on", "The day of the answers")
    not_before(
        answered_on,
        timezone.localtime(case.referred_at).date(),
        "answered_on",
        "The day of the answers",
        "the referral",
    )
    answers = checked_answers(questionnaire.questions_at(stage.stage), given)
    measure = OutcomeMeasure(
        agency=case.agency,
        case=case,
        questionnaire=questionnaire,
        stage=stage.stage,
        follow_up_months=stage.months,
        answers=answers,
        answered_on=answered_on,
        how=how,
        recorded_by=recorded_by,
        **counted_columns(answers),
    )
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError:  # the same stage recorded at the same moment by someone else
        raise ValidationError(f"The {stage.label.lower()} answers are recorded") from None
    return measure


def _after_saving(actor: User | None, measure: OutcomeMeasure) -> None:
    """The exit review, when the exit or intake answers change it, and the follow-up tasks
    the answers set or close."""
    if measure.stage in (INTAKE, EXIT):
        write_exit_review(actor, measure.case)
    task_rules.run_for_case(measure.case, RULE_NAME)


def write_exit_review(actor: User | None, case: Case) -> ExitReview | None:
    """The case's exit review from its exit answers (and its intake answers for the scores
    at intake; without them, the scores at intake the review already had)."""
    measures = {
        m.stage: m for m in OutcomeMeasure.objects.filter(case=case, stage__in=(INTAKE, EXIT))
    }
    exit_answers = measures.get(EXIT)
    if exit_answers is None:
        return None
    intake = measures.get(INTAKE)
    before = ExitReview.objects.filter(case=case).first()
    return case_services.record_exit_review(
        actor,  # type: ignore[arg-type] # None: the person answered by link
        case,
        reviewed_on=exit_answers.answered_on,
        feels_safer=FEELS_SAFER_IN_REVIEW.get(exit_answers.feels_safer, "not_answered"),
        abuse_change=ABUSE_IN_REVIEW.get(exit_answers.abuse, "not_known"),
        wellbeing_at_exit=exit_answers.wellbeing,
        safety_at_exit=exit_answers.safety,
        wellbeing_at_intake=intake.wellbeing
        if intake
        else getattr(before, "wellbeing_at_intake", None),
        safety_at_intake=intake.safety if intake else getattr(before, "safety_at_intake", None),
    )


@transaction.atomic
def record_measure(
    actor: User,
    case: Case,
    *,
    stage: str,
    months: int = 0,
    answers: dict[str, Any],
    answered_on: date,
) -> OutcomeMeasure:
    """Record the answers a person gave with ``actor`` at one stage of their case."""
    measure = _save_measure(
        case,
        active_questionnaire(),
        stage=Stage(stage, months),
        given=answers,
        answered_on=answered_on,
        how=How.WITH_WORKER,
        recorded_by=actor,
    )
    audit.record(
        "outcome_measure.recorded",
        actor=actor,
        agency=case.agency,
        target=measure,
        changes=["answers", *measure.answers],
        reason=measure.stage_key,
    )
    _after_saving(actor, measure)
    return measure


# One-time links ------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def make_link(
    actor: User, case: Case, *, stage: str, months: int = 0
) -> tuple[QuestionnaireLink, str]:
    """A link for the person to answer one stage's questions alone; returns it and its
    token, which is never kept and so can be shown only now."""
    check_stage(case, stage, months)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = QuestionnaireLink.objects.create(
        agency=case.agency,
        case=case,
        questionnaire=active_questionnaire(),
        stage=stage,
        follow_up_months=months,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=settings.QUESTIONNAIRE_LINK_DAYS),
        made_by=actor,
    )
    audit.record(
        "questionnaire_link.made", actor=actor, agency=case.agency, target=link, reason=stage
    )
    return link, token


def _works(link: QuestionnaireLink | None) -> bool:
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return False
    answered = OutcomeMeasure.objects.filter(case_id=link.case_id)
    return not answered.at(link.stage, link.follow_up_months).exists()


def usable_link(token: str) -> QuestionnaireLink:
    """The link of ``token`` with its questionnaire's questions, while it still works."""
    found = QuestionnaireLink.objects.filter(token_hash=token_hash(token))
    link = found.select_related("questionnaire").first()
    if not _works(link):
        raise LinkNotUsable
    assert link is not None
    return link


@transaction.atomic
def answer_by_link(token: str, given: dict[str, Any]) -> OutcomeMeasure:
    """Save the answers a person gave by link and mark the link used, at once: the link's
    row is locked, and claimed only while unused, so a second answer with the same token,
    even at the same moment, is refused and nothing of it is kept."""
    locked = QuestionnaireLink.objects.select_for_update().filter(token_hash=token_hash(token))
    link = locked.select_related("case", "questionnaire").first()
    if not _works(link):
        raise LinkNotUsable
    assert link is not None
    now = timezone.now()
    if QuestionnaireLink.objects.unused().filter(pk=link.pk).update(used_at=now) != 1:
        raise LinkNotUsable
    try:
        measure = _save_measure(
            link.case,
            link.questionnaire,
            stage=Stage(link.stage, link.follow_up_months),
            given=given,
            answered_on=timezone.localdate(),
            how=How.BY_LINK,
            recorded_by=None,
        )
    except ValidationError as error:
        codes = {question.code for question in link.questionnaire.questions.all()}
        if hasattr(error, "error_dict") and set(error.error_dict) <= codes:
            raise  # the answers themselves: the form shows what to change
        raise LinkNotUsable from None  # the case changed since the link was made
    QuestionnaireLink.objects.filter(pk=link.pk).update(measure=measure)
    audit.record("questionnaire_link.used", agency=link.agency, target=link)
    audit.record(
        "outcome_measure.recorded",
        agency=link.agency,
        target=measure,
        changes=["answers", *measure.answers],
        reason=measure.stage_key,
    )
    _after_saving(None, measure)
    return measure
