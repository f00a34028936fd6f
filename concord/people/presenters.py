from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from concord.core.models import AuditEvent
from concord.core.presenters import govuk_date, govuk_datetime
from concord.people import reference as ref
from concord.people.forms import ROLE_FLAGS, SENSITIVE_LABELS
from concord.people.matching import Match
from concord.people.models import ContactSafety, Person, PersonAlias, Relationship

ACTION_LABELS = {
    "person.created": "Created the record",
    "person.viewed": "Viewed the record",
    "person.changed": "Changed the record",
    "person.contact_safety_changed": "Changed contact safety",
    "person.sensitive_revealed": "Showed a hidden detail",
    "people.search_matched_restricted": "Searched for a name like this restricted record's",
    "person.viewed_through_break_glass": "Viewed the record through break-glass",
}
NOT_RECORDED = "Not recorded"


def person_link(person: Person) -> SafeString:
    return format_html(
        '<a class="govuk-link" href="{}">{}</a>', reverse("people:detail", args=[person.pk]), person
    )


def person_rows(people: Iterable[Person]) -> list[list[dict[str, Any]]]:
    return [
        [{"html": person_link(person)}, {"text": govuk_date(person.date_of_birth) or "Not known"}]
        for person in people
    ]


def history_rows(person: Person) -> list[list[dict[str, Any]]]:
    events = (
        AuditEvent.objects.for_object(person._meta.label_lower, person.pk)
        .select_related("actor", "agency")
        .order_by("-id")
    )
    return [
        [
            {"text": govuk_datetime(event.occurred_at)},
            {"text": event.actor.full_name if event.actor else "System"},
            {"text": event.agency.name if event.agency else ""},
            {"text": ACTION_LABELS.get(event.action, event.action)},
            {"text": ", ".join(event.changes)},
        ]
        for event in events
    ]


CORRECTED_LABELS = {
    "given_name": "Given name",
    "family_name": "Family name",
    "date_of_birth": "Date of birth",
    "approximate_age": "Approximate age",
}


def correction_rows(person: Person) -> list[list[dict[str, Any]]]:
    """The corrections of the person's identifying details, newest first."""
    corrections = person.corrections.select_related("corrected_by")
    return [
        [
            {"text": govuk_datetime(correction.corrected_at)},
            {"text": correction.corrected_by.full_name},
            {"text": CORRECTED_LABELS.get(correction.field, correction.field)},
            {"text": correction.old_value or "Not recorded"},
            {"text": correction.new_value or "Not recorded"},
            {"text": correction.reason or "Not given"},
        ]
        for correction in corrections
    ]


# One person's record ------------------------------------------------------------------------


def _row(key: str, value: str | SafeString) -> dict[str, Any]:
    content: dict[str, str] = {"html" if isinstance(value, SafeString) else "text": value}
    return {"key": {"text": key}, "value": content}


def roles_text(person: Person) -> str:
    labels = dict(ref.PERSON_ROLES)
    roles = [labels[role] for role, flag in ROLE_FLAGS.items() if getattr(person, flag)]
    return ", ".join(roles) or NOT_RECORDED


def age_text(person: Person, today: date) -> str:
    """'14 March 1988 (aged 38)', 'About 40 (given as 38 on 2 May 2024)' or 'Not known'."""
    age = person.age_on(today)
    if person.date_of_birth:
        return f"{govuk_date(person.date_of_birth)} (aged {age})"
    if age is not None:
        if age == person.approximate_age:
            return f"About {age}"
        given = govuk_date(person.approximate_age_on)
        return f"About {age} (given as {person.approximate_age} on {given})"
    return "Not known"


def details_rows(person: Person, today: date) -> list[dict[str, Any]]:
    """The person's details; gender identity and sexual orientation are asked only of
    people aged 16 or over (ONS 2021), so are not shown for younger people."""
    age = person.age_on(today)
    rows = [
        _row("Roles", roles_text(person)),
        _row("Date of birth" if person.date_of_birth else "Age", age_text(person, today)),
        _row("Sex", person.get_sex_display()),
    ]
    if age is None or age >= ref.GENDER_IDENTITY_MIN_AGE:
        rows.append(
            _row(
                "Gender same as sex registered at birth", person.get_gender_same_as_birth_display()
            )
        )
    if age is None or age >= ref.SEXUAL_ORIENTATION_MIN_AGE:
        rows.append(_row("Sexual orientation", person.get_sexual_orientation_display()))
    rows += [
        _row("Ethnicity", person.get_ethnicity_display()),
        _row("Religion or belief", person.get_religion_display()),
        _row("Disability", person.get_disability_display()),
        _row("Marital or civil partnership status", person.get_marital_status_display()),
        _row("Pregnant", person.get_pregnant_display()),
        _row("First language", person.first_language or "Not known"),
        _row("Needs an interpreter", person.get_needs_interpreter_display()),
        _row("Area they live in", person.area or "Not known"),
        _row("Immigration status", person.get_immigration_status_display()),
        _row("No recourse to public funds", person.get_no_recourse_to_public_funds_display()),
    ]
    return rows


def alias_names(aliases: Iterable[PersonAlias]) -> list[str]:
    return [alias.name for alias in aliases]


def relationship_rows(relationships: Iterable[Relationship]) -> list[dict[str, Any]]:
    """'Partner of Daniel Price', each naming the other person with a link to their record."""
    return [
        _row(f"{relationship.get_kind_display()} of", person_link(relationship.other))
        for relationship in relationships
    ]


def _multiline(text: str) -> SafeString:
    return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in text.splitlines()))


def contact_safety_rows(
    safety: ContactSafety | None, revealed: dict[str, str] | None
) -> list[dict[str, Any]]:
    """Plain details as recorded; each sensitive one hidden, even when nothing is recorded,
    unless it was just revealed.
    A row with ``reveal`` set gets a form to show it; ``revealed`` marks the one shown."""
    shown = revealed or {}

    def plain(name: str) -> str:
        return str(getattr(safety, name, "") or "") or NOT_RECORDED

    message = safety.get_safe_to_leave_message_display() if safety else "Not known"
    rows: list[dict[str, Any]] = [
        {"key": "Safe to leave a message", "value": message},
        {"key": "Safe times to contact", "value": plain("safe_times")},
        {"key": "Words to use if someone else answers", "value": plain("words_to_use")},
    ]
    for name in ContactSafety.SENSITIVE_FIELDS:
        row: dict[str, Any] = {"key": SENSITIVE_LABELS[name], "name": name}
        if shown.get("field") == name:
            row.update(value=_multiline(shown.get("value", "")) or NOT_RECORDED, revealed=True)
        else:
            # Hidden whether or not something is recorded: that a refuge location exists
            # says where someone may be.
            what = SENSITIVE_LABELS[name].lower()
            row.update(
                value="Hidden",
                reveal=True,
                what=what,
                question=f"Why do you need to see the {what}?",
            )
        rows.append(row)
    return rows


def match_rows(matches: Iterable[tuple[Person, Match]]) -> list[list[dict[str, Any]]]:
    """Possible duplicates: who, when born and why each may be the same person."""
    return [
        [
            {"html": person_link(person)},
            {"text": govuk_date(person.date_of_birth) or "Not known"},
            {"text": "; ".join(match.reasons).capitalize()},
        ]
        for person, match in matches
    ]
