"""Logging calls to the help point, and turning a call into a person and case when the
caller agrees. Each runs in one transaction, takes the acting user and is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from concord.accounts.models import Service, ServiceKind, User
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.core import audit
from concord.core.validators import not_in_future
from concord.helpline.models import HelplineCall
from concord.helpline.vocabulary import (
    CALL_REASONS,
    CALLER_TYPES,
    OTHER,
    SIGNPOSTED_TO,
    VICTIM_SURVIVOR,
)
from concord.people import services as people_services

CALL_FIELDS = [
    "called_at",
    "caller_type",
    "reason",
    "advice_given",
    "signposted_to",
    "signposted_other",
    "duration_minutes",
]


def _check_call(
    service: Service,
    *,
    caller_type: str,
    reason: str,
    signposted_to: list[str],
    signposted_other: str,
) -> None:
    if service.kind != ServiceKind.HELP_POINT:
        raise ValidationError({"service": "Choose a help point service"})
    if caller_type not in dict(CALLER_TYPES):
        raise ValidationError({"caller_type": "Select who called"})
    if reason not in dict(CALL_REASONS):
        raise ValidationError({"reason": "Select why they called"})
    unknown = set(signposted_to) - set(dict(SIGNPOSTED_TO))
    if unknown:
        raise ValidationError({"signposted_to": "Select where the caller was signposted"})
    if OTHER in signposted_to and not signposted_other:
        raise ValidationError({"signposted_other": "Enter where else the caller was signposted"})


@transaction.atomic
def log_call(
    actor: User,
    service: Service,
    *,
    called_at: datetime,
    caller_type: str,
    reason: str,
    advice_given: str = "",
    signposted_to: Iterable[str] = (),
    signposted_other: str = "",
    duration_minutes: int | None = None,
) -> HelplineCall:
    """Log one call to ``service`` (a help point) with no person: who called, why, the
    advice given and where the caller was signposted."""
    chosen = sorted(set(signposted_to))
    other = " ".join(signposted_other.split()) if OTHER in chosen else ""
    _check_call(
        service,
        caller_type=caller_type,
        reason=reason,
        signposted_to=chosen,
        signposted_other=other,
    )
    not_in_future(called_at, "called_at", "The time of the call")
    call = HelplineCall(
        agency=service.agency,
        service=service,
        called_at=called_at,
        caller_type=caller_type,
        reason=reason,
        advice_given=advice_given.strip(),
        signposted_to=chosen,
        signposted_other=other,
        duration_minutes=duration_minutes,
        logged_by=actor,
    )
    call.full_clean()
    call.save()
    audit.record(
        "helpline_call.logged",
        actor=actor,
        agency=service.agency,
        target=call,
        changes=CALL_FIELDS,
        reason=caller_type,
    )
    return call


@transaction.atomic
def turn_into_case(
    actor: User,
    call: HelplineCall,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
) -> Case:
    """The caller agreed to support: record them as a person, open a case at the help point
    (a self-referral by helpline call, led by ``actor``) and make the call its first
    contact. The call stays in the log, linked to that contact, and is counted once."""
    locked = HelplineCall.objects.select_for_update().get(pk=call.pk)
    if locked.contact_id is not None:
        raise ValidationError("This call has already been turned into a case")
    if locked.caller_type != VICTIM_SURVIVOR:
        raise ValidationError(
            "Only a call from a victim or survivor can become their case: log a new call "
            "when they call themselves"
        )
    person = people_services.record_person(
        actor,
        call.agency,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        is_victim_survivor=True,
    )
    case = case_services.open_case(
        actor,
        person,
        call.service,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=call.called_at,
        lead_professional=actor,
    )
    case_services.change_status(actor, case, CaseStatus.OPEN)
    contact = case_services.record_contact(
        actor,
        case,
        channel="call",
        initiated_by="victim",
        occurred_at=call.called_at,
        duration_minutes=call.duration_minutes,
        notes=call.advice_given,
        worker=call.logged_by,
    )
    call.contact = contact
    call.save(update_fields=["contact", "updated_at"])
    audit.record(
        "helpline_call.turned_into_case",
        actor=actor,
        agency=call.agency,
        target=call,
        changes=["contact"],
    )
    return case
