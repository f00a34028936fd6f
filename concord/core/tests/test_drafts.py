"""Form drafts: kept for one user in one role and one page, sealed, audited, deleted when the
form is sent or after the keeping time; the idle sign-out returns to the page."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.accounts.roles import Role
from concord.accounts.tests.factories import PASSWORD, MembershipFactory
from concord.core import drafts
from concord.core.middleware import LAST_ACTIVITY, POLL_HEADER
from concord.core.models import AuditEvent, FormDraft

pytestmark = pytest.mark.django_db

DRAFTS = reverse("draft")
CASE_A_CONTACT = "/cases/4f0c1f9e-1111-4a5b-9c1d-000000000001/contacts/new/"
CASE_B_CONTACT = "/cases/4f0c1f9e-2222-4a5b-9c1d-000000000002/contacts/new/"
NOTE = {"notes": ["Spoke to her at the refuge; do not leave voicemail."], "channel": ["phone"]}
POLL = {POLL_HEADER: "1"}


def save(client: Client, path: str, fields: object = NOTE) -> int:
    body = json.dumps({"path": path, "fields": fields})
    return client.post(DRAFTS, body, content_type="application/json", headers=POLL).status_code


def restore(client: Client, path: str):
    return client.get(DRAFTS, {"path": path}, headers=POLL)


def test_a_saved_draft_comes_back_to_its_author_on_the_same_page(signed_in, idva):
    client = signed_in(idva)

    assert save(client, CASE_A_CONTACT) == 204
    answer = restore(client, CASE_A_CONTACT)

    assert answer.status_code == 200
    assert answer.json()["fields"] == NOTE
    assert answer.json()["savedAt"]


def test_the_tokens_of_one_rendering_are_not_kept(signed_in, idva):
    client = signed_in(idva)
    save(
        client, CASE_A_CONTACT, {**NOTE, "csrfmiddlewaretoken": ["x"], "concord_form_token": ["y"]}
    )

    assert restore(client, CASE_A_CONTACT).json()["fields"] == NOTE


def test_another_user_gets_nothing_of_a_draft(signed_in, idva, manager_a, worker_c):
    save(signed_in(idva), CASE_A_CONTACT)

    assert restore(signed_in(manager_a), CASE_A_CONTACT).status_code == 204
    assert restore(signed_in(worker_c), CASE_A_CONTACT).status_code == 204
    assert not AuditEvent.objects.filter(action="draft.restored").exists()


def test_the_same_user_in_another_role_gets_nothing(signed_in, idva):
    save(signed_in(idva), CASE_A_CONTACT)
    other_role = MembershipFactory(user=idva.user, role=Role.SERVICE_MANAGER)

    assert restore(signed_in(other_role), CASE_A_CONTACT).status_code == 204


def test_a_draft_never_fills_another_records_form(signed_in, idva):
    client = signed_in(idva)
    save(client, CASE_A_CONTACT)

    assert restore(client, CASE_B_CONTACT).status_code == 204


def test_a_draft_is_sealed_at_rest(signed_in, idva):
    save(signed_in(idva), CASE_A_CONTACT)

    sealed = FormDraft.objects.get().sealed
    assert "voicemail" not in sealed
    assert "refuge" not in sealed


def test_saving_and_restoring_are_audited_with_field_names_only(signed_in, idva):
    client = signed_in(idva)
    save(client, CASE_A_CONTACT)
    restore(client, CASE_A_CONTACT)

    saved = AuditEvent.objects.get(action="draft.saved")
    assert saved.actor_id == idva.user.pk
    assert saved.agency_id == idva.agency_id
    assert saved.changes == ["channel", "notes"]
    assert "voicemail" not in json.dumps(saved.changes)
    assert AuditEvent.objects.filter(action="draft.restored", actor=idva.user).count() == 1


@pytest.mark.parametrize(
    "path", ["https://evil.example/", "//evil.example/x", "/cases/?name=Sarah", "cases/", ""]
)
def test_a_draft_belongs_to_a_page_of_concord(signed_in, idva, path):
    assert save(signed_in(idva), path) == 400
    assert not FormDraft.objects.exists()


@pytest.mark.parametrize("fields", [["notes"], {"notes": "text"}, {"notes": [1]}, None])
def test_a_draft_is_a_forms_fields(signed_in, idva, fields):
    assert save(signed_in(idva), CASE_A_CONTACT, fields) == 400


def test_a_draft_too_long_is_refused(signed_in, idva):
    assert save(signed_in(idva), CASE_A_CONTACT, {"notes": ["x" * 100_001]}) == 400


def test_drafts_need_a_signed_in_user():
    response = Client().get(DRAFTS, {"path": CASE_A_CONTACT})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def test_a_form_sent_successfully_deletes_its_draft(signed_in, idva):
    client = signed_in(idva)
    page = reverse("accounts:change-password")
    save(client, page, {"new_password": ["never kept"], "notes": ["typed"]})
    new = "another long password 77"

    refused = client.post(
        page, {"current_password": "wrong", "new_password": new, "confirm_password": new}
    )
    assert refused.status_code == 200
    assert FormDraft.objects.filter(path=page).exists()

    sent = client.post(
        page, {"current_password": PASSWORD, "new_password": new, "confirm_password": new}
    )
    assert sent.status_code == 302
    assert not FormDraft.objects.exists()
    assert AuditEvent.objects.filter(action="draft.deleted_on_send", actor=idva.user).count() == 1


def test_sending_one_records_form_keeps_another_records_draft(signed_in, idva):
    client = signed_in(idva)
    save(client, CASE_A_CONTACT)

    assert drafts.forget_sent_form(idva.user, CASE_B_CONTACT) == 0
    assert FormDraft.objects.count() == 1


def test_drafts_older_than_the_keeping_time_are_deleted(signed_in, idva, settings):
    client = signed_in(idva)
    save(client, CASE_A_CONTACT)
    save(client, CASE_B_CONTACT)
    old = timezone.now() - settings.DRAFT_KEEP - timedelta(minutes=1)
    FormDraft.objects.filter(path=CASE_A_CONTACT).update(saved_at=old)

    assert drafts.forget_expired_drafts() == 1

    assert list(FormDraft.objects.values_list("path", flat=True)) == [CASE_B_CONTACT]
    assert AuditEvent.objects.filter(action="draft.expired", actor=None).count() == 1


def test_the_worker_deletes_expired_drafts():
    from concord.core import maintenance

    jobs = {job.name: job.function for job in maintenance.registered()}
    assert jobs["forget_expired_drafts"] is drafts.forget_expired_drafts


# The idle timeout, as the server counts it ------------------------------------------------


def idle_for(client: Client, seconds: float) -> None:
    session = client.session
    session[LAST_ACTIVITY] = timezone.now().timestamp() - seconds
    session.save()


def test_the_idle_sign_out_returns_to_the_page_after_signing_in(signed_in, idva):
    client = signed_in(idva)
    idle_for(client, 16 * 60)

    response = client.get(CASE_A_CONTACT)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign-in") + "?next=" + CASE_A_CONTACT.replace(
        "/", "%2F"
    )


def test_the_scripts_own_questions_after_the_timeout_name_no_page(signed_in, idva):
    client = signed_in(idva)
    idle_for(client, 16 * 60)

    response = client.get(reverse("session-status"), headers=POLL)

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:sign-in")
    assert "You were signed out" in client.get(reverse("accounts:sign-in")).content.decode()


def test_asking_how_long_is_left_is_not_activity(signed_in, idva, settings):
    client = signed_in(idva)
    idle_for(client, 10 * 60)

    left = client.get(reverse("session-status"), headers=POLL).json()["secondsLeft"]

    assert settings.IDLE_TIMEOUT.total_seconds() - 10 * 60 - 5 <= left <= 5 * 60
    assert client.session[LAST_ACTIVITY] < timezone.now().timestamp() - 9 * 60


def test_staying_signed_in_starts_the_idle_time_again(signed_in, idva, settings):
    client = signed_in(idva)
    idle_for(client, 14 * 60)

    response = client.post(reverse("stay-signed-in"))

    assert response.json()["secondsLeft"] >= settings.IDLE_TIMEOUT.total_seconds() - 5
    assert client.session[LAST_ACTIVITY] > timezone.now().timestamp() - 5
    assert AuditEvent.objects.filter(action="auth.session_extended", actor=idva.user).exists()


def test_staying_signed_in_needs_the_csrf_token(idva, signed_in):
    client = signed_in(idva)
    client.handler.enforce_csrf_checks = True

    assert client.post(reverse("stay-signed-in")).status_code == 403


def test_staying_signed_in_after_the_timeout_is_too_late(signed_in, idva):
    client = signed_in(idva)
    idle_for(client, 16 * 60)

    response = client.post(reverse("stay-signed-in"))

    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_signed_in_pages_carry_the_timeout_warning(signed_in, idva):
    page = signed_in(idva).get("/").content.decode()

    assert 'id="concord-timeout-warning"' in page
    assert 'data-warn-seconds="120"' in page


def test_the_sign_in_page_has_no_timeout_warning():
    assert (
        'id="concord-timeout-warning"'
        not in Client().get(reverse("accounts:sign-in")).content.decode()
    )


def test_signing_in_again_lands_on_the_page_the_user_was_on(signed_in, idva):
    from concord.accounts.tests.test_sign_in import code_for

    client = signed_in(idva)
    idle_for(client, 16 * 60)
    sign_in_page = client.get(CASE_A_CONTACT)["Location"]

    to_code = client.post(sign_in_page, {"email": idva.user.email, "password": PASSWORD})
    device = idva.user.totpdevice_set.get()
    back = client.post(to_code["Location"], {"code": code_for(device)})

    assert back["Location"] == CASE_A_CONTACT
