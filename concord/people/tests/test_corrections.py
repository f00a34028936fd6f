"""Rectification: a correction of a person's name or date of birth keeps the old and new
value with who, when and why, shown in the record's history to managers."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from concord.people import services
from concord.people.models import Correction
from concord.people.tests.test_person_pages import details_of

pytestmark = pytest.mark.django_db


def history(person):
    return reverse("people:history", args=[person.pk])


def test_a_corrected_name_and_date_of_birth_keep_their_old_values_who_and_why(idva, person_a):
    old_born = person_a.date_of_birth

    services.update_person(
        idva.user,
        person_a,
        reason="Misspelt at referral",
        family_name="Ahmad",
        date_of_birth=date(1988, 3, 14),
    )

    corrections = {c.field: c for c in Correction.objects.filter(person=person_a)}
    assert set(corrections) == {"family_name", "date_of_birth"}
    name = corrections["family_name"]
    assert (name.old_value, name.new_value, name.reason) == (
        "Ahmed",
        "Ahmad",
        "Misspelt at referral",
    )
    assert name.corrected_by == idva.user
    assert corrections["date_of_birth"].old_value == str(old_born or "")
    assert corrections["date_of_birth"].new_value == "1988-03-14"


def test_a_change_to_equality_monitoring_is_not_a_correction(idva, person_a):
    services.update_person(idva.user, person_a, sex="female")

    assert not Correction.objects.exists()


def test_the_edit_page_keeps_the_reason_given(signed_in, idva, person_a):
    response = signed_in(idva).post(
        reverse("people:edit", args=[person_a.pk]),
        details_of(person_a, given_name="Sara", correction_reason="She asked us to"),
    )

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value) == ("Sarah", "Sara")
    assert correction.reason == "She asked us to"


def test_a_manager_sees_the_corrections_in_the_history(signed_in, idva, manager_a, person_a):
    services.update_person(idva.user, person_a, reason="Misspelt", family_name="Ahmad")

    body = signed_in(manager_a).get(history(person_a)).content.decode()

    assert "Corrections to the name and date of birth" in body
    assert "Ahmed" in body and "Ahmad" in body and "Misspelt" in body


def test_another_agency_gets_404_for_the_history(signed_in, manager_b, idva, person_a):
    services.update_person(idva.user, person_a, reason="Misspelt", family_name="Ahmad")

    response = signed_in(manager_b).get(history(person_a))

    assert response.status_code == 404
    assert "Ahmad" not in response.content.decode()


def test_a_practitioner_gets_403_for_the_history(signed_in, idva, person_a):
    services.update_person(idva.user, person_a, reason="Misspelt", family_name="Ahmad")

    response = signed_in(idva).get(history(person_a))

    assert response.status_code == 403
    assert "Misspelt" not in response.content.decode()
