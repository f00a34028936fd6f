"""What the people app holds about a person (concord.people.personal_data): their details,
other names, relationships and contact safety."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Model

from concord.core.presenters import govuk_date
from concord.people.models import ContactSafety, Correction, Person, PersonAlias
from concord.people.personal_data import (
    ANONYMISED,
    HeldRecord,
    Holding,
    birth_month,
    field,
)
from concord.people.presenters import CORRECTED_LABELS, roles_text
from concord.people.services import PERSON_DETAILS

# The rest of a person's details, after those the export shows first (held_about).
SHOWN_FIRST = {
    "date_of_birth",
    "approximate_age",
    "is_victim_survivor",
    "is_person_causing_harm",
    "is_child_young_person",
    "first_language",
    "area",
}
EQUALITY_FIELDS = tuple(name for name in PERSON_DETAILS if name not in SHOWN_FIRST)


def held_about(person: Person) -> Iterator[HeldRecord]:
    details = [
        field("Name", person),
        field("Date of birth", govuk_date(person.date_of_birth)),
        field("Approximate age", person.approximate_age),
        field("Roles", roles_text(person)),
        field("First language", person.first_language),
        field("Area", person.area),
    ]
    details += [field(_label(Person, name), _display(person, name)) for name in EQUALITY_FIELDS]
    yield HeldRecord("Personal details", str(person), tuple(details))
    for alias in person.aliases.all():
        yield HeldRecord("Other name", alias.name, (field("Name", alias.name),))
    for relationship in person.relationships.select_related("other"):
        yield HeldRecord(
            "Relationship",
            relationship.get_kind_display(),
            (
                field("Relationship", relationship.get_kind_display()),
                field("Other person", relationship.other, third_party=True),
            ),
        )
    for correction in Correction.objects.filter(person=person).order_by("corrected_at"):
        label = CORRECTED_LABELS.get(correction.field, correction.field)
        yield HeldRecord(
            "Correction",
            f"{label}, {govuk_date(correction.corrected_at.date())}",
            (
                field("Detail", label),
                field("Was", correction.old_value),
                field("Now", correction.new_value),
                field("Why", correction.reason),
            ),
        )
    safety = ContactSafety.objects.filter(person=person).first()
    if safety is not None:
        yield HeldRecord(
            "Contact safety",
            "How to reach the person safely",
            tuple(
                field(_label(ContactSafety, name), value)
                for name, value in (
                    ("current_address", safety.current_address),
                    ("safe_phone", safety.safe_phone),
                    ("safe_email", safety.safe_email),
                    ("refuge_location", safety.refuge_location),
                    ("safe_to_leave_message", safety.get_safe_to_leave_message_display()),
                    ("safe_times", safety.safe_times),
                    ("words_to_use", safety.words_to_use),
                )
            ),
        )


def _label(model: type[Model], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


def _display(person: Person, name: str) -> str:
    return str(getattr(person, f"get_{name}_display")())


def anonymise(person: Person) -> int:
    """Blank the name, other names, corrections, first language and contact safety; keep the birth
    month, roles, equality monitoring and area that figures are broken down by."""
    person.given_name = ANONYMISED
    person.family_name = "person"
    person.date_of_birth = birth_month(person.date_of_birth)
    person.first_language = ""
    person.save()
    aliases, _ = PersonAlias.objects.filter(person=person).delete()
    corrections = Correction.objects.filter(person=person).update(
        old_value="", new_value="", reason=""
    )
    safety = ContactSafety.objects.filter(person=person).update(
        current_address="",
        safe_phone="",
        safe_phone_digits="",
        safe_email="",
        refuge_location="",
        safe_times="",
        words_to_use="",
    )
    return 1 + aliases + corrections + safety


HOLDING = Holding("people", 10, held_about, anonymise)
