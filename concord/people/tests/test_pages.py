"""People pages: agency scope (404), roles (403), read auditing and pinned query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def detail(person):
    return reverse("people:detail", args=[person.pk])


def history(person):
    return reverse("people:history", args=[person.pk])


def test_practitioner_sees_own_agency_person_and_the_read_is_audited(signed_in, idva, person_a):
    response = signed_in(idva).get(detail(person_a))

    assert response.status_code == 200
    assert "Sarah Ahmed" in response.content.decode()
    event = AuditEvent.objects.for_object("people.person", person_a.pk).last()
    assert event.action == "person.viewed"
    assert event.actor == idva.user
    assert event.agency == idva.agency


def test_other_agency_gets_404(signed_in, police_rep, person_a):
    response = signed_in(police_rep).get(detail(person_a))

    assert response.status_code == 404
    assert "Sarah" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_roles_without_case_data_get_403(request, signed_in, persona, person_a):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("people:list")).status_code == 403
    response = client.get(detail(person_a))
    assert response.status_code == 403
    assert "Sarah" not in response.content.decode()


def test_people_list_shows_only_own_agency(signed_in, idva, person_a, person_b):
    body = signed_in(idva).get(reverse("people:list")).content.decode()

    assert "Sarah Ahmed" in body
    assert "Joanne" not in body


def test_people_list_searches_by_name(signed_in, idva, person_a, agency_a):
    PersonFactory(agency=agency_a, given_name="Leanne", family_name="Marsh")

    body = signed_in(idva).post(reverse("people:list"), {"q": "marsh"}).content.decode()

    assert "Leanne Marsh" in body
    assert "Sarah Ahmed" not in body
    assert "1 match" in body
    event = AuditEvent.objects.filter(action="people.searched").get()
    assert event.actor == idva.user
    assert "marsh" not in str(event.changes).lower() + event.object_id


def test_people_search_form_posts_so_names_stay_out_of_urls(signed_in, idva):
    body = signed_in(idva).get(reverse("people:list")).content.decode()

    assert '<form method="post"' in body
    assert 'name="q"' in body


def test_people_list_keeps_a_fixed_number_of_queries(
    signed_in, idva, agency_a, django_assert_num_queries
):
    client = signed_in(idva)
    PersonFactory.create_batch(3, agency=agency_a)
    client.get(reverse("people:list"))  # warm the session
    with django_assert_num_queries(14) as few:
        client.get(reverse("people:list"))
    PersonFactory.create_batch(30, agency=agency_a)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("people:list"))


def test_manager_sees_who_viewed_the_record(signed_in, idva, manager_a, person_a):
    signed_in(idva).get(detail(person_a))

    response = signed_in(manager_a).get(history(person_a))

    body = response.content.decode()
    assert response.status_code == 200
    assert idva.user.full_name in body
    assert "Viewed the record" in body


def test_practitioner_cannot_see_record_history(signed_in, idva, person_a):
    assert signed_in(idva).get(history(person_a)).status_code == 403


def test_manager_at_other_agency_gets_404_for_history(signed_in, manager_b, person_a):
    assert signed_in(manager_b).get(history(person_a)).status_code == 404


def test_history_link_is_shown_to_managers_only(signed_in, idva, manager_a, person_a):
    assert history(person_a) in signed_in(manager_a).get(detail(person_a)).content.decode()
    assert history(person_a) not in signed_in(idva).get(detail(person_a)).content.decode()
