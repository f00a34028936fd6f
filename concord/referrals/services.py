"""Every write to consent records and referrals. Each runs in one transaction, takes the
acting user (or, for a decision on a referral, the membership acted in, since the side
matters), checks the domain's rules and writes its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service, User
from concord.cases import child_services
from concord.cases import lifecycle as case_lifecycle
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case, CaseChild
from concord.cases.vocabulary import CHILD_OF_VICTIM
from concord.core import audit
from concord.core.lifecycle import IllegalTransition
from concord.core.presenters import govuk_date
from concord.core.validators import not_before, not_in_future
from concord.people import reference as ref
from concord.people import services as people_services
from concord.people.models import Person
from concord.referrals import lifecycle
from concord.referrals.consent import ConsentProblem
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import DECISIONS, OWN_REFERRAL, Consent, Referral, ReferredChild
from concord.referrals.vocabulary import (
    CONSENT_PURPOSES,
    REFERRAL_PURPOSE,
    SAFEGUARDING_BASES,
    referral_source_for,
)

NO_LAWFUL_BASIS = (
    "Choose the person's consent to this referral, or a safeguarding basis for sharing without it"
)
OR_ELSE = "Record the person's consent now, or choose a safeguarding basis for sharing without it"


# Consent ------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(
    actor: User,
    person: Person,
    *,
    purpose: str,
    given: bool,
    given_on: date,
    expires_on: date | None = None,
    agencies: Iterable[Agency] = (),
    outside_agency: str = "",
) -> Consent:
    """Record a person's consent, or refusal, for one purpose. Naming no agency means the
    consent covers any agency for that purpose."""
    if purpose not in dict(CONSENT_PURPOSES):
        raise ValidationError({"purpose": "Select what the consent is for"})
    not_in_future(given_on, "given_on", "The date of the decision")
    if expires_on is not None and expires_on <= given_on:
        raise ValidationError({"expires_on": "The expiry date must be after the date decided"})
    consent = Consent(
        agency=person.agency,
        person=person,
        purpose=purpose,
        given=given,
        given_on=given_on,
        expires_on=expires_on,
        outside_agency=" ".join(outside_agency.split()),
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    consent.agencies.set(list(agencies))
    audit.record(
        "consent.recorded",
        actor=actor,
        agency=person.agency,
        target=consent,
        changes=["purpose", "given", "given_on", "expires_on", "agencies", "outside_agency"],
        reason="given" if given else "refused",
    )
    return consent


@transaction.atomic
def withdraw_consent(actor: User, consent: Consent, *, withdrawn_on: date) -> Consent:
    """The person withdrew consent they had given: it stops allowing sharing that day, and
    referrals made with it that are still waiting are withdrawn, so nothing more is shared."""
    if not consent.given:
        raise ValidationError("The person refused this consent, so there is nothing to withdraw")
    if consent.withdrawn_on is not None:
        raise ValidationError(
            f"This consent was already withdrawn on {govuk_date(consent.withdrawn_on)}"
        )
    not_in_future(withdrawn_on, "withdrawn_on", "The date withdrawn")
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": "Consent cannot be withdrawn before it was given"})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit.record(
        "consent.withdrawn",
        actor=actor,
        agency=consent.agency,
        target=consent,
        changes=["withdrawn_on"],
    )
    for referral in consent.referrals.with_status(ReferralStatus.PENDING):
        lifecycle.check_transition(
            referral.status, ReferralStatus.WITHDRAWN, [lifecycle.Side.REFERRING]
        )
        referral.status = ReferralStatus.WITHDRAWN
        referral.decided_by, referral.decided_at = actor, timezone.now()
        referral.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit.record(
            "referral.withdrawn",
            actor=actor,
            agency=consent.agency,
            target=referral,
            changes=["status"],
            reason="consent_withdrawn",
        )
    return consent


def consent_problem(
    consent: Consent,
    case: Case,
    *,
    to_service: Service | None,
    outside_agency: str,
    day: date,
) -> str | None:
    """Why ``consent`` does not allow this referral, in words for the worker; or None."""
    if consent.person_id != case.person_id:
        return "The consent chosen is about someone else"
    if consent.purpose != REFERRAL_PURPOSE:
        return f"The consent chosen is for {consent.get_purpose_display().lower()}, not referral"
    problem = consent.problem_on(day)
    if problem == ConsentProblem.REFUSED:
        return "The person refused the consent chosen"
    if problem == ConsentProblem.WITHDRAWN:
        return f"The consent chosen was withdrawn on {govuk_date(consent.withdrawn_on)}"
    if problem == ConsentProblem.EXPIRED:
        return f"The consent chosen expired on {govuk_date(consent.expires_on)}"
    if problem == ConsentProblem.NOT_YET_GIVEN:
        return f"The consent chosen starts on {govuk_date(consent.given_on)}"
    receiving = to_service.agency if to_service is not None else None
    if not consent.covers(agency=receiving, outside_agency=outside_agency):
        return f"The consent chosen does not cover {receiving or outside_agency}"
    return None


# Referrals ----------------------------------------------------------------------------------


def _check_destination(case: Case, to_service: Service | None, outside_agency: str) -> None:
    if (to_service is None) == (not outside_agency):
        raise ValidationError(
            {"to_service": "Choose a service in Concord or name an agency outside it"}
        )
    if to_service is None:
        return
    if not (to_service.is_active and to_service.agency.is_active):
        raise ValidationError({"to_service": f"{to_service} is not taking referrals"})
    if to_service.pk == case.service_id:
        raise ValidationError({"to_service": "Choose a service other than this case's own"})
    already = Referral.objects.filter(
        case=case, to_service=to_service, status=ReferralStatus.PENDING
    )
    if already.exists():
        raise ValidationError({"to_service": f"This case already has a referral to {to_service}"})


def _check_lawful_basis(
    case: Case,
    *,
    to_service: Service | None,
    outside_agency: str,
    consent: Consent | None,
    safeguarding_basis: str,
    safeguarding_reason: str,
    day: date,
) -> None:
    """A referral needs consent valid on ``day`` covering where it goes, or a safeguarding
    basis and the reason for sharing without consent (DOMAIN §13)."""
    if consent is not None:
        if safeguarding_basis:
            raise ValidationError("Choose consent or a safeguarding basis, not both")
        problem = consent_problem(
            consent,
            case,
            to_service=to_service,
            outside_agency=outside_agency,
            day=day,
        )
        if problem:
            raise ValidationError({"consent": f"{problem}. {OR_ELSE}"})
        return
    if not safeguarding_basis:
        raise ValidationError({"consent": NO_LAWFUL_BASIS})
    if safeguarding_basis not in dict(SAFEGUARDING_BASES):
        raise ValidationError({"safeguarding_basis": "Select the safeguarding basis"})
    if not safeguarding_reason.strip():
        raise ValidationError(
            {"safeguarding_reason": "Give the reason for sharing without the person's consent"}
        )


def _check_historical(case: Case, referred_at: datetime) -> None:
    not_in_future(referred_at, "referred_at", "The date referred")
    not_before(
        referred_at,
        case.referred_at,
        "referred_at",
        "A referral from a case",
        "the case's own referral",
    )


@transaction.atomic
def make_referral(
    actor: User,
    case: Case,
    *,
    summary: str,
    to_service: Service | None = None,
    outside_agency: str = "",
    consent: Consent | None = None,
    safeguarding_basis: str = "",
    safeguarding_reason: str = "",
    referred_at: datetime | None = None,
    children: Iterable[CaseChild] = (),
) -> Referral:
    """Refer the person on ``case`` to a service in Concord (it waits in that service's
    inbox) or to an agency outside Concord (recorded as sent), with the case's
    ``children`` who go with them. Refused, with nothing saved, without valid consent
    covering the receiving agency or a safeguarding basis with a reason (the referral's
    lawful basis covers its children). Sharing without consent is audited with the basis
    as a code.

    A referral imported from the agency's history gives ``referred_at``: not in the
    future nor before the case's referral, the consent checked on that day, and the case
    may have closed since."""
    outside_agency = " ".join(outside_agency.split())
    summary = summary.strip()
    if referred_at is not None:
        _check_historical(case, referred_at)
    elif not case_lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before making a referral")
    referred_at = referred_at or timezone.now()
    _check_destination(case, to_service, outside_agency)
    if not summary:
        raise ValidationError({"summary": "Enter what the referral shares"})
    children = list(children)
    if any(child.case_id != case.pk for child in children):
        raise ValidationError({"children": "Choose children on this case"})
    _check_lawful_basis(
        case,
        to_service=to_service,
        outside_agency=outside_agency,
        consent=consent,
        safeguarding_basis=safeguarding_basis,
        safeguarding_reason=safeguarding_reason,
        day=timezone.localdate(referred_at),
    )
    person = case.person
    referral = Referral(
        agency=case.agency,
        case=case,
        referring_service=case.service,
        referred_by=actor,
        referred_at=referred_at,
        lead_professional=case.lead_professional,
        to_service=to_service,
        receiving_agency=to_service.agency if to_service else None,
        outside_agency=outside_agency,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        summary=summary,
        person_restricted=person.is_restricted,
        consent=consent,
        safeguarding_basis="" if consent else safeguarding_basis,
        safeguarding_reason="" if consent else safeguarding_reason.strip(),
        status=ReferralStatus.SENT if to_service is None else ReferralStatus.PENDING,
    )
    referral.full_clean()
    referral.save()
    ReferredChild.objects.bulk_create(_referred(referral, child) for child in children)
    if consent is not None:
        action, reason = "referral.made", "consent"
    else:
        action, reason = "referral.made_without_consent", safeguarding_basis
    audit.record(
        action,
        actor=actor,
        agency=case.agency,
        target=referral,
        changes=[
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "summary",
            *(["children"] if children else []),
        ],
        reason=reason,
    )
    return referral


def _referred(referral: Referral, child: CaseChild) -> ReferredChild:
    """What the referral shares about one child, copied from the referring record."""
    person = child.person
    return ReferredChild(
        agency=referral.agency,
        referral=referral,
        case_child=child,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        approximate_age=None if person.date_of_birth else person.age_on(timezone.localdate()),
        sex=person.sex,
        person_restricted=person.is_restricted,
    )


def _move(
    acting_as: Membership,
    referral: Referral,
    target: ReferralStatus,
    reason: str = "",
    decided_at: datetime | None = None,
) -> Referral:
    """Lock the referral, check the move, and record who made it and when: now, or at
    ``decided_at`` for a decision from the agency's history (an import)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    try:
        lifecycle.check_transition(
            locked.status, target, locked.sides_of(acting_as.agency_id), reason
        )
    except lifecycle.ReasonRequired as error:
        raise ValidationError({"reason": str(error)}) from None
    except (IllegalTransition, lifecycle.WrongSide) as error:
        raise ValidationError(str(error)) from None
    # A decision from the agency's history is recorded by whoever imports it, not made now.
    if target in DECISIONS and decided_at is None and locked.made_by(acting_as.user_id):
        raise ValidationError(OWN_REFERRAL)
    now = timezone.now()
    if decided_at is not None and not referral.referred_at <= decided_at <= now:
        raise ValidationError(
            {"decided_at": "The decision must be in the past and not before the referral"}
        )
    referral.status = target
    referral.decided_by = acting_as.user
    referral.decided_at = decided_at or now
    return referral


