"""Every write to case records. Each runs in one transaction, takes the acting user, checks
the domain's rules (dates in order, lifecycle transitions) and writes its audit event."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.accounts.models import Agency, Service, User
from concord.cases import lifecycle, task_rules
from concord.cases.hours import ClosureDays, OfficeHours, is_out_of_hours, parse_office_hours
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import (
    Case,
    Contact,
    ExitReview,
    IntakeProfile,
    SafetyPlan,
    SafetyPlanAction,
    StatusChange,
    SupportOffer,
)
from concord.cases.vocabulary import AWAITING, GIVEN_ANSWERS, SAFETY_PLAN_AREAS, SUPPORT_KINDS
from concord.core import audit
from concord.core.lifecycle import IllegalTransition
from concord.core.validators import not_before, not_in_future
from concord.people import reference as ref
from concord.people.models import Person


@cache
def office_hours() -> OfficeHours:
    days, opens, closes = parse_office_hours(settings.OFFICE_HOURS)
    return OfficeHours(days, opens, closes, ClosureDays(frozenset(settings.EXTRA_HOLIDAY_DATES)))


def contact_is_out_of_hours(moment: datetime) -> bool:
    return is_out_of_hours(timezone.localtime(moment), office_hours())


def case_reference(agency: Agency, number: int) -> str:
    """The agency's ``number``-th case reference: HAVE-000042."""
    prefix = agency.slug.replace("-", "")[:4].upper()
    return f"{prefix}-{number:06d}"


def _new_reference(service: Service) -> str:
    return case_reference(service.agency, Case.objects.filter(agency=service.agency).count() + 1)


