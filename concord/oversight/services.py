"""Every write of oversight: acknowledging an alert, and breaking the glass on a record of
another agency. Each takes the acting user and writes its audit event."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Agency, Membership, User
from concord.cases.models import Case
from concord.core import audit
from concord.oversight.evaluation import add_evidence
from concord.oversight.models import Alert, AlertKind, BreakGlass, BreakGlassReason
from concord.people.models import Person

# Enough words that a manager reading it later can judge the reason.
EXPLANATION_MIN_LENGTH = 20


@transaction.atomic
def acknowledge_alert(actor: User, alert: Alert, note: str) -> Alert:
    """A manager has looked at the alert and says what they found or did."""
    note = note.strip()
    if alert.acknowledged_at is not None:
        raise ValidationError("This alert was acknowledged already")
    if alert.subject_id == actor.pk:
        raise PermissionDenied
    if not note:
        raise ValidationError({"note": "Enter what you found or did about this alert"})
    return audit.save_changes(
        alert,
        {"acknowledged_at": timezone.now(), "acknowledged_by": actor, "acknowledgement": note},
        "alert.acknowledged",
        actor=actor,
        agency=alert.agency,
    )


def break_glass(
    acting_as: Membership, *, agency: Agency, case_reference: str, reason: str, explanation: str
) -> BreakGlass:
    """Open, for ``CONCORD_BREAK_GLASS_MINUTES``, the record of the person whose case at
    ``agency`` has this reference, for a safeguarding reason; raise an alert to that
    agency's managers at once. A refusal for a case not found is audited too."""
    if not settings.BREAK_GLASS_ALLOWED:
        raise PermissionDenied
    _check_request(acting_as, agency, reason, explanation)
    case = (
        Case.objects.filter(agency=agency, reference__iexact=case_reference.strip())
        .filter(person__is_restricted=False)
        .select_related("person")
        .first()
    )
    if case is None:
        audit.record(
            "break_glass.refused", actor=acting_as.user, agency=acting_as.agency, reason=reason
        )
        raise ValidationError(
            {"case_reference": "There is no case with that reference that break-glass can open"}
        )
    return _grant(acting_as, case.person, reason, explanation.strip())


def _check_request(acting_as: Membership, agency: Agency, reason: str, explanation: str) -> None:
    problems = {}
    if agency == acting_as.agency:
        problems["agency"] = "Choose another agency: your own agency's records are open to you"
    if reason not in BreakGlassReason.values:
        problems["reason"] = "Select why you need to see this record now"
    if len(explanation.strip()) < EXPLANATION_MIN_LENGTH:
        problems["explanation"] = (
            f"Explain in at least {EXPLANATION_MIN_LENGTH} characters why this cannot wait"
        )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def _grant(acting_as: Membership, person: Person, reason: str, explanation: str) -> BreakGlass:
    now = timezone.now()
    grant = BreakGlass.objects.create(
        user=acting_as.user,
        user_agency=acting_as.agency,
        person=person,
        reason=reason,
        explanation=explanation,
        granted_at=now,
        expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    event = audit.record(
        "break_glass.granted",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=person,
        changes=["explanation"],
        reason=reason,
    )
    alert = Alert.objects.create(
        agency=person.agency,
        kind=AlertKind.BREAK_GLASS,
        subject=acting_as.user,
        subject_agency=acting_as.agency,
        raised_at=now,
        first_event_at=event.occurred_at,
        last_event_at=event.occurred_at,
        break_glass=grant,
    )
    add_evidence(alert, [event.pk])
    audit.record("alert.raised", agency=alert.agency, target=alert)
    return grant