@transaction.atomic
def accept_referral(
    acting_as: Membership,
    referral: Referral,
    *,
    person: Person | None = None,
    case: Case | None = None,
    decided_at: datetime | None = None,
    named_workers: Iterable[User] = (),
) -> Case:
    """Take the person on: open a case at the receiving service, led by the worker who
    accepts. Link, never merge: the receiving agency gets a person record of its own made
    from what the referral shares (names, date of birth, sex), unless the worker chose
    someone already in its records. Within one agency the person's record is the same.
    A referral imported from the agency's history may name the ``case`` the receiving
    service opened for it instead: that case is linked and no other is opened.

    The record of a person restricted at the referring agency is restricted at the
    receiving one too, to the ``named_workers`` and the worker who accepts."""
    actor = acting_as.user
    _move(acting_as, referral, ReferralStatus.ACCEPTED, decided_at=decided_at)
    if case is None:
        case = _open_receiving_case(actor, referral, person, decided_at)
    else:
        _check_receiving_case(referral, case)
    if referral.person_restricted and case.agency_id != referral.agency_id:
        _restrict(actor, case.person, {actor, *named_workers})
    _add_referred_children(actor, referral, case, {actor, *named_workers}, decided_at)
    referral.created_case = case
    referral.save(
        update_fields=["status", "decided_by", "decided_at", "created_case", "updated_at"]
    )
    audit.record(
        "referral.accepted",
        actor=actor,
        agency=case.agency,
        target=referral,
        changes=["status", "created_case"],
    )
    return case


