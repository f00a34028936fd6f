"""What happens to an online referral (DOMAIN §17): it is received from a public form,
a worker records the first contact, then accepts it into a person and case or closes it
without one. Each write runs in one short transaction and is audited; a referral is locked
while a worker decides on it, so two workers cannot both accept it."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from concord.accounts.models import Service, User
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.core import audit
from concord.core.validators import not_before, not_in_future
from concord.inbox import vocabulary as words
from concord.inbox.models import OnlineReferral
from concord.people import services as people_services

#: The reference a sender is told: no 0/O or 1/I/L to misread over the phone.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 10

#: Called inside the acceptance's transaction once the case exists, in order, with the
#: acting worker, the referral and its new case (e.g. to carry a professional's risk
#: checklist and files into the case). A hook that raises undoes the whole acceptance.
ON_ACCEPT: list[Callable[[User, OnlineReferral, Case], None]] = []

SELF_REFERRAL_FIELDS = (
    "name",
    "contact_method",
    "phone",
    "email",
    "safe_times",
    "never",
    "never_other",
    "danger_now",
    "language",
    "interpreter_needed",
    "more",
)
#: How a person first came to the service, by the kind of referral.
METHOD_OF_ACCESS = {words.SELF: "web", words.PROFESSIONAL: "professional_referral"}
#: The contact a first contact becomes on the case: how the worker reached them.
CONTACT_CHANNEL = {"call": "call", "text": "text", "email": "email"}


def new_reference() -> str:
    """A random, unused reference such as ``K7QMZ-2HXWD`` (31¹⁰ of them): it says nothing of
    how many there are, and reads out in two groups over the phone."""
    while True:
        letters = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        reference = f"{letters[:5]}-{letters[5:]}"
        if not OnlineReferral.objects.filter(reference=reference).exists():
            return reference


def receiving_help_point() -> Service | None:
    """The help point whose inbox the public forms send to, or None when there is none."""
    return (
        Service.objects.filter(takes_online_referrals=True, is_active=True)
        .select_related("agency")
        .order_by("created_at")
        .first()
    )


def _check_self_referral(values: dict[str, object]) -> None:
    method = values["contact_method"]
    if method in {"call", "text"} and not values.get("phone"):
        raise ValidationError({"phone": "Enter a phone number we can use safely"})
    if method == "email" and not values.get("email"):
        raise ValidationError({"email": "Enter an email address we can use safely"})
    unknown = set(values.get("never") or []) - set(dict(words.NEVER))  # type: ignore[call-overload]
    if unknown:
        raise ValidationError({"never": "Select what must never happen from the list"})


def receive_self_referral(service: Service, **values: object) -> OnlineReferral:
    """Save a victim's self-referral from the public form in ``service``'s inbox, with a
    random reference. No one is signed in: the audit event has no actor, and names no
    value sent."""
    _check_self_referral(values)
    for _attempt in range(5):
        referral = OnlineReferral(
            agency=service.agency,
            service=service,
            kind=words.SELF,
            status=words.NEW,
            received_at=timezone.now(),
            reference=new_reference(),
            **values,
        )
        referral.full_clean(exclude=["reference"])
        try:
            with transaction.atomic():
                referral.save()
                audit.record(
                    "online_referral.received",
                    actor=None,
                    agency=service.agency,
                    target=referral,
                    changes=[name for name in SELF_REFERRAL_FIELDS if values.get(name)],
                    reason=words.SELF,
                )
        except IntegrityError:  # the same reference drawn twice: draw again
            continue
        return referral
    raise RuntimeError("Could not draw a free reference for an online referral")


def _locked_new(referral: OnlineReferral) -> OnlineReferral:
    locked = OnlineReferral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != words.NEW:
        raise ValidationError(
            f"This referral has already been {locked.get_status_display().lower()}"
            if locked.status == words.CLOSED
            else "This referral has already been accepted"
        )
    return locked


@transaction.atomic
def record_first_contact(
    actor: User, referral: OnlineReferral, *, occurred_at: datetime
) -> OnlineReferral:
    """The first time a worker reached the person: stops the clock. Not before the referral
    arrived, not in the future; recorded once."""
    locked = _locked_new(referral)
    if locked.first_contact_at is not None:
        raise ValidationError("The first contact is already recorded")
    not_in_future(occurred_at, "occurred_at", "The time of the first contact")
    # Times are entered to the minute: a contact in the minute the referral arrived counts
    # from its arrival.
    arrived_minute = locked.received_at.replace(second=0, microsecond=0)
    not_before(
        occurred_at, arrived_minute, "occurred_at", "The first contact", "the referral arrived"
    )
    locked.first_contact_at = max(occurred_at, locked.received_at)
    locked.save(update_fields=["first_contact_at", "updated_at"])
    audit.record(
        "online_referral.first_contact_recorded",
        actor=actor,
        agency=locked.agency,
        target=locked,
        changes=["first_contact_at"],
    )
    return locked


def _carry_contact_safety(actor: User, referral: OnlineReferral, case: Case) -> None:
    """What the person told us about reaching them safely goes onto their record."""
    people_services.set_contact_safety(
        actor,
        case.person,
        safe_phone=referral.phone,
        safe_email=referral.email,
        safe_times=referral.safe_times[:200],
        safe_to_leave_message="no" if "no_voicemail" in referral.never else "not_known",
    )


@transaction.atomic
def accept(
    actor: User,
    referral: OnlineReferral,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
) -> Case:
    """Accept the referral: record the person, open their case at the referral's service
    (led by ``actor``, open at once), note its first contact if there was one, run the
    ON_ACCEPT hooks, and link the case to the referral. Refused if already decided."""
    locked = _locked_new(referral)
    person = people_services.record_person(
        actor,
        locked.agency,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        is_victim_survivor=True,
    )
    case = case_services.open_case(
        actor,
        person,
        locked.service,
        referral_source=locked.referral_source or "self",
        method_of_access=METHOD_OF_ACCESS[locked.kind],
        referred_at=locked.received_at,
        lead_professional=actor,
    )
    case_services.change_status(actor, case, CaseStatus.OPEN)
    _carry_contact_safety(actor, locked, case)
    if locked.first_contact_at is not None:
        case_services.record_contact(
            actor,
            case,
            channel=CONTACT_CHANNEL.get(locked.contact_method, "call"),
            initiated_by="professional",
            occurred_at=locked.first_contact_at,
            worker=actor,
        )
    for hook in ON_ACCEPT:
        hook(actor, locked, case)
    _decide(actor, locked, words.ACCEPTED, case=case)
    return case


@transaction.atomic
def close(actor: User, referral: OnlineReferral, *, reason: str) -> OnlineReferral:
    """Close the referral without a person or case, for one of CLOSE_REASONS."""
    if reason not in dict(words.CLOSE_REASONS):
        raise ValidationError({"close_reason": "Select why the referral is closed"})
    locked = _locked_new(referral)
    locked.close_reason = reason
    _decide(actor, locked, words.CLOSED)
    return locked


def _decide(actor: User, referral: OnlineReferral, status: str, case: Case | None = None) -> None:
    referral.status = status
    referral.decided_by = actor
    referral.decided_at = timezone.now()
    referral.case = case
    changed: Iterable[str] = ["status", "decided_by", "decided_at", "case", "close_reason"]
    referral.save(update_fields=[*changed, "updated_at"])
    audit.record(
        f"online_referral.{status}",
        actor=actor,
        agency=referral.agency,
        target=referral,
        changes=changed,
        reason=referral.close_reason,
    )
