"""Signing in: password, lockout, MFA challenge and enrolment, role choice, sign out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.roles import Role
from concord.accounts.tests.factories import PASSWORD, MembershipFactory, enrol_authenticator
from concord.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
MFA = reverse("accounts:mfa")


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def post_password(client: Client, email: str, password: str = PASSWORD):
    return client.post(SIGN_IN, {"email": email, "password": password})


def test_correct_password_leads_to_the_code_page(idva):
    response = post_password(Client(), idva.user.email)

    assert response.status_code == 302
    assert response["Location"] == MFA
    assert AuditEvent.objects.filter(action="auth.password_accepted", actor=idva.user).exists()


def test_password_alone_does_not_open_any_page(idva, person_a):
    client = Client()
    post_password(client, idva.user.email)

    for url in ["/", reverse("people:list"), reverse("people:detail", args=[person_a.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(MFA)


def test_wrong_password_and_unknown_email_get_the_same_answer(idva):
    wrong_password = post_password(Client(), idva.user.email, "not-the-password")
    unknown_email = post_password(Client(), "nobody@example.org", "not-the-password")

    for response in (wrong_password, unknown_email):
        assert response.status_code == 200
        assert "Enter the email address and password of your Concord account" in (
            response.content.decode()
        )
    assert AuditEvent.objects.filter(action="auth.sign_in_failed").count() == 2


def test_empty_form_shows_the_error_summary(db):
    body = Client().post(SIGN_IN, {}).content.decode()

    assert "There is a problem" in body
    assert 'href="#id_email"' in body
    assert "<title>Error: Sign in" in body


def test_repeated_failures_lock_the_account_even_with_the_right_password(idva):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(client, idva.user.email, "wrong")

    response = post_password(client, idva.user.email)

    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.locked_out").exists()


def test_lockout_looks_the_same_for_an_unknown_email(db):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(Client(), "nobody@example.org", "wrong")

    response = post_password(Client(REMOTE_ADDR="10.0.0.9"), "nobody@example.org", "wrong")

    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()


def test_lockout_of_one_account_does_not_lock_out_colleagues_at_the_same_address(idva, manager_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_password(Client(), idva.user.email, "wrong")

    response = post_password(Client(), manager_a.user.email)

    assert response.status_code == 302


def test_right_code_completes_sign_in(idva):
    client = Client()
    post_password(client, idva.user.email)
    device = idva.user.totpdevice_set.get()

    response = client.post(MFA, {"code": code_for(device)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.mfa_passed", actor=idva.user).exists()


def test_the_session_key_changes_when_the_code_passes(idva):
    client = Client()
    post_password(client, idva.user.email)
    before_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    device = idva.user.totpdevice_set.get()

    client.post(MFA, {"code": code_for(device)})

    after_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_code != before_code
    captured = Client()
    captured.cookies[settings.SESSION_COOKIE_NAME] = before_code
    assert captured.get("/").status_code == 302
    assert client.get("/").status_code == 200


def test_the_session_key_changes_when_a_new_authenticator_is_confirmed(db):
    membership = MembershipFactory(role=Role.PRACTITIONER)
    client = Client()
    post_password(client, membership.user.email)
    client.get(reverse("accounts:mfa-setup"))
    before_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    device = TOTPDevice.objects.get(user=membership.user, confirmed=False)

    client.post(reverse("accounts:mfa-setup"), {"code": code_for(device)})

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before_code
    assert client.get("/").status_code == 200


def test_wrong_code_is_refused_and_audited(idva):
    client = Client()
    post_password(client, idva.user.email)
    device = idva.user.totpdevice_set.get()
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(MFA, {"code": wrong})

    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.mfa_failed", actor=idva.user).exists()


def test_code_must_be_six_digits(idva):
    client = Client()
    post_password(client, idva.user.email)

    body = client.post(MFA, {"code": "12ab"}).content.decode()

    assert "Enter the 6-digit code from your app" in body


def test_new_user_enrols_an_authenticator(db):
    membership = MembershipFactory(role=Role.PRACTITIONER)
    client = Client()
    post_password(client, membership.user.email)

    assert client.get(MFA)["Location"] == reverse("accounts:mfa-setup")
    page = client.get(reverse("accounts:mfa-setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=membership.user, confirmed=False)

    response = client.post(reverse("accounts:mfa-setup"), {"code": code_for(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.mfa_enrolled").exists()


def test_enrolment_cannot_replace_an_existing_authenticator(idva):
    client = Client()
    post_password(client, idva.user.email)

    response = client.get(reverse("accounts:mfa-setup"))

    assert response["Location"] == MFA
    assert TOTPDevice.objects.filter(user=idva.user).count() == 1


def test_next_only_goes_to_this_site(idva):
    client = Client()
    client.post(
        SIGN_IN + "?next=https://evil.example/", {"email": idva.user.email, "password": PASSWORD}
    )
    device = idva.user.totpdevice_set.get()

    response = client.post(MFA + "?next=https://evil.example/", {"code": code_for(device)})

    assert response["Location"] == "/"


def test_someone_with_two_roles_chooses_one(idva, signed_in):
    second = MembershipFactory(user=idva.user, role=Role.SERVICE_MANAGER)
    client = signed_in(idva)
    session = client.session
    del session["concord_membership_id"]
    session.save()

    assert client.get("/")["Location"] == reverse("accounts:choose-role")
    response = client.post(reverse("accounts:choose-role"), {"membership": str(second.pk)})

    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Service manager" in home
    assert "Switch role" in home


def test_account_without_roles_is_told_so(db, signed_in):
    membership = MembershipFactory(role=Role.PRACTITIONER, is_active=False)
    enrol_authenticator(membership.user)
    client = signed_in(membership)

    response = client.get(reverse("accounts:choose-role"))

    assert response.status_code == 403
    assert "no role" in response.content.decode()


def test_sign_out_ends_the_session(signed_in, idva):
    client = signed_in(idva)

    response = client.post(reverse("accounts:sign-out"))

    assert response["Location"] == SIGN_IN
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.signed_out").exists()


def test_sign_out_needs_post(signed_in, idva):
    assert signed_in(idva).get(reverse("accounts:sign-out")).status_code == 405


def test_user_changes_their_own_password(signed_in, idva):
    client = signed_in(idva)
    url = reverse("accounts:change-password")

    wrong = client.post(
        url, {"current_password": "nope", "new_password": "x", "confirm_password": "y"}
    )
    assert "Your current password is not correct" in wrong.content.decode()
    done = client.post(
        url,
        {
            "current_password": PASSWORD,
            "new_password": "a-fresh-long-passphrase",
            "confirm_password": "a-fresh-long-passphrase",
        },
    )

    assert done["Location"] == "/"
    idva.user.refresh_from_db()
    assert idva.user.check_password("a-fresh-long-passphrase")
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="account.password_set", actor=idva.user).exists()


def test_django_admin_password_change_goes_to_concords_page(signed_in, system_admin):
    response = signed_in(system_admin).get("/admin/password_change/")

    assert response["Location"] == reverse("accounts:change-password")


def test_the_page_asked_for_is_opened_after_sign_in(idva, person_a):
    client = Client()
    target = reverse("people:detail", args=[person_a.pk])
    first = client.get(target)
    assert first["Location"] == f"{SIGN_IN}?next={target.replace('/', '%2F')}"

    after_password = client.post(
        first["Location"], {"email": idva.user.email, "password": PASSWORD}
    )
    device = idva.user.totpdevice_set.get()
    after_code = client.post(after_password["Location"], {"code": code_for(device)})

    assert after_code["Location"] == target
