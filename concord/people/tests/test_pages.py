"""People pages: agency scope (404), roles (403), read auditing and pinned query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.cases.tests.factories import CaseFactory
from concord.core.models import AuditEvent
from concord.people import services
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
    with django_assert_num_queries(6) as few:
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


# The person record page ----------------------------------------------------------------------


def test_people_list_links_to_adding_a_person(signed_in, idva):
    body = signed_in(idva).get(reverse("people:list")).content.decode()

    assert reverse("people:new") in body
    assert "Add a person" in body


def test_record_shows_details_in_words_with_the_age_today(signed_in, idva, agency_a):
    born = timezone.localdate().replace(year=1988, month=3, day=14)
    person = PersonFactory(
        agency=agency_a,
        given_name="Amina",
        family_name="Begum",
        date_of_birth=born,
        is_victim_survivor=True,
        ethnicity="asian_bangladeshi",
        sexual_orientation="bisexual",
        first_language="Sylheti",
        needs_interpreter="yes",
        no_recourse_to_public_funds="yes",
    )

    body = signed_in(idva).get(detail(person)).content.decode()

    assert f"14 March 1988 (aged {person.age_on(timezone.localdate())})" in body
    assert "Victim/survivor" in body
    assert "Asian: Bangladeshi" in body
    assert "Bisexual" in body
    assert "Sylheti" in body
    assert "No recourse to public funds" in body


def test_record_shows_an_approximate_age_when_the_date_of_birth_is_not_known(
    signed_in, idva, agency_a
):
    person = services.record_person(
        idva.user, agency_a, given_name="Lee", family_name="Dunn", approximate_age=40
    )

    body = signed_in(idva).get(detail(person)).content.decode()

    assert "About 40" in body


def test_record_of_a_child_does_not_show_sexual_orientation_or_gender_identity(
    signed_in, idva, agency_a
):
    child = PersonFactory(
        agency=agency_a,
        date_of_birth=timezone.localdate() - timedelta(days=365 * 9),
        is_child_young_person=True,
    )

    body = signed_in(idva).get(detail(child)).content.decode()

    assert "Child or young person" in body
    assert "Sexual orientation" not in body
    assert "Gender same as sex registered at birth" not in body


def test_record_lists_other_names_and_relationships_linking_to_the_other_record(
    signed_in, idva, person_a, agency_a
):
    partner = PersonFactory(agency=agency_a, given_name="Daniel", family_name="Price")
    services.add_alias(idva.user, person_a, "Sara Ahmad")
    services.relate(idva.user, person_a, partner, "ex_partner")

    body = signed_in(idva).get(detail(person_a)).content.decode()

    assert "Sara Ahmad" in body
    assert "Ex-partner of" in body
    assert f'href="{detail(partner)}"' in body


def test_record_does_not_name_a_restricted_relative_the_worker_may_not_see(
    signed_in, idva, person_a, agency_a
):
    hidden = PersonFactory(
        agency=agency_a, given_name="Restricted", family_name="Colleague", is_restricted=True
    )
    services.relate(idva.user, person_a, hidden, "partner")

    body = signed_in(idva).get(detail(person_a)).content.decode()

    assert "Restricted Colleague" not in body
    assert detail(hidden) not in body


def test_record_hides_sensitive_contact_details_and_shows_the_plain_ones(signed_in, idva, person_a):
    services.set_contact_safety(
        idva.user,
        person_a,
        safe_phone="07700 900123",
        current_address="12 Hidden Road",
        safe_to_leave_message="no",
        safe_times="Weekdays 10am to 2pm",
        words_to_use="Calling from the dentist",
    )

    body = signed_in(idva).get(detail(person_a)).content.decode()

    assert "07700 900123" not in body
    assert "12 Hidden Road" not in body
    assert body.count(">Hidden<") == 4  # recorded or not, all four are hidden
    assert "Weekdays 10am to 2pm" in body
    assert "Calling from the dentist" in body
    assert reverse("people:reveal", args=[person_a.pk]) in body


def test_record_lists_the_persons_cases_and_links_to_open_another(signed_in, idva, person_a):
    case = CaseFactory(person=person_a, service__name="IDVA service", reference="HAV-000042")
    CaseFactory(person=PersonFactory(agency=person_a.agency), reference="HAV-000043")

    body = signed_in(idva).get(detail(person_a)).content.decode()

    assert reverse("cases:detail", args=[case.pk]) in body
    assert "HAV-000042" in body
    assert "HAV-000043" not in body
    assert "IDVA service" in body
    assert "Referred" in body
    assert "2 November 2026" in body
    assert reverse("cases:open", args=[person_a.pk]) in body


def test_record_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, person_a, agency_a, django_assert_num_queries
):
    client = signed_in(idva)

    def grow():
        other = PersonFactory(agency=agency_a)
        services.add_alias(idva.user, person_a, f"Alias of {other.given_name}")
        services.relate(idva.user, person_a, other, "sibling")
        CaseFactory(person=person_a)

    grow()
    services.set_contact_safety(idva.user, person_a, safe_phone="07700 900123")
    client.get(detail(person_a))  # warm the session
    with django_assert_num_queries(15) as few:
        client.get(detail(person_a))
    for _ in range(5):
        grow()
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(detail(person_a))
