"""Writes to training and awareness sessions: one transaction each, the acting user, the
domain's checks and an audit event naming the fields changed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from concord.accounts.models import Agency, User
from concord.core import audit
from concord.core.validators import future_problem
from concord.people import reference as ref
from concord.training.models import StaffTrained, TrainingSession
from concord.training.vocabulary import SESSION_KINDS

FIELDS = (
    "held_on",
    "kind",
    "title",
    "attendees",
    "children_reached",
    "reported_more_knowledge",
    "notes",
)


@transaction.atomic
def record_training_session(
    actor: User,
    agency: Agency,
    *,
    held_on: date,
    kind: str,
    title: str,
    attendees: int,
    children_reached: int = 0,
    reported_more_knowledge: int | None = None,
    staff_trained: Mapping[Agency, int] | None = None,
    notes: str = "",
    session: TrainingSession | None = None,
) -> TrainingSession:
    """Record a session ``agency`` delivered, or correct ``session`` (one of its own).
    ``staff_trained`` gives the number of staff of each attending agency."""
    if session is not None and session.agency_id != agency.pk:
        raise ValidationError("Only the agency that delivered a session can change it")
    problems: dict[str, str] = {}
    future = future_problem(held_on, "The date of the session")
    if future:
        problems["held_on"] = future
    if kind not in ref.codes(SESSION_KINDS):
        problems["kind"] = "Select the kind of session"
    if not title.strip():
        problems["title"] = "Enter a title for the session"
    for field, number in (("attendees", attendees), ("children_reached", children_reached)):
        if number < 0:
            problems[field] = "Enter a number that is 0 or more"
    if reported_more_knowledge is not None:
        if reported_more_knowledge < 0:
            problems["reported_more_knowledge"] = "Enter a number that is 0 or more"
        elif reported_more_knowledge > attendees:
            problems["reported_more_knowledge"] = (
                "The number who reported knowing more cannot be more than the number attending"
            )
    attending = {other: staff for other, staff in (staff_trained or {}).items() if staff}
    problem = _staff_problem(attending, attendees)
    if problem:
        problems["staff_trained"] = problem
    if problems:
        raise ValidationError(problems)
    values = {
        "held_on": held_on,
        "kind": kind,
        "title": title.strip(),
        "attendees": attendees,
        "children_reached": children_reached,
        "reported_more_knowledge": reported_more_knowledge,
        "notes": notes,
    }
    if session is None:
        session = TrainingSession(agency=agency, recorded_by=actor)
        staff_changed = bool(attending)
        action = "training.session_recorded"
    else:
        staff_changed = _counts(session) != {other.pk: staff for other, staff in attending.items()}
        action = "training.session_changed"
    audit.save_changes(
        session,
        values,
        action,
        actor=actor,
        agency=agency,
        also_changed=["staff_trained"] if staff_changed else [],
    )
    session.staff_trained.all().delete()
    StaffTrained.objects.bulk_create(
        StaffTrained(session=session, agency=other, staff=staff)
        for other, staff in attending.items()
    )
    return session


def _staff_problem(attending: Mapping[Agency, int], attendees: int) -> str:
    if any(staff < 0 for staff in attending.values()):
        return "Enter the number of staff from each agency as 0 or more"
    if any(not agency.is_active for agency in attending):
        return "Choose agencies that are still active"
    if sum(attending.values()) > attendees:
        return "The staff from all agencies cannot be more than the number of people attending"
    return ""


def _counts(session: TrainingSession) -> dict[object, int | None]:
    return {row.agency_id: row.staff for row in session.staff_trained.all()}