@transaction.atomic
def open_case(
    actor: User,
    person: Person,
    service: Service,
    *,
    referral_source: str,
    method_of_access: str,
    referred_at: datetime,
    lead_professional: User | None = None,
    abuse_types: Iterable[str] = (),
    relationship_to_person_causing_harm: str = "",
    multiple_perpetrators: str = "not_known",
    worked_by_idva: bool = False,
) -> Case:
    """Start an episode of support of ``person`` by ``service``; it begins as referred."""
    if service.agency_id != person.agency_id:
        raise ValidationError({"service": "Choose one of your agency's services"})
    not_in_future(referred_at, "referred_at", "The date referred")
    unknown = set(abuse_types) - ref.codes(ref.ABUSE_TYPES)
    if unknown:
        raise ValidationError({"abuse_types": f"Unknown abuse types: {', '.join(sorted(unknown))}"})
    case = Case(
        agency=person.agency,
        person=person,
        service=service,
        referral_source=referral_source,
        method_of_access=method_of_access,
        referred_at=referred_at,
        lead_professional=lead_professional or actor,
        abuse_types=sorted(set(abuse_types)),
        relationship_to_person_causing_harm=relationship_to_person_causing_harm,
        multiple_perpetrators=multiple_perpetrators,
        worked_by_idva=worked_by_idva,
    )
    case.reference = _new_reference(service)
    case.full_clean(exclude=["reference"])
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # another case took the number first
        case.reference = _new_reference(service)
        case.save()
    StatusChange.objects.create(
        agency=case.agency,
        case=case,
        from_status="",
        to_status=CaseStatus.REFERRED,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    audit.record("case.opened", actor=actor, agency=case.agency, target=case, changes=["status"])
    return case


@transaction.atomic
def change_status(
    actor: User,
    case: Case,
    target: CaseStatus | str,
    reason: str = "",
    *,
    at: datetime | None = None,
) -> Case:
    """Move a case along its lifecycle (see cases.lifecycle); illegal moves raise. A change
    from the agency's history (an import) gives the moment it happened as ``at``."""
    target = CaseStatus(target)
    try:
        lifecycle.check_transition(case.status, target, reason)
    except lifecycle.ReasonRequired as error:
        raise ValidationError({"reason": str(error)}) from None
    except IllegalTransition as error:
        raise ValidationError(str(error)) from None
    now = timezone.now() if at is None else _past_status_moment(case, at)
    previous = case.status
    case.status = target
    case.status_reason = reason
    if target == CaseStatus.OPEN:
        case.opened_at = case.opened_at or now
        case.closed_at = None
    elif target in (CaseStatus.CLOSED, CaseStatus.DECLINED, CaseStatus.NOT_ENGAGED):
        case.closed_at = now
    case.save(update_fields=["status", "status_reason", "opened_at", "closed_at", "updated_at"])
    StatusChange.objects.create(
        agency=case.agency,
        case=case,
        from_status=previous,
        to_status=target,
        reason=reason,
        changed_by=actor,
        changed_at=now,
    )
    audit.record(
        "case.status_changed",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["status"],
        reason=reason,
    )
    return case


def _past_status_moment(case: Case, at: datetime) -> datetime:
    """``at``, when a status change could have happened then: not in the future, not
    before the referral nor before the case's last change of status."""
    not_in_future(at, "at", "The change of status")
    not_before(at, case.referred_at, "at", "The change of status", "the referral")
    moves = case.status_changes.exclude(from_status="")  # not the referral being recorded
    last = moves.order_by("-changed_at").values_list("changed_at", flat=True)
    if last:
        not_before(at, last[0], "at", "The change of status", "the case's last change of status")
    return at


@transaction.atomic
def record_contact(
    actor: User,
    case: Case,
    *,
    channel: str,
    initiated_by: str,
    occurred_at: datetime,
    duration_minutes: int | None = None,
    notes: str = "",
    worker: User | None = None,
    historical: bool = False,
) -> Contact:
    """Record one contact. It cannot be before the referral or in the future; whether it was
    out of hours comes from the office-hours calendar. The first contact dates the case's
    time to first contact."""
    not_in_future(occurred_at, "occurred_at", "The time of the contact")
    not_before(occurred_at, case.referred_at, "occurred_at", "A contact", "the referral")
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording a contact")
    contact = Contact(
        agency=case.agency,
        case=case,
        channel=channel,
        initiated_by=initiated_by,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        worker=worker or actor,
        notes=notes,
        out_of_hours=contact_is_out_of_hours(occurred_at),
    )
    contact.full_clean()
    contact.save()
    if case.first_contact_at is None or occurred_at < case.first_contact_at:
        case.first_contact_at = occurred_at
        case.save(update_fields=["first_contact_at", "updated_at"])
    audit.record(
        "case.contact_recorded",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["contacts"],
    )
    return contact


def intake_answers(answers: dict[str, str]) -> dict[str, str]:
    """Every intake item answered yes, no or not known; items left out are not known."""
    items = ref.codes(ref.INTAKE_ITEMS)
    allowed = ref.codes(ref.YES_NO_NOT_KNOWN)
    unknown = set(answers) - items
    if unknown:
        raise ValidationError(f"Unknown intake items: {', '.join(sorted(unknown))}")
    bad = sorted(item for item, answer in answers.items() if answer not in allowed)
    if bad:
        raise ValidationError({item: "Answer yes, no or not known" for item in bad})
    return {item: answers.get(item, "not_known") for item in items}


@transaction.atomic
def record_intake_profile(
    actor: User,
    case: Case,
    *,
    assessed_on: date,
    answers: dict[str, str],
    number_of_children: int | None = None,
    children_ages: str = "",
) -> IntakeProfile:
    """The intake safeguarding profile; every item is yes, no or not known (DOMAIN §6)."""
    not_in_future(assessed_on, "assessed_on", "The date of the assessment")
    referred_on = timezone.localtime(case.referred_at).date()
    not_before(assessed_on, referred_on, "assessed_on", "The assessment", "the referral")
    full = intake_answers(answers)
    profile, created = IntakeProfile.objects.update_or_create(
        case=case,
        defaults={
            "agency": case.agency,
            "assessed_on": assessed_on,
            "assessed_by": actor,
            "answers": full,
            "number_of_children": number_of_children,
            "children_ages": children_ages,
        },
    )
    audit.record(
        "case.intake_profile_recorded" if created else "case.intake_profile_changed",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["intake_profile"],
    )
    return profile


@transaction.atomic
def record_intake_items(
    actor: User, case: Case, *, assessed_on: date, items: dict[str, str]
) -> IntakeProfile:
    """Set some intake items and keep the others: the risk assessment at intake sets "high
    risk" and "meets MARAC threshold" (concord.risk.services)."""
    profile = IntakeProfile.objects.filter(case=case).first()
    if profile is None:
        return record_intake_profile(actor, case, assessed_on=assessed_on, answers=items)
    profile.answers = intake_answers({**profile.answers, **items})
    profile.save(update_fields=["answers", "updated_at"])
    audit.record(
        "case.intake_profile_changed",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["intake_profile"],
    )
    return profile


@transaction.atomic
def record_safety_plan(
    actor: User,
    case: Case,
    *,
    created_on: date,
    areas: Iterable[str],
    notes: str = "",
    reviewed_on: date | None = None,
    completed_on: date | None = None,
    review_due_on: date | None = None,
    plan: SafetyPlan | None = None,
) -> SafetyPlan:
    """Make or update a safety plan; review and completion cannot come before creation.
    A review date sets (or moves) the plan's review task."""
    for day, field, label in (
        (created_on, "created_on", "The date made"),
        (reviewed_on, "reviewed_on", "The date reviewed"),
        (completed_on, "completed_on", "The date completed"),
    ):
        if day is not None:
            not_in_future(day, field, label)
    if reviewed_on and reviewed_on < created_on:
        raise ValidationError({"reviewed_on": "A plan cannot be reviewed before it was made"})
    if completed_on and completed_on < created_on:
        raise ValidationError({"completed_on": "A plan cannot be completed before it was made"})
    if review_due_on and review_due_on < created_on:
        raise ValidationError({"review_due_on": "A review cannot be due before the plan was made"})
    areas = sorted(set(areas))
    unknown = set(areas) - {code for code, _ in SAFETY_PLAN_AREAS}
    if unknown:
        raise ValidationError({"areas": f"Unknown plan areas: {', '.join(sorted(unknown))}"})
    if not areas:
        raise ValidationError({"areas": "Select at least one area the plan covers"})
    values: dict[str, Any] = {
        "created_on": created_on,
        "areas": areas,
        "notes": notes,
        "reviewed_on": reviewed_on,
        "completed_on": completed_on,
        "review_due_on": review_due_on,
    }
    if plan is None:
        plan = SafetyPlan.objects.create(agency=case.agency, case=case, **values)
        action = "case.safety_plan_made"
    else:
        for field, value in values.items():
            setattr(plan, field, value)
        plan.save()
        action = "case.safety_plan_changed"
    audit.record(action, actor=actor, agency=case.agency, target=case, changes=["safety_plans"])
    task_rules.run_for_case(case, task_rules.SAFETY_PLAN_REVIEW.name)
    return plan


@transaction.atomic
def add_safety_plan_action(
    actor: User, plan: SafetyPlan, *, description: str, owner: str, review_on: date
) -> SafetyPlanAction:
    """A step of a safety plan, with who owns it and when it is looked at again; its review
    date may bring the plan's review task forward."""
    if review_on < plan.created_on:
        raise ValidationError({"review_on": "A review cannot be due before the plan was made"})
    action = SafetyPlanAction.objects.create(
        agency=plan.agency,
        plan=plan,
        description=description,
        owner=owner,
        review_on=review_on,
        added_by=actor,
    )
    audit.record(
        "case.safety_plan_changed",
        actor=actor,
        agency=plan.agency,
        target=plan.case,
        changes=["safety_plans.actions"],
    )
    task_rules.run_for_case(plan.case, task_rules.SAFETY_PLAN_REVIEW.name)
    return action


@transaction.atomic
def record_exit_review(actor: User, case: Case, *, reviewed_on: date, **review: Any) -> ExitReview:
    """The exit review of a case (also used when importing closed cases)."""
    not_in_future(reviewed_on, "reviewed_on", "The date of the exit review")
    exit_review = ExitReview(agency=case.agency, case=case, reviewed_on=reviewed_on, **review)
    exit_review.full_clean(exclude=["case"])
    ExitReview.objects.filter(case=case).delete()  # a reopened case is reviewed again
    exit_review.save()
    audit.record(
        "case.exit_review_recorded",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["exit_review"],
    )
    return exit_review


@transaction.atomic
def close_case(
    actor: User, case: Case, *, reason: str, reviewed_on: date, **review: Any
) -> ExitReview:
    """Close a case with its exit review (feels safer, abuse change, 0–10 scales)."""
    not_in_future(reviewed_on, "reviewed_on", "The date of the exit review")
    ExitReview(agency=case.agency, case=case, reviewed_on=reviewed_on, **review).full_clean(
        exclude=["case"]
    )
    change_status(actor, case, CaseStatus.CLOSED, reason)
    return record_exit_review(actor, case, reviewed_on=reviewed_on, **review)


@transaction.atomic
def mark_worked_by_idva(actor: User, case: Case, worked_by_idva: bool) -> Case:
    """Record whether an IDVA works the case: the IDVA measures count these cases."""
    if case.worked_by_idva != worked_by_idva:
        case.worked_by_idva = worked_by_idva
        case.save(update_fields=["worked_by_idva", "updated_at"])
        audit.record(
            "case.idva_changed",
            actor=actor,
            agency=case.agency,
            target=case,
            changes=["worked_by_idva"],
        )
    return case


@transaction.atomic
def offer_support(
    actor: User, case: Case, *, kind: str, offered_on: date, historical: bool = False
) -> SupportOffer:
    """Record that the case's service offered the person support of ``kind`` on a day from
    the referral to today. A kind has one offer awaiting an answer at a time; an answered
    offer may be made again (a person who declined may accept later)."""
    if kind not in ref.codes(SUPPORT_KINDS):
        raise ValidationError({"kind": "Select the support offered"})
    not_in_future(offered_on, "offered_on", "The date of the offer")
    referred_on = timezone.localtime(case.referred_at).date()
    not_before(offered_on, referred_on, "offered_on", "The offer", "the referral")
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording an offer of support")
    if case.support_offers.filter(kind=kind, answer=AWAITING).exists():
        raise ValidationError(
            {"kind": "This support is already offered and awaiting an answer: record the answer"}
        )
    offer = SupportOffer.objects.create(
        agency=case.agency, case=case, kind=kind, offered_on=offered_on, offered_by=actor
    )
    audit.record(
        "case.support_offered",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["support_offers"],
    )
    return offer


@transaction.atomic
def answer_offer(
    actor: User, offer: SupportOffer, *, answer: str, answered_on: date
) -> SupportOffer:
    """Record the person's answer to an offer awaiting one: accepted, declined or not
    contactable, on a day from the offer to today. An answer is not changed afterwards:
    a new offer is recorded instead."""
    offer = SupportOffer.objects.select_for_update().get(pk=offer.pk)
    if not offer.is_awaiting:
        raise ValidationError(
            f"The offer is already answered ({offer.get_answer_display().lower()}); "
            "record a new offer instead"
        )
    if answer not in ref.codes(GIVEN_ANSWERS):
        raise ValidationError({"answer": "Select the person's answer"})
    not_in_future(answered_on, "answered_on", "The date of the answer")
    not_before(answered_on, offer.offered_on, "answered_on", "The answer", "the offer")
    offer.answer, offer.answered_on, offer.answer_recorded_by = answer, answered_on, actor
    offer.save(update_fields=["answer", "answered_on", "answer_recorded_by", "updated_at"])
    audit.record(
        "case.support_answered",
        actor=actor,
        agency=offer.agency,
        target=offer.case,
        changes=["support_offers"],
    )
    return offer
