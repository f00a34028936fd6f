"""Pages that add and change people: search-before-create, details, contact safety with the
audited reveal of hidden details, other names and relationships. Each page and endpoint:
other agency 404, roles without case data 403, the happy path and the bad paths."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.people import services
from concord.people.models import ContactSafety, Person, PersonAlias, Relationship
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROLES_WITHOUT_CASE_DATA = ["commissioner", "analyst", "agency_admin_a", "system_admin"]
PERSON_PAGES = ["people:edit", "people:contact-safety", "people:add-alias", "people:relate"]
POST_ENDPOINTS = [*PERSON_PAGES, "people:reveal"]


def page(name: str, person: Person) -> str:
    return reverse(name, args=[person.pk])


def detail(person: Person) -> str:
    return page("people:detail", person)


def born(day: date | None) -> dict[str, str]:
    if day is None:
        return {"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""}
    return {
        "date_of_birth-day": str(day.day),
        "date_of_birth-month": str(day.month),
        "date_of_birth-year": str(day.year),
    }


def new_person(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "given_name": "Leanne",
        "family_name": "Marsh",
        **born(date(1991, 6, 2)),
        "approximate_age": "",
        "phone": "",
        "roles": ["victim_survivor"],
        "sex": "female",
        "ethnicity": "white_english_welsh_scottish_ni_british",
        "first_language": "English",
        "needs_interpreter": "no",
    }
    data.update(changes)
    return data


def details_of(person: Person, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        **born(person.date_of_birth),
        "approximate_age": "",
        "roles": ["victim_survivor"],
        "sex": "female",
        "gender_same_as_birth": "yes",
        "ethnicity": "asian_pakistani",
        "religion": "muslim",
        "disability": "no",
        "sexual_orientation": "prefer_not_to_say",
        "marital_status": "separated",
        "first_language": "Urdu",
        "needs_interpreter": "yes",
        "immigration_status": "visa_holder",
        "no_recourse_to_public_funds": "yes",
        "pregnant": "not_known",
    }
    data.update(changes)
    return data


def safety_form(**changes: str) -> dict[str, str]:
    return {
        "safe_to_leave_message": "no",
        "safe_times": "",
        "words_to_use": "",
        "safe_phone": "",
        "safe_email": "",
        "current_address": "",
        "refuge_location": "",
        **changes,
    }


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


# Who may use these pages ---------------------------------------------------------------------


@pytest.mark.parametrize("name", POST_ENDPOINTS)
def test_other_agency_gets_404_on_every_page_and_post(signed_in, police_rep, person_a, name):
    client = signed_in(police_rep)

    assert client.get(page(name, person_a)).status_code == 404
    response = client.post(page(name, person_a), {"field": "safe_phone", "reason": "emergency"})
    assert response.status_code == 404
    assert "Sarah" not in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="person.").exclude(
        action="person.created"
    )


@pytest.mark.parametrize("persona", ROLES_WITHOUT_CASE_DATA)
@pytest.mark.parametrize("name", POST_ENDPOINTS)
def test_roles_without_case_data_get_403_on_every_page_and_post(
    request, signed_in, person_a, persona, name
):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(page(name, person_a)).status_code == 403
    response = client.post(page(name, person_a), {"field": "safe_phone", "reason": "emergency"})
    assert response.status_code == 403
    assert "Sarah" not in response.content.decode()


@pytest.mark.parametrize("persona", ROLES_WITHOUT_CASE_DATA)
def test_roles_without_case_data_get_403_when_adding_a_person(request, signed_in, persona):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("people:new")).status_code == 403
    assert client.post(reverse("people:new"), new_person()).status_code == 403
    assert not Person.objects.exists()


# Adding a person, searching first ------------------------------------------------------------


def test_adding_a_person_with_no_possible_match_records_them_and_opens_their_record(
    signed_in, idva
):
    client = signed_in(idva)

    response = client.post(
        reverse("people:new"),
        new_person(phone="+44 7700 900123", roles=["victim_survivor", "child_young_person"]),
    )

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(person)
    assert (person.given_name, person.family_name) == ("Leanne", "Marsh")
    assert person.agency == idva.agency
    assert person.date_of_birth == date(1991, 6, 2)
    assert person.is_victim_survivor and person.is_child_young_person
    assert not person.is_person_causing_harm
    assert person.ethnicity == "white_english_welsh_scottish_ni_british"
    assert person.contact_safety.safe_phone == "+44 7700 900123"
    assert person.contact_safety.safe_phone_digits == "07700900123"
    assert "Leanne Marsh is added" in client.get(response["Location"]).content.decode()
    assert "person.created" in audit_actions()
    assert "people.searched" in audit_actions()


def test_adding_a_person_page_offers_a_date_input_and_grouped_ethnicity(signed_in, idva):
    body = signed_in(idva).get(reverse("people:new")).content.decode()

    assert 'name="date_of_birth-day"' in body
    assert 'name="date_of_birth-month"' in body
    assert 'name="date_of_birth-year"' in body
    assert '<optgroup label="Asian or Asian British">' in body
    assert 'name="roles"' in body


def test_adding_a_person_with_an_approximate_age_records_when_it_was_given(signed_in, idva):
    signed_in(idva).post(reverse("people:new"), new_person(**born(None), approximate_age="34"))

    person = Person.objects.get()
    assert person.date_of_birth is None
    assert person.approximate_age == 34
    assert person.approximate_age_on == timezone.localdate()


def test_search_before_create_shows_a_transliterated_match_and_does_not_create_until_confirmed(
    signed_in, idva, agency_a
):
    existing = services.record_person(
        idva.user,
        agency_a,
        given_name="Muhammad",
        family_name="Rahman",
        date_of_birth=date(1990, 4, 5),
    )
    client = signed_in(idva)
    typed = new_person(given_name="Mohammed", family_name="Rehman", **born(date(1990, 4, 5)))

    first = client.post(reverse("people:new"), typed)

    body = first.content.decode()
    assert first.status_code == 200
    assert "Possible matches" in body
    assert "Muhammad Rahman" in body
    assert detail(existing) in body
    assert "5 April 1990" in body
    assert "Family name sounds the same; given name sounds the same; same date of birth" in body
    assert "I have checked these: this is a new person" in body
    assert Person.objects.count() == 1

    unconfirmed = client.post(reverse("people:new"), {**typed, "matches_shown": "yes"})

    body = unconfirmed.content.decode()
    assert "There is a problem" in body
    assert "Confirm that you have checked the possible matches" in body
    assert Person.objects.count() == 1

    confirmed = client.post(
        reverse("people:new"), {**typed, "matches_shown": "yes", "checked_matches": "yes"}
    )

    added = Person.objects.exclude(pk=existing.pk).get()
    assert confirmed.status_code == 302
    assert confirmed["Location"] == detail(added)
    assert added.given_name == "Mohammed"


def test_search_before_create_matches_the_safe_phone(signed_in, idva, agency_a):
    existing = services.record_person(idva.user, agency_a, given_name="Jo", family_name="Price")
    services.set_contact_safety(idva.user, existing, safe_phone="07700 900123")

    response = signed_in(idva).post(
        reverse("people:new"),
        new_person(given_name="Joanne", family_name="Price", phone="+44 7700 900123"),
    )

    body = response.content.decode()
    assert "Jo Price" in body
    assert "same phone number" in body
    assert "07700" not in body.replace('value="+44 7700 900123"', "")
    assert Person.objects.count() == 1


def test_search_before_create_never_shows_another_agencys_people(signed_in, idva, person_b):
    response = signed_in(idva).post(
        reverse("people:new"),
        new_person(given_name="Joanne", family_name="Price", **born(person_b.date_of_birth)),
    )

    assert response.status_code == 302
    assert "Possible matches" not in signed_in(idva).get(response["Location"]).content.decode()


def test_search_before_create_never_shows_a_restricted_person_to_other_workers(
    signed_in, idva, agency_a
):
    PersonFactory(
        agency=agency_a,
        given_name="Leanne",
        family_name="Marsh",
        date_of_birth=date(1991, 6, 2),
        is_restricted=True,
    )

    response = signed_in(idva).post(reverse("people:new"), new_person())

    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_search_before_create_audits_the_search_but_never_the_name(signed_in, idva):
    signed_in(idva).post(reverse("people:new"), new_person())

    event = AuditEvent.objects.get(action="people.searched")
    assert event.actor == idva.user
    assert "marsh" not in (str(event.changes) + event.object_id + event.reason).lower()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"given_name": "", "family_name": ""}, "Enter the given name"),
        ({"family_name": ""}, "Enter the family name"),
        ({"roles": []}, "Select at least one role"),
        (
            born(timezone.localdate() + timedelta(days=1)),
            "Date of birth must be today or in the past",
        ),
        ({"date_of_birth-month": ""}, "Date of birth must include a month"),
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "2"},
            "Date of birth must be a real date",
        ),
        ({"date_of_birth-year": "91"}, "Date of birth must be a real date"),
        (
            {"approximate_age": "40"},
            "Leave the approximate age empty when the date of birth is known",
        ),
        ({**born(None), "approximate_age": "forty"}, "Enter the approximate age as a whole number"),
        ({"ethnicity": "martian"}, "Select ethnicity"),
    ],
)
def test_adding_a_person_with_bad_input_shows_the_error_and_saves_nothing(
    signed_in, idva, changes, message
):
    response = signed_in(idva).post(reverse("people:new"), new_person(**changes))

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert "<title>Error: " in body
    assert not Person.objects.exists()
    assert not ContactSafety.objects.exists()


def test_date_of_birth_error_links_to_the_day_box(signed_in, idva):
    body = (
        signed_in(idva)
        .post(reverse("people:new"), new_person(**{"date_of_birth-month": ""}))
        .content.decode()
    )

    assert 'href="#id_date_of_birth"' in body
    assert 'id="id_date_of_birth"' in body
    assert 'name="date_of_birth-day"' in body


# Changing details ------------------------------------------------------------------------------


def test_change_details_page_shows_what_is_recorded(signed_in, idva, person_a):
    body = signed_in(idva).get(page("people:edit", person_a)).content.decode()

    assert 'value="Sarah"' in body
    assert 'value="Ahmed"' in body
    assert 'name="date_of_birth-year" type="text" value="1990"' in body


def test_changing_details_saves_them_and_audits_the_field_names(signed_in, idva, person_a):
    response = signed_in(idva).post(
        page("people:edit", person_a),
        details_of(person_a, family_name="Ahmed-Khan", area=" le2 "),
    )

    person_a.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == detail(person_a)
    assert person_a.family_name == "Ahmed-Khan"
    assert person_a.area == "LE2"
    assert person_a.religion == "muslim"
    assert person_a.no_recourse_to_public_funds == "yes"
    assert person_a.is_victim_survivor
    event = AuditEvent.objects.filter(action="person.changed").get()
    assert "family_name" in event.changes
    assert "Ahmed-Khan" not in str(event.changes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            born(timezone.localdate() + timedelta(days=3)),
            "Date of birth must be today or in the past",
        ),
        ({"roles": []}, "Select at least one role"),
        ({"given_name": ""}, "Enter the given name"),
        ({"religion": "jedi"}, "Select religion or belief"),
        ({"area": "LE2 1AB"}, "Enter the postcode district only (like LE2)"),
    ],
)
def test_changing_details_with_bad_input_shows_the_error_and_saves_nothing(
    signed_in, idva, person_a, changes, message
):
    response = signed_in(idva).post(
        page("people:edit", person_a), details_of(person_a, family_name="Changed", **changes)
    )

    person_a.refresh_from_db()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert person_a.family_name == "Ahmed"
    assert not AuditEvent.objects.filter(action="person.changed").exists()


# Contact safety -----------------------------------------------------------------------------


@pytest.fixture
def safety(idva, person_a):
    return services.set_contact_safety(
        idva.user,
        person_a,
        safe_phone="07700 900123",
        current_address="12 Hidden Road",
        safe_to_leave_message="no",
        safe_times="Weekdays",
    )


def test_contact_safety_page_never_shows_the_hidden_details(signed_in, idva, person_a, safety):
    body = signed_in(idva).get(page("people:contact-safety", person_a)).content.decode()

    assert "07700 900123" not in body
    assert "12 Hidden Road" not in body
    assert 'value="Weekdays"' in body
    assert body.count("Something is recorded. Leave empty to keep what is recorded.") == 2
    assert body.count("Nothing is recorded yet.") == 2


def test_changing_contact_safety_keeps_hidden_details_left_empty(signed_in, idva, person_a, safety):
    response = signed_in(idva).post(
        page("people:contact-safety", person_a),
        safety_form(safe_to_leave_message="yes", words_to_use="Say it is the surgery"),
    )

    safety.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == detail(person_a) + "#contact-safety"
    assert safety.safe_phone == "07700 900123"
    assert safety.current_address == "12 Hidden Road"
    assert safety.safe_to_leave_message == "yes"
    assert safety.words_to_use == "Say it is the surgery"
    event = AuditEvent.objects.filter(action="person.contact_safety_changed").last()
    assert sorted(event.changes) == ["safe_times", "safe_to_leave_message", "words_to_use"]


def test_changing_contact_safety_replaces_a_hidden_detail_that_is_typed(
    signed_in, idva, person_a, safety
):
    signed_in(idva).post(
        page("people:contact-safety", person_a),
        safety_form(
            safe_times="Weekdays", refuge_location="Refuge in the north", safe_phone="07700 900999"
        ),
    )

    safety.refresh_from_db()
    assert safety.safe_phone == "07700 900999"
    assert safety.refuge_location == "Refuge in the north"
    assert safety.current_address == "12 Hidden Road"
    event = AuditEvent.objects.filter(action="person.contact_safety_changed").last()
    assert sorted(event.changes) == ["refuge_location", "safe_phone"]
    assert "900999" not in str(event.changes)


def test_contact_safety_can_be_recorded_for_someone_with_none_yet(signed_in, idva, person_a):
    signed_in(idva).post(
        page("people:contact-safety", person_a), safety_form(safe_email="sarah@example.com")
    )

    assert ContactSafety.objects.get(person=person_a).safe_email == "sarah@example.com"


def test_changing_contact_safety_with_a_bad_email_shows_the_error_and_saves_nothing(
    signed_in, idva, person_a, safety
):
    response = signed_in(idva).post(
        page("people:contact-safety", person_a),
        safety_form(safe_times="Evenings", safe_email="not an email"),
    )

    safety.refresh_from_db()
    assert response.status_code == 200
    assert "Enter an email address in the right format" in response.content.decode()
    assert safety.safe_times == "Weekdays"
    assert safety.safe_email == ""


# Revealing a hidden detail ------------------------------------------------------------------


def test_revealing_a_hidden_detail_audits_the_reason_and_shows_it_once(
    signed_in, idva, person_a, safety
):
    client = signed_in(idva)
    assert "07700 900123" not in client.get(detail(person_a)).content.decode()

    response = client.post(
        page("people:reveal", person_a), {"field": "safe_phone", "reason": "safety_planning"}
    )

    assert response.status_code == 302
    assert response["Location"] == detail(person_a) + "#contact-safety"
    event = AuditEvent.objects.filter(action="person.sensitive_revealed").get()
    assert event.actor == idva.user
    assert event.agency == idva.agency
    assert event.reason == "safety_planning"
    assert event.changes == ["safe_phone"]
    assert event.object_id == str(person_a.pk)
    assert "900123" not in str(event.changes) + event.reason

    shown = client.get(detail(person_a)).content.decode()
    assert "07700 900123" in shown
    assert "12 Hidden Road" not in shown
    assert "07700 900123" not in client.get(detail(person_a)).content.decode()


def test_a_revealed_detail_is_not_shown_on_another_persons_record(
    signed_in, idva, person_a, safety, agency_a
):
    client = signed_in(idva)
    other = PersonFactory(agency=agency_a)
    client.post(page("people:reveal", person_a), {"field": "safe_phone", "reason": "emergency"})

    assert "07700 900123" not in client.get(detail(other)).content.decode()
    assert "07700 900123" not in client.get(detail(person_a)).content.decode()


def test_revealing_without_a_reason_shows_the_error_and_reveals_nothing(
    signed_in, idva, person_a, safety
):
    response = signed_in(idva).post(
        page("people:reveal", person_a), {"field": "current_address", "reason": ""}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Select why you need to see this" in body
    assert "Show the current address" in body
    assert "12 Hidden Road" not in body
    assert not AuditEvent.objects.filter(action="person.sensitive_revealed").exists()


def test_revealing_with_an_unknown_reason_reveals_nothing(signed_in, idva, person_a, safety):
    response = signed_in(idva).post(
        page("people:reveal", person_a), {"field": "safe_phone", "reason": "curious"}
    )

    assert response.status_code == 200
    assert "07700 900123" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="person.sensitive_revealed").exists()


def test_revealing_a_detail_that_is_not_hidden_is_a_bad_request(signed_in, idva, person_a, safety):
    response = signed_in(idva).post(
        page("people:reveal", person_a), {"field": "given_name", "reason": "emergency"}
    )

    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="person.sensitive_revealed").exists()


def test_opening_the_reveal_address_goes_back_to_the_record(signed_in, idva, person_a):
    response = signed_in(idva).get(page("people:reveal", person_a))

    assert response.status_code == 302
    assert response["Location"] == detail(person_a) + "#contact-safety"
    assert not AuditEvent.objects.filter(action="person.sensitive_revealed").exists()


def test_record_page_is_never_cached_by_the_browser(signed_in, idva, person_a):
    response = signed_in(idva).get(detail(person_a))

    assert "no-store" in response["Cache-Control"]


# Other names ------------------------------------------------------------------------------


def test_adding_another_name_saves_it_and_goes_back_to_the_record(signed_in, idva, person_a):
    client = signed_in(idva)

    response = client.post(page("people:add-alias", person_a), {"name": " Sara Ahmad "})

    assert response.status_code == 302
    assert response["Location"] == detail(person_a) + "#aliases"
    assert list(person_a.aliases.values_list("name", flat=True)) == ["Sara Ahmad"]
    assert "Sara Ahmad" in client.get(detail(person_a)).content.decode()


def test_other_names_are_found_by_the_people_search(signed_in, idva, person_a):
    client = signed_in(idva)
    client.post(page("people:add-alias", person_a), {"name": "Sara Ahmad"})

    body = client.post(reverse("people:list"), {"q": "Ahmad"}).content.decode()

    assert "Sarah Ahmed" in body


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Enter the other name"), ("x" * 201, "must be 200 characters or fewer")],
)
def test_adding_another_name_with_bad_input_shows_the_error_and_saves_nothing(
    signed_in, idva, person_a, name, message
):
    response = signed_in(idva).post(page("people:add-alias", person_a), {"name": name})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PersonAlias.objects.exists()


# Relationships ------------------------------------------------------------------------------


@pytest.fixture
def daniel(agency_a):
    return PersonFactory(agency=agency_a, given_name="Daniel", family_name="Price")


def test_relating_searches_the_agencys_people_by_posted_name(
    signed_in, idva, person_a, person_b, daniel
):
    response = signed_in(idva).post(page("people:relate", person_a), {"q": "price"})

    body = response.content.decode()
    assert "Daniel Price" in body
    assert "Joanne" not in body  # another agency's Price
    assert f'value="{daniel.pk}"' in body
    assert f'value="{person_a.pk}"' not in body
    assert AuditEvent.objects.filter(action="people.searched").exists()


def test_relating_two_people_records_it_both_ways(signed_in, idva, person_a, daniel):
    client = signed_in(idva)

    response = client.post(
        page("people:relate", person_a), {"q": "price", "other": str(daniel.pk), "kind": "parent"}
    )

    assert response.status_code == 302
    assert response["Location"] == detail(person_a) + "#relationships"
    assert Relationship.objects.get(person=person_a).kind == "parent"
    assert Relationship.objects.get(person=daniel).kind == "child"
    assert "Child of" in client.get(detail(daniel)).content.decode()


def test_relating_without_a_kind_shows_the_error_and_saves_nothing(
    signed_in, idva, person_a, daniel
):
    response = signed_in(idva).post(
        page("people:relate", person_a), {"q": "price", "other": str(daniel.pk), "kind": ""}
    )

    assert response.status_code == 200
    assert "Select how they are related" in response.content.decode()
    assert not Relationship.objects.exists()


def test_relating_to_someone_outside_the_search_or_agency_saves_nothing(
    signed_in, idva, person_a, person_b, daniel
):
    client = signed_in(idva)

    for other in (person_b, person_a):
        response = client.post(
            page("people:relate", person_a),
            {"q": "price", "other": str(other.pk), "kind": "partner"},
        )
        assert response.status_code == 200
        assert "Select the person they are related to" in response.content.decode()
    assert not Relationship.objects.exists()


def test_relating_with_no_match_says_so(signed_in, idva, person_a):
    body = signed_in(idva).post(page("people:relate", person_a), {"q": "nobody"}).content.decode()

    assert "No other people match ‘nobody’" in body


def test_an_empty_sensitive_detail_is_hidden_too(signed_in, idva, person_a):
    """Whether a refuge location is recorded at all says where someone may be."""
    body = signed_in(idva).get(reverse("people:detail", args=[person_a.pk])).content.decode()

    assert body.count("Why do you need to see the") == 4


def test_adding_a_person_asks_for_safe_contact_and_shows_it_first_on_the_record(signed_in, idva):
    client = signed_in(idva)
    body = client.get(reverse("people:new")).content.decode()
    assert 'name="safe_to_leave_message"' in body and 'name="words_to_use"' in body

    response = client.post(
        reverse("people:new"),
        new_person(
            safe_to_leave_message="no",
            safe_times="After 6pm",
            words_to_use="Say you are from the surgery",
        ),
    )

    safety = Person.objects.get().contact_safety
    assert (safety.safe_to_leave_message, safety.safe_times) == ("no", "After 6pm")
    assert safety.words_to_use == "Say you are from the surgery"
    record = client.get(response["Location"]).content.decode()
    panel_at = record.index('data-concord="alerts"')
    assert panel_at < record.index("<h1")
    assert "Do not leave messages or voicemail" in record[panel_at:]
    assert record.index("Do not leave messages or voicemail") < record.index("Details")


def test_adding_a_person_without_safe_contact_records_none(signed_in, idva):
    signed_in(idva).post(reverse("people:new"), new_person(safe_to_leave_message="not_known"))

    assert not hasattr(Person.objects.get(), "contact_safety")
