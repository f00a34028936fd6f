"""Referrals and consent through the API: the same scope, roles, services and audit as the
pages. A referral shows the receiving agency what it shares and nothing of the referring
agency's records: the referring case is named only to the agency that referred."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.pagination import paginate
from ninja.params import functions as param  # ninja.Query is typed only as an annotation

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency, AgencyKind, Service, User
from concord.cases.api import CaseOut
from concord.cases.models import Case, CaseChild
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice, fields_named, one_of
from concord.people import reference as ref
from concord.referrals import services
from concord.referrals.lifecycle import ReferralStatus, Side
from concord.referrals.models import (
    REFERRAL_RELATIONS,
    Consent,
    Referral,
    ReferralQuerySet,
    ReferredChild,
)
from concord.referrals.scope import ReferralsScope
from concord.referrals.vocabulary import CONSENT_PURPOSES, SAFEGUARDING_BASES

router = ApiRouter(tags=["referrals"])

# The services' names for what the API's bodies call ``…_id``.
REFERRAL_FIELDS = {"to_service": "to_service_id", "consent": "consent_id"}
# The inbox's lists, as on the Referrals page.
INBOX_STATUSES = (
    ReferralStatus.PENDING,
    ReferralStatus.ACCEPTED,
    ReferralStatus.DECLINED,
    ReferralStatus.WITHDRAWN,
)
INBOX_LISTS = [(status.value, status.label) for status in INBOX_STATUSES]


# Referrals -----------------------------------------------------------------------------------


class SharedPerson(Schema):
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str


class SharedChild(SharedPerson):
    approximate_age: int | None = Field(description="When the date of birth is not known")


class ReferralOut(Schema):
    """A referral as its page shows it to the agency asking."""

    id: UUID
    status: str = Field(description=one_of((s.value, s.label) for s in ReferralStatus))
    person: SharedPerson = Field(description="What the referral shares about the person")
    children: list[SharedChild] = Field(
        description="The children who go with the person, as the referral shares them"
    )
    referring_service: str
    referring_agency: str
    lead_professional: str | None = Field(
        description="The referring case's lead, so the person does not retell their story"
    )
    referred_by: str
    referred_at: datetime
    to_service_id: UUID | None
    to_service: str | None
    receiving_agency: str | None
    outside_agency: str = Field(description="An agency outside Concord, if referred to one")
    summary: str
    person_restricted: bool = Field(
        description="The person's record is restricted to named workers: at the receiving "
        "agency the referral is for service managers, who name on accepting the workers who "
        "may see the person"
    )
    consent_given_on: date | None = Field(description="When referred with the person's consent")
    safeguarding_basis: str = Field(description=one_of(SAFEGUARDING_BASES))
    safeguarding_reason: str
    decided_by: str | None
    decided_at: datetime | None
    decline_reason: str = Field(description=one_of(ref.DECLINE_REASONS))
    case_id: UUID | None = Field(description="The case referred from; only to the referring agency")
    created_case_id: UUID | None = Field(
        description="The case opened when accepted; only to the receiving agency"
    )
    next_steps: list[str] = Field(
        description="What you may do next (never accept or decline a referral you made)"
    )

    @staticmethod
    def resolve_person(referral: Referral) -> dict[str, Any]:
        return {
            "given_name": referral.given_name,
            "family_name": referral.family_name,
            "date_of_birth": referral.date_of_birth,
            "sex": referral.sex,
        }

    @staticmethod
    def resolve_children(referral: Referral) -> list[ReferredChild]:
        return list(referral.children.all())

    @staticmethod
    def resolve_referring_service(referral: Referral) -> str:
        return referral.referring_service.name

    @staticmethod
    def resolve_referring_agency(referral: Referral) -> str:
        return referral.agency.name

    @staticmethod
    def resolve_lead_professional(referral: Referral) -> str | None:
        return str(referral.lead_professional) if referral.lead_professional else None

    @staticmethod
    def resolve_referred_by(referral: Referral) -> str:
        return str(referral.referred_by)

    @staticmethod
    def resolve_to_service(referral: Referral) -> str | None:
        return referral.to_service.name if referral.to_service else None

    @staticmethod
    def resolve_receiving_agency(referral: Referral) -> str | None:
        return referral.receiving_agency.name if referral.receiving_agency else None

    @staticmethod
    def resolve_consent_given_on(referral: Referral) -> date | None:
        return referral.consent.given_on if referral.consent else None

    @staticmethod
    def resolve_decided_by(referral: Referral) -> str | None:
        return str(referral.decided_by) if referral.decided_by else None

    @staticmethod
    def resolve_case_id(referral: Referral, context: dict[str, Any]) -> UUID | None:
        referring = Side.REFERRING in _sides(referral, context)
        return referral.case_id if referring else None

    @staticmethod
    def resolve_created_case_id(referral: Referral, context: dict[str, Any]) -> UUID | None:
        receiving = Side.RECEIVING in _sides(referral, context)
        return referral.created_case_id if receiving else None

    @staticmethod
    def resolve_next_steps(referral: Referral, context: dict[str, Any]) -> list[str]:
        request: ConcordRequest[ReferralsScope] = context["request"]
        return [str(step) for step in referral.next_steps_for(request.membership)]


def _sides(referral: Referral, context: dict[str, Any]) -> set[Side]:
    request: ConcordRequest[ReferralsScope] = context["request"]
    return referral.sides_of(request.membership.agency_id)


class ReferralIn(Input):
    to_service_id: UUID | None = Field(default=None, description="A service in Concord")
    outside_agency: str = Field(
        default="", max_length=200, description="Or the name of an agency outside Concord"
    )
    summary: str = Field(max_length=1000, description="What the receiving service needs")
    consent_id: UUID | None = Field(
        default=None, description="The person's consent to this referral (record it first)"
    )
    safeguarding_basis: Annotated[str, choice(SAFEGUARDING_BASES, blank=True)] = Field(
        default="", description="Without consent"
    )
    safeguarding_reason: str = Field(
        default="", max_length=1000, description="Why it must be shared without consent"
    )
    child_ids: list[UUID] = Field(
        default_factory=list,
        description="The children on the case (GET /cases/{case_id}/children) who go with "
        "the person",
    )


class AcceptIn(Input):
    person_id: UUID | None = Field(
        default=None,
        description="Someone already in your agency's records (search first); leave it out "
        "to record the person from what the referral shares",
    )
    named_worker_ids: list[UUID] = Field(
        default_factory=list,
        description="For a restricted person (person_restricted): the users of your agency "
        "who may see your agency's record of them, besides you",
    )


class DeclineIn(Input):
    reason: Annotated[str, choice(ref.DECLINE_REASONS)]


def _to_service(service_id: UUID | None) -> Service | None:
    if service_id is None:
        return None
    service = Service.objects.select_related("agency").filter(pk=service_id).first()
    if service is None:
        raise ValidationError({"to_service_id": "Choose a service in Concord"})
    return service


def _consent(request: ConcordRequest[ReferralsScope], consent_id: UUID | None) -> Consent | None:
    """A consent of the user's agency, whose terms the service checks."""
    if consent_id is None:
        return None
    found = request.scope.consents.prefetch_related("agencies").filter(pk=consent_id).first()
    if found is None:
        raise ValidationError({"consent_id": "Choose a consent your agency recorded"})
    return found


