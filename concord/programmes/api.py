"""Family-service and perpetrator-programme records of a case through the API: the same
scope, roles, services and audit as the pages. Family records are kept only on cases at a
family service and programme records only on cases at a perpetrator programme: any other
case is 404, as on the pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Annotated
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from ninja import Field, Schema, Status

from concord.accounts.http import ConcordRequest
from concord.cases.api import ChildIn, adding_child
from concord.cases.models import Case
from concord.cases.scope import CasesScope
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice, one_of
from concord.people import reference as ref
from concord.programmes import checks, services
from concord.programmes import vocabulary as v
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
    children_of,
    family_relations,
)
from concord.programmes.presenters import programme_record_of

family_router = ApiRouter(tags=["family service"])
programme_router = ApiRouter(tags=["perpetrator programme"])

YES_NO_NOT_KNOWN = one_of(ref.YES_NO_NOT_KNOWN)
#: A number of sessions, as the pages accept it.
Count = Annotated[int, Field(ge=0, le=500)]


def _case(
    request: ConcordRequest[CasesScope],
    case_id: UUID,
    rule_name: str,
    kept_at: Callable[[Case], bool],
) -> Case:
    """A case of the kind of service the records are kept at: 403 for a role the rule
    refuses, 404 for a case outside the agency or at another kind of service."""
    if not rules.test_rule(rule_name, request.membership):
        raise PermissionDenied
    case = request.scope.case(case_id)
    if not kept_at(case):
        raise Http404
    return case


# Family service ------------------------------------------------------------------------------


class RiskAssessmentOut(Schema):
    id: UUID
    assessed_on: date
    level: str = Field(description=one_of(v.RISK_LEVELS))
    completed_by: str

    @staticmethod
    def resolve_completed_by(assessment: ChildRiskAssessment) -> str:
        return str(assessment.completed_by)


class AttendanceOut(Schema):
    id: UUID
    kind: str = Field(description=one_of(v.ATTENDANCE_KINDS))
    sessions_attended: int
    first_session_on: date
    last_session_on: date


class CaseChildOut(Schema):
    id: UUID
    person_id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    age: int | None = Field(description="Today, from the date of birth or approximate age")
    role: str = Field(description=one_of(v.CHILD_ROLES))
    self_harm: str = Field(description=YES_NO_NOT_KNOWN)
    suicidal_feelings: str = Field(description=YES_NO_NOT_KNOWN)
    forced_marriage_risk: str = Field(description=YES_NO_NOT_KNOWN)
    using_violence_at_home: str = Field(description=YES_NO_NOT_KNOWN)
    flags_asked_on: date | None = Field(description="When the concerns were last asked about")
    risk_assessments: list[RiskAssessmentOut]
    attendances: list[AttendanceOut]

    @staticmethod
    def resolve_given_name(child: CaseChild) -> str:
        return child.person.given_name

    @staticmethod
    def resolve_family_name(child: CaseChild) -> str:
        return child.person.family_name

    @staticmethod
    def resolve_date_of_birth(child: CaseChild) -> date | None:
        return child.person.date_of_birth

    @staticmethod
    def resolve_age(child: CaseChild) -> int | None:
        return child.person.age_on(timezone.localdate())


class ChildRiskAssessmentIn(Input):
    assessed_on: date
    level: Annotated[str, choice(v.RISK_LEVELS)]


class ChildConcernsIn(Input):
    asked_on: date
    self_harm: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN
    suicidal_feelings: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN
    forced_marriage_risk: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN
    using_violence_at_home: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN


class ChildSessionsIn(Input):
    kind: Annotated[str, choice(v.ATTENDANCE_KINDS)]
    sessions_attended: Count
    first_session_on: date
    last_session_on: date | None = Field(default=None, description="Empty for a single session")


def _family_case(request: ConcordRequest[CasesScope], case_id: UUID, rule_name: str) -> Case:
    return _case(request, case_id, rule_name, services.is_family_case)


def _child(request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID) -> CaseChild:
    """One child on a family case whom the user may record on; 404 for any other."""
    case = _family_case(request, case_id, "programmes.record")
    child = (
        children_of(case)
        .visible_to(request.user)
        .select_related("person")
        .filter(pk=child_id)
        .first()
    )
    if child is None:
        raise Http404
    return child


@family_router.get(
    "/{case_id}/family/children",
    response=list[CaseChildOut],
    summary="The children and young people on a family-service case (the read is audited)",
)
def list_children(request: ConcordRequest[CasesScope], case_id: UUID) -> list[CaseChild]:
    case = _family_case(request, case_id, "programmes.view_records")
    prefetch_related_objects([case], *family_relations(request.user))
    return list(children_of(case))


@family_router.post(
    "/{case_id}/family/children",
    response={201: CaseChildOut},
    summary="Put a child or young person on a family-service case",
)
def add_child(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ChildIn
) -> Status[CaseChild]:
    case = _family_case(request, case_id, "programmes.record")
    actor = request.user
    child = adding_child(
        request,
        payload,
        existing=lambda person, role: services.add_child(actor, case, person, role=role),
        new=lambda details: services.add_new_child(actor, case, **details),
    )
    return Status(201, child)


@family_router.post(
    "/{case_id}/family/children/{child_id}/risk-assessments",
    response={201: RiskAssessmentOut},
    summary="Record a child's risk assessment",
)
def add_child_risk_assessment(
    request: ConcordRequest[CasesScope],
    case_id: UUID,
    child_id: UUID,
    payload: ChildRiskAssessmentIn,
) -> Status[ChildRiskAssessment]:
    child = _child(request, case_id, child_id)
    values = payload.dict()
    return Status(201, services.record_child_risk_assessment(request.user, child, **values))


@family_router.put(
    "/{case_id}/family/children/{child_id}/concerns",
    response=CaseChildOut,
    summary="Record the concerns asked about a child: self-harm, suicidal feelings, forced "
    "marriage, using violence at home",
)
def record_child_concerns(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID, payload: ChildConcernsIn
) -> CaseChild:
    child = _child(request, case_id, child_id)
    return services.record_child_flags(request.user, child, **payload.dict())


@family_router.post(
    "/{case_id}/family/children/{child_id}/sessions",
    response={201: AttendanceOut},
    summary="Record group work, crèche or one-to-one sessions a child attended",
)
def add_child_sessions(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID, payload: ChildSessionsIn
) -> Status[ChildAttendance]:
    child = _child(request, case_id, child_id)
    return Status(201, services.record_child_attendance(request.user, child, **payload.dict()))


# Perpetrator programme -----------------------------------------------------------------------


class ProgrammeOut(Schema):
    """The programme record of a case. Before anything is recorded (``recorded`` false),
    the referral is taken as received on the day the case was referred."""

    recorded: bool
    referral_received_on: date
    assessment_on: date | None
    assessment_attendance: str = Field(description=one_of(v.ASSESSMENT_ATTENDANCE))
    assessment_outcome: str = Field(description=one_of(v.ASSESSMENT_OUTCOMES))
    unsuitable_reason: str = Field(description=one_of(v.UNSUITABLE_REASONS))
    sessions_offered: int
    sessions_attended: int
    completion: str = Field(description=one_of(v.COMPLETIONS))
    completion_on: date | None
    left_early_reason: str = Field(description=one_of(v.LEFT_EARLY_REASONS))
    complex_needs: str = Field(description=YES_NO_NOT_KNOWN)
    has_children: str = Field(description=YES_NO_NOT_KNOWN)
    number_of_children: int | None
    child_protection_threshold: str = Field(description=YES_NO_NOT_KNOWN)
    partner_support_offered: str = Field(description=one_of(v.YES_NO))
    partner_prior_support: str = Field(description=YES_NO_NOT_KNOWN)
    referred_to_idva_on: date | None
    referred_to_marac_on: date | None


class ProgrammeReferralIn(Input):
    referral_received_on: date


class ProgrammeAssessmentIn(Input):
    assessment_on: date
    assessment_attendance: Annotated[str, choice(v.ASSESSMENT_ATTENDANCE)]
    assessment_outcome: Annotated[str, choice(v.ASSESSMENT_OUTCOMES, blank=True)] = Field(
        default="", description="Empty until decided"
    )
    unsuitable_reason: Annotated[str, choice(v.UNSUITABLE_REASONS, blank=True)] = Field(
        default="", description="Only when not suitable"
    )


class ProgrammeSessionsIn(Input):
    sessions_offered: Count
    sessions_attended: Count


class ProgrammeCompletionIn(Input):
    completion: Annotated[str, choice(v.COMPLETIONS)]
    completion_on: date
    left_early_reason: Annotated[str, choice(v.LEFT_EARLY_REASONS, blank=True)] = Field(
        default="", description="Only when they left early"
    )


class ProgrammeChildrenAndNeedsIn(Input):
    complex_needs: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)]
    has_children: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)]
    child_protection_threshold: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)]
    number_of_children: int | None = Field(
        default=None, ge=0, le=500, description="Only if the person has children"
    )


class PartnerSupportIn(Input):
    partner_support_offered: Annotated[str, choice(v.YES_NO)]
    partner_prior_support: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)]


class OnwardReferralsIn(Input):
    referred_to_idva_on: date | None = None
    referred_to_marac_on: date | None = None


def _programme_case(request: ConcordRequest[CasesScope], case_id: UUID, rule_name: str) -> Case:
    return _case(request, case_id, rule_name, services.is_programme_case)


def _shown(record: ProgrammeRecord) -> ProgrammeOut:
    values = {field: getattr(record, field) for field in checks.PROGRAMME_FIELDS}
    return ProgrammeOut(recorded=True, **values)


def _record(
    request: ConcordRequest[CasesScope],
    case_id: UUID,
    record: Callable[..., ProgrammeRecord],
    payload: Schema,
) -> ProgrammeOut:
    """Record one part of the programme record through its service."""
    case = _programme_case(request, case_id, "programmes.record")
    return _shown(record(request.user, case, **payload.dict()))


@programme_router.get(
    "/{case_id}/perpetrator-programme",
    response=ProgrammeOut,
    summary="The programme record of a case at a perpetrator programme (the read is audited)",
)
def get_programme(request: ConcordRequest[CasesScope], case_id: UUID) -> ProgrammeOut:
    case = _programme_case(request, case_id, "programmes.view_records")
    prefetch_related_objects([case], "programme_record")
    record = programme_record_of(case)
    if record is not None:
        return _shown(record)
    received = timezone.localtime(case.referred_at).date()
    return ProgrammeOut(recorded=False, **asdict(checks.Programme(referral_received_on=received)))


@programme_router.put(
    "/{case_id}/perpetrator-programme/referral",
    response=ProgrammeOut,
    summary="Record or correct when the programme received the referral",
)
def programme_referral(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ProgrammeReferralIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_programme_referral, payload)


@programme_router.put(
    "/{case_id}/perpetrator-programme/assessment",
    response=ProgrammeOut,
    summary="Record the assessment appointment: attended or not, suitable or not (why not)",
)
def programme_assessment(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ProgrammeAssessmentIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_programme_assessment, payload)


@programme_router.put(
    "/{case_id}/perpetrator-programme/sessions",
    response=ProgrammeOut,
    summary="Record the sessions offered and attended so far",
)
def programme_sessions(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ProgrammeSessionsIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_programme_sessions, payload)


@programme_router.put(
    "/{case_id}/perpetrator-programme/completion",
    response=ProgrammeOut,
    summary="Record how the programme ended: completed, or left early with the reason",
)
def programme_completion(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ProgrammeCompletionIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_programme_completion, payload)


@programme_router.put(
    "/{case_id}/perpetrator-programme/children-and-needs",
    response=ProgrammeOut,
    summary="Record complex needs, children and the child-protection threshold",
)
def programme_children_and_needs(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ProgrammeChildrenAndNeedsIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_programme_children_and_needs, payload)


@programme_router.put(
    "/{case_id}/perpetrator-programme/partner-support",
    response=ProgrammeOut,
    summary="Record support offered to the partner (the victim or survivor)",
)
def programme_partner_support(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: PartnerSupportIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_partner_support, payload)


@programme_router.put(
    "/{case_id}/perpetrator-programme/onward-referrals",
    response=ProgrammeOut,
    summary="Record when the partner was referred to an IDVA and the case to MARAC",
)
def programme_onward_referrals(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: OnwardReferralsIn
) -> ProgrammeOut:
    return _record(request, case_id, services.record_onward_referrals, payload)
