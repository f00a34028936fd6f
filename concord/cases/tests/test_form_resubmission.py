"""A form sent again with its one-time token (a retry after a lost answer, a double click)
repeats the first answer instead of recording a second contact (issue 11)."""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Contact, ImportBatch, ImportStatus
from concord.core.form_submissions import FORM_TOKEN, forget_old_form_submissions
from concord.core.models import AuditEvent, FormSubmission
from concord.core.tests.dates import date_parts

pytestmark = pytest.mark.django_db

CONTACT = {
    "channel": "call",
    "initiated_by": "victim",
    **date_parts("on", "2026-11-07"),
    "at": "11:00",
    "duration_minutes": "25",
}
TOKEN_INPUT = re.compile(rf'name="{FORM_TOKEN}" value="([^"]+)"')


@pytest.fixture
def case(idva, person_a):
    opened = services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency),
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    services.change_status(idva.user, opened, CaseStatus.OPEN)
    return opened


def token_from(client: Client, url: str) -> str:
    """The token of the form as the page renders it."""
    return TOKEN_INPUT.findall(client.get(url).content.decode())[-1]


def test_every_form_on_a_page_carries_its_own_token(signed_in, idva, case):
    page = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    tokens = TOKEN_INPUT.findall(page)
    assert len(tokens) == page.count('name="csrfmiddlewaretoken"') > 1
    assert len(set(tokens)) == len(tokens)


def test_a_contact_form_sent_twice_records_one_contact(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:record-contact", args=[case.pk])
    form = {**CONTACT, FORM_TOKEN: token_from(client, url)}

    first = client.post(url, form)
    again = client.post(url, form)

    assert Contact.objects.count() == 1
    assert first.status_code == 302
    assert again.status_code == 303
    assert again["Location"] == first["Location"] == reverse("cases:detail", args=[case.pk])


def test_a_form_with_errors_can_be_corrected_and_sent_with_the_same_token(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:record-contact", args=[case.pk])
    token = token_from(client, url)

    with_errors = client.post(url, {**CONTACT, **date_parts("on", "2026-11-01"), FORM_TOKEN: token})
    corrected = client.post(url, {**CONTACT, FORM_TOKEN: token})
    again = client.post(url, {**CONTACT, FORM_TOKEN: token})

    assert with_errors.status_code == 200
    assert "A contact cannot be before the referral" in with_errors.content.decode()
    assert (corrected.status_code, again.status_code) == (302, 303)
    assert Contact.objects.count() == 1


def test_an_answer_that_is_not_a_redirect_keeps_nothing_but_its_own_writes(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("people:list")
    token = token_from(client, url)
    searches = AuditEvent.objects.filter(action="people.searched").count()

    response = client.post(url, {"q": "Ahmed", FORM_TOKEN: token})

    assert response.status_code == 200
    assert not FormSubmission.objects.exists()
    assert AuditEvent.objects.filter(action="people.searched").count() > searches


def test_another_user_cannot_repeat_someone_elses_token(signed_in, idva, manager_a, case):
    idva_client, manager_client = signed_in(idva), signed_in(manager_a)
    url = reverse("cases:record-contact", args=[case.pk])
    form = {**CONTACT, FORM_TOKEN: token_from(idva_client, url)}

    idva_client.post(url, form)
    by_manager = manager_client.post(url, form)

    assert by_manager.status_code == 302  # the view ran: nothing was repeated
    assert Contact.objects.count() == 2
    assert FormSubmission.objects.count() == 2


def test_a_404_keeps_no_answer(signed_in, police_rep, case):
    url = reverse("cases:record-contact", args=[case.pk])

    response = signed_in(police_rep).post(url, {**CONTACT, FORM_TOKEN: "a" * 32})

    assert response.status_code == 404
    assert not FormSubmission.objects.exists()
    assert not Contact.objects.exists()


def test_a_form_without_a_token_works_as_before(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:record-contact", args=[case.pk])

    client.post(url, CONTACT)
    client.post(url, CONTACT)

    assert Contact.objects.count() == 2
    assert not FormSubmission.objects.exists()


def test_old_answers_are_forgotten(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:record-contact", args=[case.pk])
    for _ in range(2):
        client.post(url, {**CONTACT, FORM_TOKEN: token_from(client, url)})
    FormSubmission.objects.filter(pk=FormSubmission.objects.first().pk).update(
        sent_at=timezone.now() - timedelta(days=3)
    )

    assert forget_old_form_submissions(older_than=timedelta(days=2)) == 1
    assert FormSubmission.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sends_of_one_form_record_one_contact(signed_in, idva, case, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    url = reverse("cases:record-contact", args=[case.pk])
    clients = [signed_in(idva), signed_in(idva)]
    form = {**CONTACT, FORM_TOKEN: "concurrent-token-0123456789"}
    record_contact = services.record_contact

    def slow_record_contact(*args, **kwargs):
        time.sleep(0.5)  # the other request arrives while this one is working
        return record_contact(*args, **kwargs)

    monkeypatch.setattr(services, "record_contact", slow_record_contact)
    start = threading.Barrier(2)
    answers: list[tuple[int, str]] = []

    def send(client: Client) -> None:
        try:
            start.wait()
            response = client.post(url, form)
            answers.append((response.status_code, response["Location"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Contact.objects.count() == 1
    assert sorted(status for status, _ in answers) == [302, 303]
    assert {location for _, location in answers} == {reverse("cases:detail", args=[case.pk])}


def test_a_form_sent_again_says_it_was_not_saved_again(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("cases:record-contact", args=[case.pk])
    form = {**CONTACT, FORM_TOKEN: token_from(client, url)}
    client.post(url, form, follow=True)

    page = client.post(url, form, follow=True).content.decode()

    assert "You had already sent this form, so it was not saved again" in page


def test_an_upload_sent_twice_is_imported_once(signed_in, manager_a):
    client = signed_in(manager_a)
    url = reverse("cases:imports")
    token = token_from(client, url)

    def upload():
        content = b"record_id,given_name,family_name,date_of_birth\nP1,Sarah,Ahmed,1988-03-14\n"
        file = SimpleUploadedFile("people.csv", content, content_type="text/csv")
        return client.post(url, {"kind": "people", "file": file, FORM_TOKEN: token})

    first, again = upload(), upload()

    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.IMPORTED
    assert first["Location"] == again["Location"] == reverse("cases:import-batch", args=[batch.pk])