def _add_referred_children(
    actor: User,
    referral: Referral,
    case: Case,
    workers: set[User],
    decided_at: datetime | None,
) -> None:
    """Each child who came with the referral becomes a child of the victim on the
    receiving case: a person of the receiving agency made from what the referral shares
    (within one agency, the same person), restricted there if they were restricted."""
    on_case = set(CaseChild.objects.filter(case=case).values_list("person_id", flat=True))
    same_agency = case.agency_id == referral.agency_id
    for referred in referral.children.select_related("case_child__person"):
        if same_agency and referred.case_child is not None:
            person = referred.case_child.person
        else:
            person = people_services.record_person(
                actor,
                case.agency,
                given_name=referred.given_name,
                family_name=referred.family_name,
                date_of_birth=referred.date_of_birth,
                approximate_age=referred.approximate_age,
                sex=referred.sex,
                is_child_young_person=True,
            )
            if referred.person_restricted:
                _restrict(actor, person, set(workers))
        referred.received_person = person
        referred.save(update_fields=["received_person", "updated_at"])
        if person.pk in on_case:
            continue
        child_services.add_child(
            actor,
            case,
            person,
            role=CHILD_OF_VICTIM,
            historical=decided_at is not None,
            age_rule=_any_age,
        )


def _any_age(age: int | None, role: str, name: str) -> str | None:
    """A child referred is taken on at whatever age they are now: the referrer chose them."""
    return None


