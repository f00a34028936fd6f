"""Recording feedback, complaints and their stages, and involvement activities. Each runs in
one transaction, takes the acting user and is audited (fields named, never values)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from concord.accounts.models import Agency, Service, User
from concord.cases.models import Case
from concord.core import audit
from concord.core.validators import early_problem, future_problem
from concord.people import reference as ref
from concord.voice.deadlines import due_by
from concord.voice.models import (
    Complaint,
    ComplaintStage,
    EqualityAnswers,
    Feedback,
    InvolvementActivity,
)
from concord.voice.vocabulary import (
    ACTIVITY_KINDS,
    CHANGE_STATUSES,
    CHANNELS,
    FEEDBACK_KINDS,
    OUTCOMES,
    WITHDRAWN,
)

#: The equality answers a record may carry, with their vocabularies.
ANSWERS: dict[str, ref.Choices] = {
    "sex": ref.SEXES,
    "ethnicity": ref.ETHNICITY_CHOICES,
    "disability": ref.DISABILITY,
    "sexual_orientation": ref.SEXUAL_ORIENTATIONS,
}
AGE_BAND_STARTS = frozenset(first for first, _ in ref.AGE_BANDS)


def _refuse_problems(problems: Mapping[str, str | None]) -> None:
    found = {field: problem for field, problem in problems.items() if problem}
    if found:
        raise ValidationError(found)


def _check_link(service: Service, wants_linked: bool, case: Case | None) -> None:
    if case is None:
        return
    if not wants_linked:
        raise ValidationError(
            {"case": "Choose a case only when the person wants this linked to their support"}
        )
    if case.agency_id != service.agency_id:
        raise ValidationError({"case": "Choose a case of the service's own agency"})


def _age_band_start(age: int | None) -> int | None:
    if age is None:
        return None
    return max(first for first in AGE_BAND_STARTS if age >= first)


def _equality(case: Case | None, answers: Mapping[str, object], on: date) -> EqualityAnswers:
    """The answers given on the record, or, for a record linked to a case, the person's
    own answers copied (their age as its band on ``on``): figures by strand read either."""
    if case is not None:
        person = case.person
        return EqualityAnswers.objects.create(
            sex=person.sex,
            ethnicity=person.ethnicity,
            disability=person.disability,
            sexual_orientation=person.sexual_orientation,
            area=person.area,
            approximate_age=_age_band_start(person.age_on(on)),
        )
    given = {name: str(answers.get(name) or ref.NOT_KNOWN) for name in ANSWERS}
    for name, vocabulary in ANSWERS.items():
        if given[name] not in dict(vocabulary):
            raise ValidationError({name: "Select an answer from the list"})
    age = answers.get("approximate_age")
    if age is not None and (not isinstance(age, int) or age not in AGE_BAND_STARTS):
        raise ValidationError({"approximate_age": "Select an age band from the list"})
    return EqualityAnswers.objects.create(**given, approximate_age=age)


def _choice(value: str, vocabulary: ref.Choices, field: str, message: str) -> None:
    if value not in dict(vocabulary):
        raise ValidationError({field: message})


@transaction.atomic
def record_feedback(
    actor: User,
    service: Service,
    *,
    received_on: date,
    kind: str,
    channel: str,
    what_was_said: str,
    wants_linked: bool = False,
    case: Case | None = None,
    answers: Mapping[str, object] | None = None,
    actions_taken: str = "",
) -> Feedback:
    """Record a compliment, comment or suggestion about ``service``."""
    _choice(kind, FEEDBACK_KINDS, "kind", "Select the kind of feedback")
    _choice(channel, CHANNELS, "channel", "Select how it was received")
    _refuse_problems({"received_on": future_problem(received_on, "The date received")})
    if not what_was_said.strip():
        raise ValidationError({"what_was_said": "Enter what was said"})
    _check_link(service, wants_linked, case)
    feedback = Feedback.objects.create(
        agency=service.agency,
        service=service,
        received_on=received_on,
        kind=kind,
        channel=channel,
        what_was_said=what_was_said.strip(),
        wants_linked=wants_linked,
        case=case,
        equality=_equality(case, answers or {}, received_on),
        actions_taken=actions_taken.strip(),
        recorded_by=actor,
    )
    audit.record(
        "feedback.recorded",
        actor=actor,
        agency=service.agency,
        target=feedback,
        changes=["received_on", "kind", "channel", "what_was_said", "case", "actions_taken"],
    )
    return feedback


@transaction.atomic
def record_feedback_actions(actor: User, feedback: Feedback, actions_taken: str) -> Feedback:
    """What was done in answer to the feedback."""
    if not actions_taken.strip():
        raise ValidationError({"actions_taken": "Enter the actions taken or the response"})
    feedback.actions_taken = actions_taken.strip()
    feedback.save(update_fields=["actions_taken", "updated_at"])
    audit.record(
        "feedback.actions_recorded",
        actor=actor,
        agency=feedback.agency,
        target=feedback,
        changes=["actions_taken"],
    )
    return feedback


# Complaints -----------------------------------------------------------------------------------


def stage_names() -> list[str]:
    return list(settings.COMPLAINT_STAGES)


def _new_stage(complaint: Complaint, number: int, began_on: date) -> ComplaintStage:
    acknowledge_by = due_by(began_on, settings.COMPLAINT_ACKNOWLEDGE_DAYS)
    assert acknowledge_by is not None  # the setting is at least 1
    stage = ComplaintStage.objects.create(
        agency=complaint.agency,
        complaint=complaint,
        number=number,
        name=settings.COMPLAINT_STAGES[number - 1],
        began_on=began_on,
        acknowledge_by=acknowledge_by,
        respond_by=due_by(began_on, settings.COMPLAINT_RESPONSE_DAYS[number - 1]),
    )
    complaint.current_stage = stage
    complaint.save(update_fields=["current_stage", "updated_at"])
    return stage


@transaction.atomic
def log_complaint(
    actor: User,
    service: Service,
    *,
    received_on: date,
    channel: str,
    summary: str,
    wants_linked: bool = False,
    case: Case | None = None,
    answers: Mapping[str, object] | None = None,
) -> Complaint:
    """Log a complaint about ``service``: its first stage begins the day it was received,
    with the targets to acknowledge and answer it set now."""
    _choice(channel, CHANNELS, "channel", "Select how it was received")
    _refuse_problems({"received_on": future_problem(received_on, "The date received")})
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary of the complaint"})
    _check_link(service, wants_linked, case)
    complaint = Complaint.objects.create(
        agency=service.agency,
        service=service,
        received_on=received_on,
        channel=channel,
        summary=summary.strip(),
        wants_linked=wants_linked,
        case=case,
        equality=_equality(case, answers or {}, received_on),
        recorded_by=actor,
    )
    _new_stage(complaint, 1, received_on)
    audit.record(
        "complaint.logged",
        actor=actor,
        agency=service.agency,
        target=complaint,
        changes=["received_on", "channel", "summary", "case", "stage"],
    )
    return complaint


def _locked_stage(complaint: Complaint) -> ComplaintStage:
    """The complaint's current stage, locked against a colleague changing it at once."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    assert locked.current_stage_id is not None
    return ComplaintStage.objects.select_for_update().get(pk=locked.current_stage_id)


