"""Writes to person records. Issue-sized today: creating a record (used by demo data)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from concord.accounts.models import Agency, User
from concord.core import audit
from concord.people.models import Person


@transaction.atomic
def record_person(
    actor: User | None,
    agency: Agency,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
) -> Person:
    person = Person.objects.create(
        agency=agency, given_name=given_name, family_name=family_name, date_of_birth=date_of_birth
    )
    audit.record(
        "person.created",
        actor=actor,
        agency=agency,
        target=person,
        changes=["given_name", "family_name", "date_of_birth"],
    )
    return person