def _children(
    request: ConcordRequest[ReferralsScope], case: Case, child_ids: list[UUID]
) -> list[CaseChild]:
    """The case's children chosen, as far as the user may see them."""
    found = {child.pk: child for child in request.scope.children_of(case).filter(pk__in=child_ids)}
    if set(child_ids) - set(found):
        raise ValidationError({"child_ids": "Choose children on this case"})
    return [found[child_id] for child_id in dict.fromkeys(child_ids)]


def _inbox_viewed(request: ConcordRequest[ReferralsScope]) -> None:
    """Lists of referrals are audited as the Referrals page is: that someone looked."""
    audit.record(
        "referrals.inbox_viewed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="referrals.referral",
    )


def _require(request: ConcordRequest[ReferralsScope], rule_name: str) -> None:
    if not rules.test_rule(rule_name, request.membership):
        raise PermissionDenied


@router.get(
    "/cases/{case_id}/referrals",
    response=list[ReferralOut],
    summary="Referrals made from a case",
)
def case_referrals(request: ConcordRequest[ReferralsScope], case_id: UUID) -> ReferralQuerySet:
    case = request.scope.case(case_id)
    return (
        request.scope.referrals.filter(case=case)
        .select_related(*REFERRAL_RELATIONS)
        .prefetch_related("children")
    )


