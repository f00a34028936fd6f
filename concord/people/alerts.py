"""The people app's lines of the alerts panel (concord.core.alerts, ADR 0017): restricted,
how to contact the person safely and what never to do, interpreter, no recourse to public
funds. Hidden contact details stay hidden: the panel says only that one is recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from concord.core.alerts import Fact, Record, Viewer
from concord.people.models import ContactSafety, Person

YES = "yes"
SAFE_EMAIL = "Use the safe email address"


def safe_contact_lines(safety: ContactSafety) -> tuple[list[str], list[str]]:
    """How to contact the person, and what never to do, in words: no hidden value."""
    how: list[str] = []
    if safety.safe_phone:
        how.append("Use the safe phone number (hidden on the person's record)")
    if safety.safe_email:
        how.append(f"{SAFE_EMAIL} (hidden on the person's record)")
    if safety.safe_times:
        how.append(f"Safe times: {safety.safe_times}")
    if safety.words_to_use:
        how.append(f"If someone else answers: {safety.words_to_use}")
    never = ["Do not leave messages or voicemail"] if safety.safe_to_leave_message == "no" else []
    return how, never


def channel_advice(records: Sequence[Record]) -> str:
    """The safe contact instructions by channel, for the contact form: "Phone call or text
    message: do not leave messages or voicemail; …". Empty when none is recorded."""
    parts = []
    for safety in ContactSafety.objects.filter(person__in=[r.person.pk for r in records]):
        how, never = safe_contact_lines(safety)
        phone = [line for line in never + how if not line.startswith(SAFE_EMAIL)]
        if phone:
            parts.append("Phone call or text message: " + "; ".join(phone))
        if safety.safe_email:
            parts.append(f"Email: {SAFE_EMAIL.lower()} (hidden on the person's record)")
    return ". ".join(parts)


def _source(record: Record) -> str:
    return record.agency_name if record.is_shared else ""


def _safety_facts(records: Sequence[Record]) -> list[Fact]:
    found = ContactSafety.objects.filter(person__in=[r.person.pk for r in records])
    by_person = {safety.person_id: safety for safety in found}
    facts = []
    for record in records:
        safety = by_person.get(record.person.pk)
        if safety is None:
            continue
        how, never = safe_contact_lines(safety)
        if never:
            facts.append(Fact(20, "Do not", "; ".join(never), True, _source(record)))
        if how:
            facts.append(Fact(21, "Safe contact", how[0], False, _source(record), tuple(how[1:])))
    if not any(f.key == "Safe contact" for f in facts):
        facts.append(Fact(21, "Safe contact", "No safe contact instructions recorded"))
    return facts


def _said_yes(records: Sequence[Record], field: str) -> Record | None:
    return next((r for r in records if getattr(r.person, field) == YES), None)


def facts(records: Sequence[Record], viewer: Viewer, today: date) -> list[Fact]:
    own: Person = records[0].person  # type: ignore[assignment]
    found = []
    if own.is_restricted:
        found.append(Fact(10, "Restricted", "Only its named workers can see this record", True))
    found.extend(_safety_facts(records))
    interpreter = _said_yes(records, "needs_interpreter")
    if interpreter is not None:
        person: Person = interpreter.person  # type: ignore[assignment]
        language = f" ({person.first_language})" if person.first_language else ""
        found.append(Fact(60, "Interpreter", f"Needed{language}", False, _source(interpreter)))
    no_funds = _said_yes(records, "no_recourse_to_public_funds")
    if no_funds is not None:
        found.append(Fact(70, "No recourse to public funds", "Yes", False, _source(no_funds)))
    return found