@transaction.atomic
def acknowledge_complaint(actor: User, complaint: Complaint, *, acknowledged_on: date) -> None:
    """The day the complainant was told their complaint at this stage was received."""
    stage = _locked_stage(complaint)
    if stage.acknowledged_on is not None:
        raise ValidationError("This stage of the complaint has already been acknowledged")
    _refuse_problems(
        {
            "acknowledged_on": future_problem(acknowledged_on, "The date acknowledged")
            or early_problem(
                acknowledged_on, stage.began_on, "The date acknowledged", "the stage began"
            )
        }
    )
    stage.acknowledged_on = acknowledged_on
    stage.save(update_fields=["acknowledged_on", "updated_at"])
    audit.record(
        "complaint.acknowledged",
        actor=actor,
        agency=complaint.agency,
        target=complaint,
        changes=["acknowledged_on"],
        reason=stage.name,
    )


@transaction.atomic
def respond_to_complaint(
    actor: User,
    complaint: Complaint,
    *,
    responded_on: date,
    outcome: str,
    response: str = "",
    lessons: str = "",
) -> None:
    """The stage's answer: its date, outcome, what was said and the lessons learnt. A
    response not preceded by an acknowledgement acknowledges the complaint that day."""
    stage = _locked_stage(complaint)
    if stage.responded_on is not None:
        raise ValidationError("This stage of the complaint has already been answered")
    _choice(outcome, OUTCOMES, "outcome", "Select the outcome")
    earliest = stage.acknowledged_on or stage.began_on
    what = "it was acknowledged" if stage.acknowledged_on else "the stage began"
    _refuse_problems(
        {
            "responded_on": future_problem(responded_on, "The date of the response")
            or early_problem(responded_on, earliest, "The date of the response", what)
        }
    )
    stage.responded_on = responded_on
    stage.acknowledged_on = stage.acknowledged_on or responded_on
    stage.outcome = outcome
    stage.response = response.strip()
    stage.lessons = lessons.strip()
    stage.save()
    audit.record(
        "complaint.responded",
        actor=actor,
        agency=complaint.agency,
        target=complaint,
        changes=["responded_on", "outcome", "response", "lessons"],
        reason=stage.name,
    )