@router.post(
    "/cases/{case_id}/referrals",
    response={201: ReferralOut},
    summary="Refer the person on a case, with their consent or a safeguarding basis",
)
def make_referral(
    request: ConcordRequest[ReferralsScope], case_id: UUID, payload: ReferralIn
) -> Status[Referral]:
    _require(request, "referrals.make_referral")
    case = request.scope.case(case_id)
    with fields_named(REFERRAL_FIELDS):
        referral = services.make_referral(
            request.user,
            case,
            summary=payload.summary,
            to_service=_to_service(payload.to_service_id),
            outside_agency=payload.outside_agency,
            consent=_consent(request, payload.consent_id),
            safeguarding_basis=payload.safeguarding_basis,
            safeguarding_reason=payload.safeguarding_reason,
            children=_children(request, case, payload.child_ids),
        )
    return Status(201, referral)


@router.get(
    "/referrals/inbox",
    response=list[ReferralOut],
    summary="Referrals to your services: waiting (pending), accepted, declined or withdrawn",
)
@paginate
def inbox(
    request: ConcordRequest[ReferralsScope],
    status: Annotated[str, choice(INBOX_LISTS)] = param.Query(ReferralStatus.PENDING),
) -> ReferralQuerySet:
    received = request.scope.inbox
    own_services = request.membership.services.all()
    if own_services.exists():
        received = received.to_services(own_services)
    _inbox_viewed(request)
    return (
        received.with_status(status)
        .select_related(*REFERRAL_RELATIONS)
        .prefetch_related("children")
    )


@router.get("/referrals/sent", response=list[ReferralOut], summary="Referrals your agency made")
@paginate
def sent(request: ConcordRequest[ReferralsScope]) -> ReferralQuerySet:
    referrals = request.scope.referrals.select_related(*REFERRAL_RELATIONS).prefetch_related(
        "children"
    )
    _inbox_viewed(request)
    return referrals


@router.get(
    "/referrals/{referral_id}",
    response=ReferralOut,
    summary="One referral your agency made or received (the read is audited)",
)
def get_referral(request: ConcordRequest[ReferralsScope], referral_id: UUID) -> Referral:
    return request.scope.referral(referral_id)


@router.post(
    "/referrals/{referral_id}/accept",
    response={201: CaseOut},
    summary="Accept a referral: opens a case at your service, led by you",
)
def accept(
    request: ConcordRequest[ReferralsScope], referral_id: UUID, payload: AcceptIn
) -> Status[Case]:
    referral = request.scope.received_referral(referral_id)
    person = request.scope.person(payload.person_id) if payload.person_id else None
    workers = list(User.objects.filter(pk__in=payload.named_worker_ids))
    if len(workers) != len(set(payload.named_worker_ids)):
        raise ValidationError({"named_worker_ids": "Name users of your agency"})
    with fields_named({"person": "person_id", "named_workers": "named_worker_ids"}):
        case = services.accept_referral(
            request.membership, referral, person=person, named_workers=workers
        )
    return Status(201, case)


