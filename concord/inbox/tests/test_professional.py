"""The professionals' referral form (issue 18, point 2): what it takes and refuses (consent
or a safeguarding basis, a DASH score in range or every answer, files by content and size,
how many), its abuse controls (honeypot, flood, request size), and what the referrer is
shown and sent: the reference and nothing else, no cookie but CSRF, nothing kept by the
browser, nothing of the person in the page's title, its URL or the logs."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.core.models import AuditEvent
from concord.inbox import professional, services
from concord.inbox.models import OnlineReferral, OnlineReferralFile
from concord.risk.instruments import BUNDLED, read_instrument, store_instrument
from concord.risk.models import Instrument, Question

pytestmark = pytest.mark.django_db

URL = "/refer/"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 60
PERSON = "Marisol"
FAMILY = "Quenby"


@pytest.fixture(autouse=True)
def checklists(db):
    """The migration loads them; a database flushed by a transactional test has lost them."""
    if not Instrument.objects.exists():
        for path in BUNDLED:
            store_instrument(read_instrument(path), Instrument, Question)


@pytest.fixture(autouse=True)
def stored(settings, tmp_path):
    settings.REFERRAL_FILES_DIR = tmp_path / "referral-files"
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    return settings.REFERRAL_FILES_DIR


@pytest.fixture
def online_help_point(agency_a):
    service = add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)
    service.takes_online_referrals = True
    service.save(update_fields=["takes_online_referrals"])
    return service


@pytest.fixture
def ric():
    return Instrument.objects.get(code="dash_ric", active=True)


def answers_of(instrument, yes=0):
    """Every question answered: the first ``yes`` yes, then one don't know, the rest no."""
    codes = list(instrument.questions.order_by("number").values_list("code", flat=True))
    values = ["yes"] * yes + ["dont_know"] + ["no"] * len(codes)
    return dict(zip(codes, values, strict=False))


