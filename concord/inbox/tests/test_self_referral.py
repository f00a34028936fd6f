"""The public self-referral form: it saves a self-referral in the receiving help point's
inbox, and refuses a flood, a filled honeypot and an oversized post with nothing saved;
nothing of what was sent appears in addresses, titles, logs or cookies."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from concord.accounts.models import Service
from concord.core.models import AuditEvent
from concord.inbox.models import OnlineReferral
from concord.inbox.services import REFERENCE_ALPHABET
from concord.inbox.tests.conftest import VALID

pytestmark = pytest.mark.django_db

FORM = "/get-in-touch/"


def posted(**changes):
    data = {**VALID, **changes}
    data["interpreter_needed"] = "on" if data["interpreter_needed"] else ""
    return data


def visitor(address: str = "192.0.2.10") -> Client:
    return Client(REMOTE_ADDR=address)


def test_the_form_is_at_a_plain_address(help_point):
    assert reverse("self_referral:form") == FORM
    assert reverse("self_referral:sent") == FORM + "sent/"


def test_a_victim_sends_the_form_and_it_lands_in_the_help_point_inbox(help_point):
    response = visitor().post(FORM, posted())
    assert response.status_code == 302
    assert response["Location"] == reverse("self_referral:sent")
    referral = OnlineReferral.objects.get()
    assert (referral.kind, referral.status, referral.service) == ("self", "new", help_point)
    assert referral.agency == help_point.agency
    assert referral.never == ["no_voicemail"]
    assert referral.interpreter_needed is True
    letters = referral.reference.replace("-", "", 1)
    assert len(letters) == 10 and set(letters) <= set(REFERENCE_ALPHABET)
    event = AuditEvent.objects.get(action="online_referral.received")
    assert event.actor_id is None
    assert event.object_id == str(referral.pk)


def test_the_confirmation_repeats_nothing_sent_and_gives_the_999_advice(help_point):
    client = visitor()
    page = client.post(FORM, posted(), follow=True).content.decode()
    referral = OnlineReferral.objects.get()
    for value in ("Sam", "07700 900123", "Polish", "Please ask for Sam", referral.reference):
        assert value not in page
    assert "call 999 and then press 55" in page
    assert "What happens next" in page


def test_a_missing_answer_shows_the_error_summary_and_saves_nothing(help_point):
    response = visitor().post(FORM, posted(name="", danger_now="", phone=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a name we can call you" in page
    assert "Select whether you are in danger now" in page
    assert "Enter a phone number we can use safely" in page
    assert "<title>Error: Ask us to contact you" in page
    assert not OnlineReferral.objects.exists()


def test_an_email_contact_needs_an_email_address(help_point):
    page = visitor().post(FORM, posted(contact_method="email")).content.decode()
    assert "Enter an email address we can use safely" in page
    assert not OnlineReferral.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", 100), ("phone", 30), ("safe_times", 200), ("never_other", 300), ("more", 2000)],
)
def test_every_field_has_a_size_limit(help_point, field, limit):
    page = visitor().post(FORM, posted(**{field: "x" * (limit + 1)})).content.decode()
    assert "govuk-error-summary" in page
    assert f"{limit:,} characters or fewer" in page
    assert not OnlineReferral.objects.exists()


def test_an_oversized_post_is_refused_before_it_is_read(help_point):
    response = visitor().post(FORM, posted(more="x" * 40_000))
    assert response.status_code == 413
    assert "Nothing has been sent or saved" in response.content.decode()
    assert not OnlineReferral.objects.exists()


def test_a_form_with_the_honeypot_filled_is_refused_and_nothing_saved(help_point):
    response = visitor().post(FORM, posted(website="https://spam.example"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your form could not be sent" in page
    assert "Sam" not in page
    assert not OnlineReferral.objects.exists()
    assert not AuditEvent.objects.filter(action="online_referral.received").exists()


def test_a_form_with_only_the_honeypot_filled_is_refused_not_corrected(help_point):
    response = visitor().post(FORM, {"website": "buy now"})
    assert response.status_code == 400
    assert "govuk-error-summary" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not OnlineReferral.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_from_the_keyboard(help_point):
    page = visitor().get(FORM).content.decode()
    honeypot = re.search(r'<input[^>]*name="website"[^>]*>', page)
    assert honeypot is not None
    assert 'tabindex="-1"' in honeypot.group(0)
    assert 'autocomplete="off"' in honeypot.group(0)
    assert '<div class="govuk-visually-hidden" aria-hidden="true">' in page


@override_settings(PUBLIC_FORM_RATE="3/h")
def test_a_flood_from_one_address_is_refused_with_nothing_saved(help_point):
    client = visitor()
    answers = [client.post(FORM, posted()).status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert OnlineReferral.objects.count() == 3
    refused = client.post(FORM, posted())
    assert "call" in refused.content.decode().lower()
    assert "no-store" in refused["Cache-Control"]
    assert "Sam" not in refused.content.decode()
    # Another address is not held back by the first.
    assert visitor("198.51.100.7").post(FORM, posted()).status_code == 302


@override_settings(PUBLIC_FORM_RATE="2/h")
def test_posts_with_mistakes_count_towards_the_limit_too(help_point):
    client = visitor()
    assert client.post(FORM, posted(name="")).status_code == 200
    assert client.post(FORM, posted(name="")).status_code == 200
    assert client.post(FORM, posted()).status_code == 429
    assert not OnlineReferral.objects.exists()


@override_settings(PUBLIC_FORM_RATE="1/h")
def test_the_address_header_counts_only_when_configured(help_point):
    header = {"HTTP_X_CLIENT": "203.0.113.5"}
    client = visitor()
    assert client.post(FORM, posted(), **header).status_code == 302
    # Unconfigured, a header cannot buy a new address.
    assert client.post(FORM, posted(), HTTP_X_CLIENT="203.0.113.6").status_code == 429
    with override_settings(CLIENT_ADDRESS_HEADER="X-Client"):
        assert client.post(FORM, posted(), HTTP_X_CLIENT="203.0.113.6").status_code == 302
        assert client.post(FORM, posted(), HTTP_X_CLIENT="203.0.113.6").status_code == 429


def test_the_pages_are_never_stored_and_set_no_cookie_but_csrf(help_point):
    client = visitor()
    for response in (client.get(FORM), client.post(FORM, posted()), client.get(FORM + "sent/")):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"  # none to other sites
        assert set(response.cookies) <= {"csrftoken"}
    assert "sessionid" not in client.cookies
    assert "messages" not in client.cookies


def test_the_form_enforces_csrf(help_point):
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.20")
    response = strict.post(FORM, posted())
    assert response.status_code == 403
    assert not OnlineReferral.objects.exists()
    # The refusal keeps the public layout: a way out, and no way into the signed-in service.
    page = response.content.decode()
    assert "govuk-exit-this-page" in page and "call 999" in page
    assert "Concord home page" not in page and "Main menu" not in page


def test_nothing_sent_appears_in_the_logs(help_point, caplog):
    caplog.set_level(logging.DEBUG)
    visitor().post(FORM, posted(name="Zebedee Quist", phone="07700 900999"))
    visitor().post(FORM, posted(name="Zebedee Quist", phone="07700 900999", website="x"))
    assert OnlineReferral.objects.count() == 1
    logged = caplog.text
    for value in ("Zebedee", "900999", "Polish", "Please ask for Sam"):
        assert value not in logged


def test_titles_and_addresses_say_nothing_of_the_person(help_point):
    client = visitor()
    form_page = client.get(FORM).content.decode()
    response = client.post(FORM, posted())
    sent = client.get(response["Location"]).content.decode()
    referral = OnlineReferral.objects.get()
    assert referral.reference not in response["Location"]
    assert str(referral.pk) not in response["Location"]
    for page in (form_page, sent):
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "Sam" not in title
        assert "abuse" not in title.lower()


def test_the_form_shows_the_safety_notice_and_exit_this_page(help_point):
    page = visitor().get(FORM).content.decode()
    assert 'data-concord="device-safety"' in page
    assert "govuk-exit-this-page" in page
    assert "call 999 and then press 55" in page


def test_without_a_receiving_help_point_there_is_no_form(help_point):
    Service.objects.update(takes_online_referrals=False)
    client = visitor()
    page = client.get(FORM).content.decode()
    assert "You cannot ask for support online" in page
    assert "<form" not in page
    client.post(FORM, posted())
    assert not OnlineReferral.objects.exists()