@router.post(
    "/referrals/{referral_id}/decline",
    response=ReferralOut,
    summary="Decline a referral, with the reason",
)
def decline(
    request: ConcordRequest[ReferralsScope], referral_id: UUID, payload: DeclineIn
) -> Referral:
    referral = request.scope.received_referral(referral_id)
    return services.decline_referral(request.membership, referral, reason=payload.reason)


@router.post(
    "/referrals/{referral_id}/withdraw",
    response=ReferralOut,
    summary="Withdraw a referral your agency made that is still waiting",
)
def withdraw(request: ConcordRequest[ReferralsScope], referral_id: UUID) -> Referral:
    referral = request.scope.sent_referral(referral_id)
    return services.withdraw_referral(request.membership, referral)


# Consent -------------------------------------------------------------------------------------

# A consent's state when nothing stops it allowing sharing today.
VALID = "valid"


class ConsentOut(Schema):
    id: UUID
    person_id: UUID
    purpose: str = Field(description=one_of(CONSENT_PURPOSES))
    given: bool = Field(description="Given, or refused")
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None
    agency_ids: list[UUID] = Field(description="The agencies it covers; none means any agency")
    outside_agency: str
    state: str = Field(
        description="Whether it allows sharing today: valid, refused, not_yet_given, expired "
        "or withdrawn"
    )
    recorded_by: str

    @staticmethod
    def resolve_agency_ids(consent: Consent) -> list[UUID]:
        return [agency.pk for agency in consent.agencies.all()]

    @staticmethod
    def resolve_state(consent: Consent) -> str:
        return str(consent.problem_on(timezone.localdate()) or VALID)

    @staticmethod
    def resolve_recorded_by(consent: Consent) -> str:
        return str(consent.recorded_by)


class ConsentIn(Input):
    purpose: Annotated[str, choice(CONSENT_PURPOSES)]
    given: bool = Field(description="true when the person gave consent, false when refused")
    given_on: date = Field(description="The day the person gave or refused consent")
    expires_on: date | None = None
    agency_ids: list[UUID] = Field(
        default=[], description="Agencies in Concord it covers; none means any agency"
    )
    outside_agency: str = Field(default="", max_length=200, description="An agency outside Concord")


class WithdrawConsentIn(Input):
    withdrawn_on: date


def _agencies(agency_ids: list[UUID]) -> list[Agency]:
    """The agencies a consent may name: those in Concord that work with people."""
    wanted = set(agency_ids)
    found = list(
        Agency.objects.filter(pk__in=wanted, is_active=True).exclude(kind=AgencyKind.COMMISSIONER)
    )
    if len(found) != len(wanted):
        raise ValidationError({"agency_ids": "Choose agencies in Concord that work with people"})
    return found


@router.get(
    "/people/{person_id}/consents",
    response=list[ConsentOut],
    summary="A person's consent records",
)
def person_consents(request: ConcordRequest[ReferralsScope], person_id: UUID) -> list[Consent]:
    _require(request, "referrals.record_consent")
    person = request.scope.person(person_id)
    consents = request.scope.consents.for_person(person.pk)
    return list(consents.select_related("recorded_by").prefetch_related("agencies"))


@router.post(
    "/people/{person_id}/consents",
    response={201: ConsentOut},
    summary="Record a person's consent, or refusal, for one purpose",
)
def record_consent(
    request: ConcordRequest[ReferralsScope], person_id: UUID, payload: ConsentIn
) -> Status[Consent]:
    _require(request, "referrals.record_consent")
    person = request.scope.person(person_id)
    values = payload.dict(exclude={"agency_ids"})
    consent = services.record_consent(
        request.user, person, agencies=_agencies(payload.agency_ids), **values
    )
    return Status(201, consent)


@router.post(
    "/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="The person withdrew consent they gave: it stops allowing sharing that day",
)
def withdraw_consent(
    request: ConcordRequest[ReferralsScope], consent_id: UUID, payload: WithdrawConsentIn
) -> Consent:
    consent = request.scope.consent(consent_id)
    return services.withdraw_consent(request.user, consent, withdrawn_on=payload.withdrawn_on)
