"""Person services: search-before-create, relationships, restricted people and the audited
reveal of sensitive contact details."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.people import services
from concord.people.models import Person, Relationship
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_search_before_create_finds_a_transliterated_name(idva, agency_a):
    existing = services.record_person(
        idva.user,
        agency_a,
        given_name="Muhammad",
        family_name="Rahman",
        date_of_birth=date(1990, 4, 5),
    )

    found = services.possible_duplicates(
        Person.objects.filter(agency=agency_a),
        given_name="Mohammed",
        family_name="Rehman",
        date_of_birth=date(1990, 5, 4),
    )

    assert [person for person, _ in found] == [existing]
    assert "date of birth with day and month swapped" in found[0][1].reasons


def test_search_before_create_matches_a_safe_phone(idva, agency_a):
    existing = services.record_person(idva.user, agency_a, given_name="Jo", family_name="Price")
    services.set_contact_safety(idva.user, existing, safe_phone="07700 900123")

    found = services.possible_duplicates(
        Person.objects.filter(agency=agency_a),
        given_name="Joanne",
        family_name="Price",
        phone="+44 7700 900123",
    )

    assert found and found[0][0] == existing


def test_search_before_create_only_looks_where_it_is_told(idva, agency_b):
    services.record_person(idva.user, agency_b, given_name="Sarah", family_name="Ahmed")

    found = services.possible_duplicates(
        Person.objects.filter(agency=idva.agency), given_name="Sarah", family_name="Ahmed"
    )

    assert found == []


def test_a_birth_in_the_future_is_refused(idva, agency_a):
    with pytest.raises(ValidationError, match="today or in the past"):
        services.record_person(
            idva.user,
            agency_a,
            given_name="A",
            family_name="B",
            date_of_birth=timezone.localdate() + timedelta(days=1),
        )


def test_relationships_are_recorded_both_ways(idva, person_a, agency_a):
    child = PersonFactory(agency=agency_a)

    services.relate(idva.user, person_a, child, "parent")

    assert Relationship.objects.get(person=child, other=person_a).kind == "child"


def test_people_of_different_agencies_cannot_be_related(idva, person_a, person_b):
    with pytest.raises(ValidationError, match="your agency"):
        services.relate(idva.user, person_a, person_b, "partner")


def test_revealing_an_address_needs_a_reason_and_is_audited(idva, person_a):
    services.set_contact_safety(idva.user, person_a, current_address="1 Hidden Lane")

    with pytest.raises(ValidationError):
        services.reveal(idva.user, person_a, "current_address", "")
    shown = services.reveal(idva.user, person_a, "current_address", "safety_planning")

    assert shown == "1 Hidden Lane"
    event = AuditEvent.objects.get(action="person.sensitive_revealed")
    assert (event.changes, event.reason, event.actor) == (
        ["current_address"],
        "safety_planning",
        idva.user,
    )
    assert "Hidden" not in str(AuditEvent.objects.values_list("changes", "reason"))


def test_restricted_people_are_seen_only_by_named_workers(signed_in, idva, manager_a, person_a):
    from django.urls import reverse

    person_a.is_restricted = True
    person_a.save()
    person_a.named_workers.add(idva.user)

    assert signed_in(idva).get(reverse("people:detail", args=[person_a.pk])).status_code == 200
    assert signed_in(manager_a).get(reverse("people:detail", args=[person_a.pk])).status_code == 404