def can_escalate(stage: ComplaintStage | None) -> bool:
    return (
        stage is not None
        and stage.responded_on is not None
        and stage.outcome != WITHDRAWN
        and stage.number < len(settings.COMPLAINT_STAGES)
    )


@transaction.atomic
def escalate_complaint(actor: User, complaint: Complaint, *, began_on: date) -> ComplaintStage:
    """The complainant took it further: the next stage begins, with targets of its own."""
    stage = _locked_stage(complaint)
    if not can_escalate(stage):
        raise ValidationError(
            "A complaint can go to its next stage only once this stage has been answered, "
            "and not when it was withdrawn or is at its last stage"
        )
    assert stage.responded_on is not None
    _refuse_problems(
        {
            "began_on": future_problem(began_on, "The date it was taken further")
            or early_problem(
                began_on, stage.responded_on, "The date it was taken further", "the response"
            )
        }
    )
    complaint.refresh_from_db()
    following = _new_stage(complaint, stage.number + 1, began_on)
    audit.record(
        "complaint.escalated",
        actor=actor,
        agency=complaint.agency,
        target=complaint,
        changes=["stage"],
        reason=following.name,
    )
    return following


# Involvement ----------------------------------------------------------------------------------

ACTIVITY_FIELDS = [
    "held_on",
    "title",
    "kind",
    "survivors_involved",
    "what_was_asked",
    "what_changed",
    "change_status",
]


def _check_activity(values: Mapping[str, object]) -> None:
    _choice(str(values["kind"]), ACTIVITY_KINDS, "kind", "Select the kind of activity")
    _choice(
        str(values["change_status"]),
        CHANGE_STATUSES,
        "change_status",
        "Select the status of the change",
    )
    held_on = values["held_on"]
    assert isinstance(held_on, date)
    _refuse_problems({"held_on": future_problem(held_on, "The date")})
    if not str(values["title"]).strip():
        raise ValidationError({"title": "Enter a title"})
    if not str(values["what_was_asked"]).strip():
        raise ValidationError({"what_was_asked": "Enter what survivors were asked"})


@transaction.atomic
def record_activity(actor: User, agency: Agency, **values: object) -> InvolvementActivity:
    """Add an involvement activity to the register, kept by ``agency``."""
    _check_activity(values)
    activity = InvolvementActivity(agency=agency, recorded_by=actor, **values)
    activity.full_clean()
    activity.save()
    audit.record(
        "involvement.recorded", actor=actor, agency=agency, target=activity, changes=ACTIVITY_FIELDS
    )
    return activity


@transaction.atomic
def update_activity(
    actor: User, activity: InvolvementActivity, **values: object
) -> InvolvementActivity:
    """Change an activity: most often, what changed as a result and how far it has got."""
    _check_activity(values)
    changed = [name for name in ACTIVITY_FIELDS if getattr(activity, name) != values[name]]
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, values[name])
    activity.full_clean()
    activity.save()
    audit.record(
        "involvement.changed",
        actor=actor,
        agency=activity.agency,
        target=activity,
        changes=changed,
    )
    return activity