def _restrict(actor: User, person: Person, workers: set[User]) -> None:
    """Restrict the receiving agency's record of a restricted person to ``workers`` (and
    to any it was already restricted to)."""
    if person.is_restricted:
        workers |= set(person.named_workers.all())
    people_services.set_access(actor, person, restricted=True, named_workers=workers)


def _check_receiving_case(referral: Referral, case: Case) -> None:
    if case.service_id != referral.to_service_id:
        raise ValidationError({"case": f"Choose a case at {referral.to_service}"})
    same_agency = case.agency_id == referral.agency_id
    if same_agency and case.person_id != referral.case.person_id:
        raise ValidationError({"case": "Choose a case about the person referred"})


def _open_receiving_case(
    actor: User, referral: Referral, person: Person | None, opened_at: datetime | None
) -> Case:
    assert referral.to_service is not None and referral.receiving_agency is not None
    receiving = referral.receiving_agency
    if person is not None and person.agency_id != receiving.pk:
        raise ValidationError({"person": "Choose someone in your agency's records"})
    if person is None and receiving.pk == referral.agency_id:
        person = referral.case.person
    if person is None:
        person = people_services.record_person(
            actor,
            receiving,
            given_name=referral.given_name,
            family_name=referral.family_name,
            date_of_birth=referral.date_of_birth,
            sex=referral.sex,
            **_roles_of(referral.case.person),
        )
    case = case_services.open_case(
        actor,
        person,
        referral.to_service,
        referral_source=referral_source_for(referral.agency.kind),
        method_of_access="professional_referral",
        referred_at=referral.referred_at,
        lead_professional=actor,
    )
    case_services.change_status(actor, case, CaseStatus.OPEN, at=opened_at)
    return case


@transaction.atomic
def decline_referral(
    acting_as: Membership,
    referral: Referral,
    *,
    reason: str,
    decided_at: datetime | None = None,
) -> Referral:
    """Decline with a reason code; the referring agency sees the reason."""
    if reason and reason not in dict(ref.DECLINE_REASONS):
        raise ValidationError({"reason": "Select why the referral is declined"})
    _move(acting_as, referral, ReferralStatus.DECLINED, reason, decided_at)
    referral.decline_reason = reason
    referral.save(
        update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"]
    )
    audit.record(
        "referral.declined",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=referral,
        changes=["status", "decline_reason"],
        reason=reason,
    )
    return referral


@transaction.atomic
def withdraw_referral(
    acting_as: Membership, referral: Referral, *, decided_at: datetime | None = None
) -> Referral:
    """The referring agency takes back a referral that is still waiting."""
    _move(acting_as, referral, ReferralStatus.WITHDRAWN, decided_at=decided_at)
    referral.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        "referral.withdrawn",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=referral,
        changes=["status"],
    )
    return referral


def _roles_of(referred: Person) -> dict[str, bool]:
    """The roles the referred person plays (a perpetrator programme receives people causing
    harm); someone recorded with no role is referred as a victim/survivor."""
    roles = {
        "is_victim_survivor": referred.is_victim_survivor,
        "is_person_causing_harm": referred.is_person_causing_harm,
        "is_child_young_person": referred.is_child_young_person,
    }
    return roles if any(roles.values()) else {"is_victim_survivor": True}
