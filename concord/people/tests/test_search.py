"""Searching people by date of birth, phone number or case reference as well as name: posted
only, in the agency's scope, audited by kind (never by what was typed), and a restricted
record the search would have found raises the oversight alert's event."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.core.models import AuditEvent
from concord.people.search import date_of_birth, search_query
from concord.people.services import set_contact_safety
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def search(client, text):
    return client.post(reverse("people:list"), {"q": text}).content.decode()


@pytest.fixture
def sarah(agency_a, idva):
    person = PersonFactory(
        agency=agency_a, given_name="Sarah", family_name="Ahmed", date_of_birth=date(1990, 12, 5)
    )
    set_contact_safety(idva.user, person, safe_phone="+44 7700 900123")
    return person


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("5/12/1990", date(1990, 12, 5)),
        ("05-12-1990", date(1990, 12, 5)),
        ("1990-12-05", date(1990, 12, 5)),
        ("31/02/1990", None),
        ("Sarah", None),
    ],
)
def test_dates_of_birth_are_read_in_uk_order(text, found):
    assert date_of_birth(text) == found


def test_a_search_by_date_of_birth_finds_the_person(signed_in, idva, sarah, agency_a):
    PersonFactory(agency=agency_a, given_name="Other", date_of_birth=date(1991, 1, 1))

    page = search(signed_in(idva), "05/12/1990")

    assert "Ahmed" in page and "1 match" in page


def test_a_search_by_phone_finds_the_person_however_the_number_is_written(signed_in, idva, sarah):
    assert "Ahmed" in search(signed_in(idva), "07700 900123")
    assert "Ahmed" in search(signed_in(idva), "07700900123")


def test_a_search_by_case_reference_finds_the_person(signed_in, idva, sarah):
    case = case_services.open_case(
        idva.user,
        sarah,
        ServiceFactory(agency=sarah.agency),
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )

    assert search_query(case.reference)[0] == "case_reference"
    assert "Ahmed" in search(signed_in(idva), case.reference.lower())


def test_another_agencys_person_is_not_found_by_date_of_birth(signed_in, police_rep, sarah):
    page = search(signed_in(police_rep), "5/12/1990")

    assert "Ahmed" not in page


def test_searching_is_posted_only_a_query_in_the_url_searches_nothing(signed_in, idva, sarah):
    page = signed_in(idva).get(reverse("people:list") + "?q=5/12/1990").content.decode()

    assert not AuditEvent.objects.filter(action="people.searched").exists()
    assert 'method="post"' in page


def test_a_search_is_audited_by_its_kind_never_by_what_was_typed(signed_in, idva, sarah):
    search(signed_in(idva), "07700 900123")

    event = AuditEvent.objects.get(action="people.searched")
    assert event.reason == "phone"
    assert "900123" not in f"{event.reason}{event.changes}{event.object_id}"


def test_a_date_of_birth_matching_a_hidden_restricted_record_is_noted(signed_in, idva, agency_a):
    hidden = PersonFactory(agency=agency_a, is_restricted=True, date_of_birth=date(1980, 3, 4))

    page = search(signed_in(idva), "4/3/1980")

    assert hidden.family_name not in page
    noted = AuditEvent.objects.get(action="people.search_matched_restricted")
    assert noted.object_id == str(hidden.pk)