def form(**changes):
    data = {
        "referrer_name": "Dr Aled Pryce",
        "referrer_role": "GP",
        "referrer_agency": "Northgate Surgery",
        "referral_source": "health",
        "referrer_email": "a.pryce@northgate.example",
        "name": PERSON,
        "family_name": FAMILY,
        "contact_method": "call",
        "phone": "07700 900123",
        "safe_times": "Weekday mornings",
        "never": ["no_voicemail"],
        "danger_now": "no",
        "basis": "consent",
        "risk": "none",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def with_answers(instrument, yes=0):
    answers = answers_of(instrument, yes)
    return form(risk="answers", **{f"dash_{code}": value for code, value in answers.items()})


# The page ---------------------------------------------------------------------------------


def test_the_form_opens_to_anyone_and_is_kept_by_no_browser(
    client, online_help_point, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert (
        response["Referrer-Policy"] == "same-origin"
    )  # a form posted under no-referrer fails CSRF
    assert "<title>Refer someone for support – Get support</title>" in page
    assert "Exit this page" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'name="website"' in page  # the honeypot
    assert 'type="file"' in page and "multiple" in page
    assert "dash_" in page  # the checklist's questions
    assert set(response.cookies) <= {"csrftoken"}


def test_without_a_help_point_taking_referrals_the_form_says_so(client):
    response = client.get(URL)
    assert response.status_code == 503
    assert "Online referrals are not available" in response.content.decode()


def test_a_referral_with_a_score_lands_in_the_inbox_and_the_referrer_sees_only_the_reference(
    client, online_help_point, ric, caplog
):
    client.get(URL)
    with caplog.at_level(logging.DEBUG):
        response = client.post(URL, form(risk="score", dash_score="15"))
    referral = OnlineReferral.objects.get()
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<strong data-concord="reference">{referral.reference}</strong>' in page
    assert PERSON not in page and FAMILY not in page and "07700" not in page
    assert "Northgate" not in page and "Pryce" not in page
    assert "<title>Referral sent – Get support</title>" in page
    assert "no-store" in response["Cache-Control"]
    assert set(response.cookies) <= {"csrftoken"}
    assert (referral.kind, referral.status, referral.service) == (
        "professional",
        "new",
        online_help_point,
    )
    assert referral.agency == online_help_point.agency
    assert abs(referral.received_at - timezone.now()) < timedelta(minutes=1)
    assert (referral.risk_instrument, referral.risk_score, referral.risk_answers) == (ric, 15, {})
    assert referral.consent_given is True
    assert (referral.referrer_name, referral.referral_source) == ("Dr Aled Pryce", "health")
    assert (referral.name, referral.never) == (PERSON, ["no_voicemail"])
    assert PERSON not in caplog.text and referral.reference not in caplog.text
    event = AuditEvent.objects.get(action="online_referral.received")
    assert event.actor_id is None and "name" in event.changes
    assert PERSON not in str(event.changes) + event.reason


def test_the_reference_is_random_and_readable(online_help_point):
    first, second = services.new_reference(), services.new_reference()
    assert first != second and len(first) == 11 and first[5] == "-"
    assert not set(first.replace("-", "")) - set(services.REFERENCE_ALPHABET)


def test_errors_are_listed_in_a_summary_and_nothing_is_kept(client, online_help_point):
    response = client.post(URL, {"website": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "<title>Error: Refer someone for support – Get support</title>" in page
    for message in (
        "Enter your name",
        "Select the kind of organisation",
        "Enter your work email address",
        "Select how we can safely contact them",
        "Select whether the person agreed to this referral",
    ):
        assert message in page, message
    assert not OnlineReferral.objects.exists()


# Consent, or the safeguarding basis -------------------------------------------------------


def test_without_consent_a_safeguarding_basis_and_reason_are_required(client, online_help_point):
    page = client.post(URL, form(basis="safeguarding")).content.decode()
    assert "Select the safeguarding basis" in page
    assert "Give the reason for referring without their consent" in page
    assert not OnlineReferral.objects.exists()


def test_a_referral_without_consent_keeps_its_basis_and_reason(client, online_help_point):
    client.post(
        URL,
        form(
            basis="safeguarding",
            safeguarding_basis="child_protection",
            safeguarding_reason="Two children at home; asking could raise the risk.",
        ),
    )
    referral = OnlineReferral.objects.get()
    assert referral.consent_given is False
    assert referral.safeguarding_basis == "child_protection"
    assert referral.safeguarding_reason.startswith("Two children")


def test_with_consent_a_basis_sent_anyway_is_not_kept(client, online_help_point):
    client.post(URL, form(safeguarding_basis="marac", safeguarding_reason="Not needed"))
    referral = OnlineReferral.objects.get()
    assert (referral.consent_given, referral.safeguarding_basis) == (True, "")


def test_a_safe_phone_number_is_needed_to_call_them(client, online_help_point):
    page = client.post(URL, form(phone="")).content.decode()
    assert "Enter a safe phone number for them" in page
    page = client.post(URL, form(contact_method="email", email="")).content.decode()
    assert "Enter a safe email address for them" in page
    assert not OnlineReferral.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(client, online_help_point):
    born = timezone.localdate() + timedelta(days=2)
    data = form(**{"date_of_birth-day": born.day, "date_of_birth-month": born.month})
    data["date_of_birth-year"] = born.year
    page = client.post(URL, data).content.decode()
    assert "Their date of birth must be a real date in the past" in page
    assert not OnlineReferral.objects.exists()


# The DASH checklist -----------------------------------------------------------------------


@pytest.mark.parametrize("score", ["25", "-1", "ten"])
def test_a_score_out_of_the_checklists_range_is_refused(client, online_help_point, score):
    page = client.post(URL, form(risk="score", dash_score=score)).content.decode()
    assert "Enter a score from 0 to 24" in page or "Enter the score as a whole number" in page
    assert not OnlineReferral.objects.exists()


def test_choosing_a_score_needs_one(client, online_help_point):
    page = client.post(URL, form(risk="score")).content.decode()
    assert "Enter the DASH score" in page
    assert not OnlineReferral.objects.exists()


def test_the_checklists_answers_are_kept_with_their_score(client, online_help_point, ric):
    client.post(URL, with_answers(ric, yes=15))
    referral = OnlineReferral.objects.get()
    assert referral.risk_instrument == ric
    assert len(referral.risk_answers) == 24
    assert referral.risk_score == 15
    assert set(referral.risk_answers.values()) == {"yes", "no", "dont_know"}


def test_every_question_must_be_answered(client, online_help_point, ric):
    data = with_answers(ric, yes=3)
    first = ric.questions.get(number=1)
    del data[f"dash_{first.code}"]
    page = client.post(URL, data).content.decode()
    assert "Answer question 1" in page
    assert not OnlineReferral.objects.exists()


def test_an_answer_that_is_not_yes_no_or_dont_know_is_refused(client, online_help_point, ric):
    data = with_answers(ric)
    data[f"dash_{ric.questions.get(number=2).code}"] = "maybe"
    page = client.post(URL, data).content.decode()
    assert "Answer question 2" in page
    assert not OnlineReferral.objects.exists()


def test_answers_sent_without_choosing_to_give_them_are_not_kept(client, online_help_point, ric):
    data = with_answers(ric, yes=20)
    data["risk"] = "none"
    client.post(URL, data)
    referral = OnlineReferral.objects.get()
    assert (referral.risk_instrument, referral.risk_answers, referral.risk_score) == (
        None,
        {},
        None,
    )


def test_the_service_refuses_answers_to_questions_of_no_checklist(online_help_point, ric):
    answers = answers_of(ric)
    answers["not_a_question"] = "yes"
    with pytest.raises(Exception, match="Answer every question"):
        professional.check_risk(professional.RiskChecklist(ric, answers))
    with pytest.raises(Exception, match="from 0 to 24"):
        professional.check_risk(professional.RiskChecklist(ric, None, 30))


# Files ------------------------------------------------------------------------------------


def upload(content, name="letter.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_files_are_kept_by_their_content_under_the_data_directory(
    client, online_help_point, stored
):
    client.post(
        URL,
        {**form(), "attachments": [upload(PDF, "GP letter.pdf"), upload(PNG, "photo.exe")]},
    )
    referral = OnlineReferral.objects.get()
    files = list(referral.files.order_by("title"))
    assert [(f.title, f.kind, f.size) for f in files] == [
        ("GP letter.pdf", "pdf", len(PDF)),
        ("photo.exe", "png", len(PNG)),
    ]
    assert (stored / files[0].stored_name).read_bytes() == PDF
    assert oct((stored / files[0].stored_name).stat().st_mode & 0o777) == "0o600"
    assert files[0].agency == online_help_point.agency


def test_an_executable_is_refused_and_nothing_is_kept(client, online_help_point, stored):
    page = client.post(
        URL, {**form(), "attachments": [upload(PDF), upload(EXE, "report.pdf")]}
    ).content.decode()
    assert "File 2: The file must be a PDF" in page
    assert not OnlineReferral.objects.exists() and not OnlineReferralFile.objects.exists()
    assert not stored.exists() or not any(stored.iterdir())


def test_an_oversized_file_is_refused_and_nothing_is_kept(
    client, online_help_point, stored, settings
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    page = client.post(URL, {**form(), "attachments": [upload(big)]}).content.decode()
    assert "File 1: The file must be smaller than 1 MB" in page
    assert not OnlineReferral.objects.exists()
    assert not stored.exists() or not any(stored.iterdir())


def test_more_files_than_allowed_are_refused(client, online_help_point, stored, settings):
    settings.REFERRAL_ATTACHMENTS = 2
    page = client.post(
        URL, {**form(), "attachments": [upload(PDF), upload(PDF), upload(PDF)]}
    ).content.decode()
    assert "Attach no more than 2 files" in page
    assert not OnlineReferral.objects.exists()
    assert not stored.exists() or not any(stored.iterdir())


def test_a_file_that_fails_to_save_leaves_no_file_behind(online_help_point, stored, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(professional.audit, "record", broken)
    details = {"name": PERSON, "contact_method": "call", "danger_now": "no"}
    with pytest.raises(RuntimeError):
        professional.submit_referral(
            online_help_point, details, professional.RiskChecklist(), [upload(PDF)]
        )
    assert not OnlineReferral.objects.exists()
    assert not any(stored.iterdir())


def test_a_request_larger_than_the_form_can_take_is_refused_before_it_is_read(
    client, online_help_point, settings
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    settings.REFERRAL_ATTACHMENTS = 1
    big = PDF + b"0" * (2 * 1024 * 1024)
    response = client.post(URL, {**form(), "attachments": [upload(big)]})
    assert response.status_code == 413
    assert "larger than we can take" in response.content.decode()
    assert not OnlineReferral.objects.exists()


# Abuse controls ---------------------------------------------------------------------------


def test_a_form_with_the_honeypot_filled_is_refused(client, online_help_point):
    response = client.post(URL, form(website="https://spam.example"))
    assert response.status_code == 400
    assert "We could not send this form" in response.content.decode()
    assert not OnlineReferral.objects.exists()


def test_a_flood_from_one_address_is_refused(client, online_help_point, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    assert client.post(URL, form()).status_code == 200
    assert client.post(URL, form()).status_code == 200
    flooded = client.post(URL, form())
    assert flooded.status_code == 429
    assert "Too many forms" in flooded.content.decode()
    assert OnlineReferral.objects.count() == 2
    other_address = client.post(URL, form(), REMOTE_ADDR="192.0.2.7")
    assert other_address.status_code == 200
    assert OnlineReferral.objects.count() == 3


def test_a_post_without_the_csrf_token_is_refused(online_help_point):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, form())
    assert response.status_code == 403
    assert not OnlineReferral.objects.exists()
