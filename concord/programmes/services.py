"""Every write to family-service and perpetrator-programme records. Each runs in one
transaction, takes the acting user, checks the rules of concord.programmes.checks and
writes its audit event against the case, naming the fields changed, never their values.

Family-service records are kept only on cases at a family service, programme records only
on cases at a perpetrator programme; either kind is recorded only while the case is live,
except when imported from the agency's history.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import ServiceKind, User
from concord.cases import child_services, lifecycle
from concord.cases.models import Case
from concord.core import audit
from concord.people import reference as ref
from concord.people.models import Person
from concord.programmes import checks
from concord.programmes import vocabulary as v
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)

NOT_FAMILY_CASE = (
    "Family service records are kept on cases at a family service (0 to 19). "
    "This case is at another kind of service."
)
NOT_PROGRAMME_CASE = (
    "Perpetrator programme records are kept on cases at a perpetrator programme. "
    "This case is at another kind of service."
)


def is_family_case(case: Case) -> bool:
    return case.service.kind == ServiceKind.FAMILY


def is_programme_case(case: Case) -> bool:
    return case.service.kind == ServiceKind.PERPETRATOR_PROGRAMME


def _check_family_case(case: Case, historical: bool) -> None:
    """On a live family-service case; a record imported from the agency's history
    (``historical``) may be on a case closed since."""
    if not is_family_case(case):
        raise ValidationError(NOT_FAMILY_CASE)
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording family service work")


def _check_programme_case(case: Case, historical: bool) -> None:
    if not is_programme_case(case):
        raise ValidationError(NOT_PROGRAMME_CASE)
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording programme work")


def _raise(problems: checks.Problems) -> None:
    if problems:
        raise ValidationError(problems)


def _referred_on(case: Case) -> date:
    return timezone.localtime(case.referred_at).date()


# Family service ------------------------------------------------------------------------------


def _family_ages() -> dict[str, Any]:
    """The family service's own rule on a child's age (0 to 19, and the role's ages)."""
    return {"age_rule": checks.child_age_problem, "max_age": checks.FAMILY_SERVICE_MAX_AGE}


@transaction.atomic
def add_child(
    actor: User, case: Case, person: Person, *, role: str, historical: bool = False
) -> CaseChild:
    """Put a child or young person already in the agency's records on a family-service
    case (concord.cases.child_services.add_child, with the family service's ages)."""
    _check_family_case(case, historical)
    return child_services.add_child(
        actor, case, person, role=role, historical=historical, **_family_ages()
    )


@transaction.atomic
def add_new_child(actor: User, case: Case, **details: Any) -> CaseChild:
    """Record a child or young person new to the agency and put them on a family-service
    case (concord.cases.child_services.add_new_child, with the family service's ages)."""
    _check_family_case(case, historical=False)
    return child_services.add_new_child(actor, case, **details, **_family_ages())


@transaction.atomic
def record_child_risk_assessment(
    actor: User,
    child: CaseChild,
    *,
    assessed_on: date,
    level: str,
    completed_by: User | None = None,
    historical: bool = False,
) -> ChildRiskAssessment:
    """A child-specific risk assessment: when, the level (standard, medium or high) and who
    completed it (the acting worker unless another is named). Every one is kept."""
    case = child.case
    _check_family_case(case, historical)
    problems = checks.dates_problems(
        [(assessed_on, "assessed_on", "The date of the assessment")],
        today=timezone.localdate(),
        referred_on=_referred_on(case),
    )
    if level not in ref.codes(v.RISK_LEVELS):
        problems["level"] = "Select the level of risk"
    _raise(problems)
    assessment = ChildRiskAssessment.objects.create(
        agency=case.agency,
        case_child=child,
        assessed_on=assessed_on,
        level=level,
        completed_by=completed_by or actor,
    )
    audit.record(
        "family.child_risk_assessed",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["children.risk_assessments"],
    )
    return assessment


@transaction.atomic
def record_child_flags(
    actor: User, child: CaseChild, *, asked_on: date, historical: bool = False, **answers: str
) -> CaseChild:
    """The concerns asked about a child (self-harm, suicidal feelings, forced marriage,
    using violence at home), each yes, no or not known, and when they were asked."""
    case = child.case
    _check_family_case(case, historical)
    flags = ref.codes(v.CHILD_FLAGS)
    unknown = set(answers) - flags
    if unknown:
        raise ValidationError(f"Unknown concerns: {', '.join(sorted(unknown))}")
    problems = checks.dates_problems(
        [(asked_on, "asked_on", "The date asked")],
        today=timezone.localdate(),
        referred_on=_referred_on(case),
    )
    allowed = ref.codes(ref.YES_NO_NOT_KNOWN)
    full = {flag: answers.get(flag, ref.NOT_KNOWN) for flag in flags}
    problems |= {
        flag: "Select yes, no or not known" for flag, a in full.items() if a not in allowed
    }
    _raise(problems)
    return audit.save_changes(
        child,
        {**full, "flags_asked_on": asked_on},
        "family.child_flags_recorded",
        actor=actor,
        agency=case.agency,
        target=case,
        prefix="children.",
    )


@transaction.atomic
def record_child_attendance(
    actor: User,
    child: CaseChild,
    *,
    kind: str,
    sessions_attended: int,
    first_session_on: date,
    last_session_on: date | None = None,
    historical: bool = False,
) -> ChildAttendance:
    """Sessions a child attended (group work, crèche or one-to-one), from the first to the
    last; one session needs only its date."""
    case = child.case
    _check_family_case(case, historical)
    last_session_on = last_session_on or first_session_on
    problems = checks.dates_problems(
        [
            (first_session_on, "first_session_on", "The date of the first session"),
            (last_session_on, "last_session_on", "The date of the last session"),
        ],
        today=timezone.localdate(),
        referred_on=_referred_on(case),
    )
    problems = checks.attendance_problems(sessions_attended, first_session_on, last_session_on) | (
        problems
    )
    if kind not in ref.codes(v.ATTENDANCE_KINDS):
        problems["kind"] = "Select the kind of session"
    _raise(problems)
    attendance = ChildAttendance.objects.create(
        agency=case.agency,
        case_child=child,
        kind=kind,
        sessions_attended=sessions_attended,
        first_session_on=first_session_on,
        last_session_on=last_session_on,
    )
    audit.record(
        "family.child_attendance_recorded",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["children.attendances"],
    )
    return attendance


# Perpetrator programme -----------------------------------------------------------------------


def _update_programme(
    actor: User, case: Case, action: str, values: dict[str, Any], historical: bool
) -> ProgrammeRecord:
    """Change part of the case's programme record (made on first use, received on the day
    the case was referred until corrected) and check the record as a whole. A record
    imported from the agency's history (``historical``) may be on a case closed since."""
    _check_programme_case(case, historical)
    record, _ = ProgrammeRecord.objects.select_for_update().get_or_create(
        case=case,
        defaults={"agency": case.agency, "referral_received_on": _referred_on(case)},
    )
    return audit.save_changes(
        record,
        values,
        action,
        actor=actor,
        agency=case.agency,
        target=case,
        prefix="programme_record.",
        exclude=["case"],
        check=lambda updated: _check_programme(updated, changed=set(values)),
    )


def _check_programme(record: ProgrammeRecord, changed: set[str]) -> None:
    """The programme record as a whole, with the fields just given (``changed``) in place."""
    record.clean_fields(exclude=["case"])  # codes and numbers first, then the rules
    programme = checks.Programme(
        **{field: getattr(record, field) for field in checks.PROGRAMME_FIELDS}
    )
    _raise(checks.programme_problems(programme, today=timezone.localdate(), changed=changed))


@transaction.atomic
def record_programme_referral(
    actor: User, case: Case, *, referral_received_on: date, historical: bool = False
) -> ProgrammeRecord:
    """When the programme received the referral."""
    return _update_programme(
        actor,
        case,
        "programme.referral_recorded",
        {"referral_received_on": referral_received_on},
        historical,
    )


@transaction.atomic
def record_programme_assessment(
    actor: User,
    case: Case,
    *,
    assessment_on: date,
    assessment_attendance: str,
    assessment_outcome: str = "",
    unsuitable_reason: str = "",
    historical: bool = False,
) -> ProgrammeRecord:
    """The assessment appointment: its date, whether the person attended and, if they did,
    whether they are suitable (with the reason when they are not)."""
    return _update_programme(
        actor,
        case,
        "programme.assessment_recorded",
        {
            "assessment_on": assessment_on,
            "assessment_attendance": assessment_attendance,
            "assessment_outcome": assessment_outcome,
            "unsuitable_reason": unsuitable_reason,
        },
        historical,
    )


@transaction.atomic
def record_programme_sessions(
    actor: User,
    case: Case,
    *,
    sessions_offered: int,
    sessions_attended: int,
    historical: bool = False,
) -> ProgrammeRecord:
    """Sessions offered and attended so far; attended can never exceed offered."""
    return _update_programme(
        actor,
        case,
        "programme.sessions_recorded",
        {"sessions_offered": sessions_offered, "sessions_attended": sessions_attended},
        historical,
    )


@transaction.atomic
def record_programme_completion(
    actor: User,
    case: Case,
    *,
    completion: str,
    completion_on: date,
    left_early_reason: str = "",
    historical: bool = False,
) -> ProgrammeRecord:
    """How the programme ended: completed on a date, or left early on a date with a reason."""
    return _update_programme(
        actor,
        case,
        "programme.completion_recorded",
        {
            "completion": completion,
            "completion_on": completion_on,
            "left_early_reason": left_early_reason,
        },
        historical,
    )


@transaction.atomic
def record_programme_children_and_needs(
    actor: User,
    case: Case,
    *,
    complex_needs: str,
    has_children: str,
    child_protection_threshold: str,
    number_of_children: int | None = None,
    historical: bool = False,
) -> ProgrammeRecord:
    """Complex needs, children (and how many) and whether concerns about the children
    reached the child-protection threshold: each yes, no or not known."""
    return _update_programme(
        actor,
        case,
        "programme.children_and_needs_recorded",
        {
            "complex_needs": complex_needs,
            "has_children": has_children,
            "number_of_children": number_of_children,
            "child_protection_threshold": child_protection_threshold,
        },
        historical,
    )


@transaction.atomic
def record_partner_support(
    actor: User,
    case: Case,
    *,
    partner_support_offered: str,
    partner_prior_support: str,
    historical: bool = False,
) -> ProgrammeRecord:
    """Whether support was offered to the partner (the victim), and whether the partner
    had support from a service before."""
    return _update_programme(
        actor,
        case,
        "programme.partner_support_recorded",
        {
            "partner_support_offered": partner_support_offered,
            "partner_prior_support": partner_prior_support,
        },
        historical,
    )


@transaction.atomic
def record_onward_referrals(
    actor: User,
    case: Case,
    *,
    referred_to_idva_on: date | None = None,
    referred_to_marac_on: date | None = None,
    historical: bool = False,
) -> ProgrammeRecord:
    """When the programme referred the partner to an IDVA, and the case to MARAC."""
    return _update_programme(
        actor,
        case,
        "programme.onward_referrals_recorded",
        {"referred_to_idva_on": referred_to_idva_on, "referred_to_marac_on": referred_to_marac_on},
        historical,
    )
