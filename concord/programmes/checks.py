"""The rules of family-service and perpetrator-programme records (pure Python, no Django):
dates in order and never in the future, counts that add up, answers that fit together.
Each check returns problems as ``{field: message}``, empty when all is well; services turn
them into a ValidationError, so a page shows each message against its own field."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields
from datetime import date

from concord.programmes.vocabulary import (
    ATTENDED,
    CHILD_ROLE_AGES,
    COMPLETED,
    DID_NOT_ATTEND,
    LEFT_EARLY,
    SUITABLE,
    UNSUITABLE,
)

#: The family service works with children and young people aged 0 to 19 (DOMAIN §5).
FAMILY_SERVICE_MAX_AGE = 19

Problems = dict[str, str]


def dates_problems(
    days: Iterable[tuple[date | None, str, str]], *, today: date, referred_on: date
) -> Problems:
    """Each (day, field, label): not in the future and not before the case's referral."""
    problems: Problems = {}
    for day, field, label in days:
        if day is None:
            continue
        if day > today:
            problems[field] = f"{label} must be today or in the past"
        elif day < referred_on:
            problems[field] = f"{label} cannot be before the case was referred"
    return problems


# Family service ------------------------------------------------------------------------------


def child_age_problem(age: int | None, role: str, name: str) -> str | None:
    """Why a child of this age cannot be on a family-service case in this role, if so.
    An unknown age is never a problem: it is asked again when known."""
    if age is None:
        return None
    if age > FAMILY_SERVICE_MAX_AGE:
        return (
            f"The family service supports children and young people aged 0 to "
            f"{FAMILY_SERVICE_MAX_AGE}: {name} is {age}"
        )
    ages = CHILD_ROLE_AGES.get(role)
    if ages and not ages[0] <= age <= ages[1]:
        return f"{name} is {age}: this role is for young people aged {ages[0]} to {ages[1]}"
    return None


def attendance_problems(sessions_attended: int, first_on: date, last_on: date) -> Problems:
    problems: Problems = {}
    if sessions_attended < 1:
        problems["sessions_attended"] = "Enter the number of sessions attended, 1 or more"
    if last_on < first_on:
        problems["last_session_on"] = "The last session cannot be before the first"
    return problems


# Perpetrator programme -----------------------------------------------------------------------


@dataclass(frozen=True)
class Programme:
    """What a perpetrator-programme record holds, as the rules see it."""

    referral_received_on: date
    assessment_on: date | None = None
    assessment_attendance: str = ""
    assessment_outcome: str = ""
    unsuitable_reason: str = ""
    sessions_offered: int = 0
    sessions_attended: int = 0
    completion: str = ""
    completion_on: date | None = None
    left_early_reason: str = ""
    complex_needs: str = "not_known"
    has_children: str = "not_known"
    number_of_children: int | None = None
    child_protection_threshold: str = "not_known"
    partner_support_offered: str = ""
    partner_prior_support: str = "not_known"
    referred_to_idva_on: date | None = None
    referred_to_marac_on: date | None = None


PROGRAMME_FIELDS = tuple(field.name for field in fields(Programme))

DATE_LABELS = {
    "referral_received_on": "The date the referral was received",
    "assessment_on": "The date of the assessment",
    "completion_on": "The date completed or left",
    "referred_to_idva_on": "The date referred to an IDVA",
    "referred_to_marac_on": "The date referred to MARAC",
}

# (earlier field, later field, message on the later, message on the earlier)
ORDER = (
    (
        "referral_received_on",
        "assessment_on",
        "The assessment cannot be before the referral was received",
        "The referral cannot have been received after the assessment",
    ),
    (
        "assessment_on",
        "completion_on",
        "The date completed or left cannot be before the assessment",
        "The assessment cannot be after the date completed or left",
    ),
    (
        "referral_received_on",
        "referred_to_idva_on",
        "The referral to an IDVA cannot be before the programme's referral was received",
        "The referral cannot have been received after the referral to an IDVA",
    ),
    (
        "referral_received_on",
        "referred_to_marac_on",
        "The referral to MARAC cannot be before the programme's referral was received",
        "The referral cannot have been received after the referral to MARAC",
    ),
)


def programme_problems(
    programme: Programme, *, today: date, changed: Collection[str] = ()
) -> Problems:
    """Everything wrong with a programme record as a whole. A problem between two fields
    is told against the one just ``changed``, so correcting either shows it where typed."""
    p = programme
    problems: Problems = {}

    def problem(field: str, message: str) -> None:
        problems.setdefault(field, message)

    for field, label in DATE_LABELS.items():
        day = getattr(p, field)
        if day is not None and day > today:
            problem(field, f"{label} must be today or in the past")
    for earlier, later, on_later, on_earlier in ORDER:
        first, then = getattr(p, earlier), getattr(p, later)
        if first is not None and then is not None and then < first:
            if later in changed or earlier not in changed:
                problem(later, on_later)
            else:
                problem(earlier, on_earlier)

    # The assessment appointment: when, whether they came, and what it found.
    if p.assessment_on is None and p.assessment_attendance:
        problem("assessment_on", "Enter the date of the assessment appointment")
    if p.assessment_on is not None and not p.assessment_attendance:
        problem("assessment_attendance", "Select whether the person attended the assessment")
    if p.assessment_attendance == DID_NOT_ATTEND and p.assessment_outcome:
        problem("assessment_outcome", "Leave the outcome empty: the person did not attend")
    if p.assessment_outcome == UNSUITABLE and not p.unsuitable_reason:
        problem("unsuitable_reason", "Select why the person is not suitable")
    if p.unsuitable_reason and p.assessment_outcome != UNSUITABLE:
        problem("unsuitable_reason", "Give a reason only when the person is not suitable")
    suitable = p.assessment_attendance == ATTENDED and p.assessment_outcome == SUITABLE

    # Sessions.
    if p.sessions_attended > p.sessions_offered:
        problem("sessions_attended", "Sessions attended cannot be more than sessions offered")
    if p.sessions_offered and not suitable:
        problem(
            "sessions_offered",
            "Sessions are offered only after an assessment found the person suitable",
        )

    # Completion, or leaving early.
    if p.completion and p.completion_on is None:
        problem("completion_on", "Enter the date completed or left")
    if p.completion_on is not None and not p.completion:
        problem("completion", "Select whether the person completed the programme or left early")
    if p.completion and not suitable:
        problem(
            "completion",
            "Record an assessment that found the person suitable before the programme ends",
        )
    if p.completion == LEFT_EARLY and not p.left_early_reason:
        problem("left_early_reason", "Select why the person left early")
    if p.left_early_reason and p.completion != LEFT_EARLY:
        problem("left_early_reason", "Give a reason only when the person left early")
    if p.completion == COMPLETED and p.sessions_attended == 0 and p.sessions_offered:
        problem("completion", "Record the sessions attended before recording completion")

    # Children.
    if p.number_of_children is not None:
        if p.has_children != "yes":
            problem(
                "number_of_children",
                "Leave the number of children empty unless the person has children",
            )
        elif p.number_of_children < 1:
            problem("number_of_children", "The number of children must be 1 or more")
    return problems
