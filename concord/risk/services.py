"""Every write to risk records: starting, answering, finishing and judging assessments, and
recording incidents. Each runs in one transaction, takes the acting user, checks the rules
of concord.risk.dash and writes its audit event (naming fields, never answers)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from concord.accounts.models import Agency, AgencyKind, User
from concord.cases import lifecycle
from concord.cases import services as case_services
from concord.cases.models import Case
from concord.core import audit
from concord.risk import dash
from concord.risk.criteria import criteria_met, thresholds
from concord.risk.instruments import NON_POLICE, POLICE
from concord.risk.models import (
    COMMENT_LENGTH,
    REASSESSMENT_REASONS,
    AssessmentReason,
    AssessmentStatus,
    Incident,
    Instrument,
    RiskAssessment,
    RiskAssessmentQuerySet,
)


def active_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(active=True)


def default_instrument(agency: Agency) -> Instrument | None:
    """The police use ACPO DASH, every other agency the DASH RIC (the newest active
    checklist for the agency's audience)."""
    audience = POLICE if agency.kind == AgencyKind.POLICE else NON_POLICE
    return active_instruments().filter(audience=audience).order_by("-created_at").first()


def _assessments(case: Case) -> RiskAssessmentQuerySet:
    return RiskAssessment.objects.filter(case=case)


def _require_draft(assessment: RiskAssessment) -> None:
    if not assessment.is_draft:
        raise ValidationError("This assessment is finished and cannot change: assess again")


@transaction.atomic
def start_assessment(
    actor: User, case: Case, instrument: Instrument, reason: str = ""
) -> RiskAssessment:
    """A draft assessment. The case's first is the first assessment; a later one needs a
    reason (a new incident, a change of circumstance, a planned review)."""
    if not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before assessing risk")
    if not instrument.active:
        raise ValidationError({"instrument": "Choose a checklist that is in use"})
    if _assessments(case).drafts().exists():
        raise ValidationError("This case has an assessment in progress: finish it first")
    if not _assessments(case).finished().exists():
        reason = AssessmentReason.FIRST
    elif reason not in dict(REASSESSMENT_REASONS):
        raise ValidationError({"reason": "Select why the risk is being assessed again"})
    assessment = RiskAssessment.objects.create(
        agency=case.agency, case=case, instrument=instrument, reason=reason, assessed_by=actor
    )
    audit.record(
        "risk.assessment_started",
        actor=actor,
        agency=case.agency,
        target=assessment,
        changes=["instrument", "reason"],
    )
    return assessment


@transaction.atomic
def record_answers(
    actor: User,
    assessment: RiskAssessment,
    answers: Mapping[str, str | None],
    comments: Mapping[str, str | None] | None = None,
) -> RiskAssessment:
    """Answer some questions of a draft: yes, no or dont_know; None or "" takes an answer
    back (the question is then not asked). ``comments`` add, change or (blank) remove the
    assessor's comment on a question's answer; they never change the score."""
    _require_draft(assessment)
    comments = comments or {}
    codes = set(assessment.instrument.questions.values_list("code", flat=True))
    unknown = sorted((set(answers) | set(comments)) - codes)
    if unknown:
        raise ValidationError({"answers": f"Not questions of this checklist: {', '.join(unknown)}"})
    allowed = {answer.value for answer in dash.Answer}
    bad = sorted(code for code, value in answers.items() if value and value not in allowed)
    if bad:
        raise ValidationError({code: "Answer yes, no or don't know" for code in bad})
    merged = dict(assessment.answers)
    for code, value in answers.items():
        if value:
            merged[code] = value
        else:
            merged.pop(code, None)
    assessment.answers = merged
    assessment.comments = _merged_comments(assessment.comments, comments)
    assessment.save(update_fields=["answers", "comments", "updated_at"])
    audit.record(
        "risk.answers_recorded",
        actor=actor,
        agency=assessment.agency,
        target=assessment,
        changes=["answers", "comments"] if comments else ["answers"],
    )
    return assessment


def _merged_comments(kept: Mapping[str, str], comments: Mapping[str, str | None]) -> dict[str, str]:
    """The comments kept, changed by ``comments`` (blank removes one); too long refused."""
    long = sorted(
        code for code, text in comments.items() if len((text or "").strip()) > COMMENT_LENGTH
    )
    if long:
        message = f"A comment can be no longer than {COMMENT_LENGTH} characters"
        raise ValidationError({f"{code}_comment": message for code in long})
    merged = dict(kept)
    for code, text in comments.items():
        if text and text.strip():
            merged[code] = text.strip()
        else:
            merged.pop(code, None)
    return merged


@transaction.atomic
def finish_assessment(actor: User, assessment: RiskAssessment) -> RiskAssessment:
    """Score a draft whose every question is answered and set its level. The case's first
    assessment also sets the intake profile's "high risk" and "meets MARAC threshold"."""
    _require_draft(assessment)
    questions = list(assessment.instrument.questions.all())
    missing = set(dash.unanswered([q.code for q in questions], assessment.answers))
    if missing:
        raise ValidationError(
            {
                q.code: f"Answer question {q.number}, {q.label.lower()}"
                for q in questions
                if q.code in missing
            }
        )
    points = dash.score(assessment.answers)
    level = dash.band(points, thresholds())
    assessment.status = AssessmentStatus.FINISHED
    assessment.finished_at = timezone.now()
    assessment.score = points
    assessment.computed_level = assessment.level = level
    assessment.save()
    audit.record(
        "risk.assessment_finished",
        actor=actor,
        agency=assessment.agency,
        target=assessment,
        changes=["status", "score", "level"],
    )
    _set_intake_risk(actor, assessment)
    return assessment


@transaction.atomic
def record_judgement(
    actor: User, assessment: RiskAssessment, *, level: str, concerns: str
) -> RiskAssessment:
    """Professional judgement on a finished assessment: it raises the level, never lowers
    it, and the concerns behind it are written down."""
    if assessment.is_draft:
        raise ValidationError("Finish the assessment before recording professional judgement")
    try:
        proposed = dash.Level(level)
    except ValueError:
        raise ValidationError({"level": "Select the level your judgement sets"}) from None
    current = dash.Level(assessment.level)
    try:
        dash.judged_level(current, proposed, concerns)
    except dash.JudgementError as error:
        field = "concerns" if not concerns.strip() else "level"
        raise ValidationError({field: str(error)}) from None
    assessment.judged_level = assessment.level = proposed
    assessment.concerns = concerns.strip()
    assessment.judged_by = actor
    assessment.judged_at = timezone.now()
    assessment.save()
    audit.record(
        "risk.judgement_recorded",
        actor=actor,
        agency=assessment.agency,
        target=assessment,
        changes=["judged_level", "level", "concerns"],
    )
    _set_intake_risk(actor, assessment)
    return assessment


def _set_intake_risk(actor: User, assessment: RiskAssessment) -> None:
    """The case's first finished assessment is its assessment at intake (DOMAIN §6)."""
    case = assessment.case
    first = _assessments(case).finished().order_by("finished_at", "created_at").first()
    if first is None or first.pk != assessment.pk or assessment.finished_at is None:
        return
    finished_on = timezone.localdate(assessment.finished_at)
    met = criteria_met(assessment, Incident.objects.filter(case=case), as_of=finished_on)
    case_services.record_intake_items(
        actor,
        case,
        assessed_on=finished_on,
        items={
            "high_risk_at_intake": "yes" if assessment.level == dash.Level.HIGH else "no",
            "marac_threshold_at_intake": "yes" if met else "no",
        },
    )


@transaction.atomic
def record_incident(
    actor: User, case: Case, *, occurred_on: date, reported_to_police: bool, description: str = ""
) -> Incident:
    """A domestic abuse incident on a case (it may be from before the referral)."""
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "The date of the incident must be today or before"})
    incident = Incident(
        agency=case.agency,
        case=case,
        occurred_on=occurred_on,
        reported_to_police=reported_to_police,
        description=description.strip(),
        recorded_by=actor,
    )
    incident.full_clean()
    incident.save()
    audit.record(
        "risk.incident_recorded",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["incidents"],
    )
    return incident
