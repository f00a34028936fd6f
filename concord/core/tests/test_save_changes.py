"""One audited update: set, validate, save, and one event naming the fields that changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from concord.core import audit
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def only_event() -> AuditEvent:
    return AuditEvent.objects.get()


def test_the_changed_fields_are_saved_and_named_never_their_values(idva, person_a):
    unchanged = person_a.family_name

    audit.save_changes(
        person_a,
        {"given_name": "Ruth", "family_name": unchanged, "area": "le2"},
        "person.changed",
        actor=idva.user,
        agency=idva.agency,
    )

    person_a.refresh_from_db()
    assert (person_a.given_name, person_a.area) == ("Ruth", "LE2")  # clean ran
    event = only_event()
    assert (event.action, event.changes) == ("person.changed", ["area", "given_name"])
    assert (event.object_id, event.actor, event.agency) == (
        str(person_a.pk),
        idva.user,
        idva.agency,
    )
    assert "Ruth" not in repr(AuditEvent.objects.values().get())


def test_a_record_not_saved_before_names_every_field_given(idva, person_a):
    newcomer = type(person_a)(agency=idva.agency)

    audit.save_changes(
        newcomer,
        {"given_name": "Ada", "family_name": "Byron"},
        "person.recorded",
        actor=idva.user,
        agency=idva.agency,
        also_changed=["aliases"],
    )

    assert newcomer.pk is not None
    assert only_event().changes == ["aliases", "family_name", "given_name"]


def test_nothing_changed_is_recorded_unless_only_changes_count(idva, person_a):
    same = {"given_name": person_a.given_name}

    audit.save_changes(
        person_a, same, "person.changed", actor=idva.user, agency=idva.agency, only_if_changed=True
    )
    assert not AuditEvent.objects.exists()

    audit.save_changes(person_a, same, "person.seen_again", actor=idva.user, agency=idva.agency)
    assert only_event().changes == []


def test_the_event_may_be_about_another_record_naming_this_one_within_it(idva, person_a, agency_a):
    audit.save_changes(
        person_a,
        {"given_name": "Ruth"},
        "agency.person_changed",
        actor=idva.user,
        agency=idva.agency,
        target=agency_a,
        prefix="people.",
    )

    event = only_event()
    assert (event.object_id, event.changes) == (str(agency_a.pk), ["people.given_name"])


def test_a_refused_change_saves_nothing_and_records_nothing(idva, person_a):
    name = person_a.given_name

    with pytest.raises(ValidationError, match="postcode district"):
        audit.save_changes(
            person_a,
            {"given_name": "Ruth", "area": "LE2 7AB"},
            "person.changed",
            actor=idva.user,
            agency=idva.agency,
        )

    person_a.refresh_from_db()
    assert person_a.given_name == name
    assert not AuditEvent.objects.exists()


def test_the_check_sees_the_new_values_before_anything_is_saved(idva, person_a):
    def no_ruths(person):
        if person.given_name == "Ruth":
            raise ValidationError({"given_name": "Not Ruth"})

    with pytest.raises(ValidationError, match="Not Ruth"):
        audit.save_changes(
            person_a,
            {"given_name": "Ruth"},
            "person.changed",
            actor=idva.user,
            agency=idva.agency,
            check=no_ruths,
        )

    assert not AuditEvent.objects.exists()
