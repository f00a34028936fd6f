"""Journeys: signing in with a password and an authenticator app, by mouse and by keyboard."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.people.models import Person
from tests.system.conftest import PASSWORD, check_page, current_code, screenshot

pytestmark = pytest.mark.browser


def test_given_an_enrolled_practitioner_when_they_sign_in_then_they_see_their_agency_records(
    page: Page, practitioner: User, person: Person, settings
) -> None:
    """Given a practitioner with an authenticator app,
    when they sign in, making a mistake on each step first,
    then each mistake is explained, they land on the home page in their role and agency,
    can open the People list and a record, and signing out says they have signed out."""
    # No wait between one wrong code and the next try, as a quick typist would find.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    journey = "practitioner-sign-in"

    page.goto("/")
    expect(page).to_have_url("/accounts/sign-in/")
    check_page(page, f"{journey}-01-sign-in")

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Sign in – Concord")
    check_page(page, f"{journey}-02-sign-in-errors")
    summary.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()

    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    check_page(page, f"{journey}-03-mfa")

    device = TOTPDevice.objects.get(user=practitioner)
    code = current_code(device)
    page.get_by_label("Code from your authenticator app").fill(f"{(int(code) + 1) % 10**6:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not correct")
    check_page(page, f"{journey}-04-mfa-wrong-code")

    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioner")
    expect(page.locator("main")).to_contain_text("Haven Domestic Abuse Services")
    expect(page.locator("header")).to_contain_text(
        "Amira Hussain, Practitioner, Haven Domestic Abuse Services"
    )
    check_page(page, f"{journey}-05-home")

    page.get_by_role("navigation").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    check_page(page, f"{journey}-06-people")

    page.get_by_role("link", name="Sarah Ahmed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarah Ahmed")
    expect(page.get_by_text("14 March 1988")).to_be_visible()
    expect(page.get_by_role("link", name="Who viewed or changed this record")).to_have_count(0)
    check_page(page, f"{journey}-07-person")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/sign-in/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    check_page(page, f"{journey}-08-signed-out")


def test_given_a_new_user_when_they_cannot_scan_the_qr_code_then_they_set_up_with_the_key(
    page: Page, new_user: User
) -> None:
    """Given a user with a password but no authenticator app,
    when they sign in and type the set-up key into their app instead of scanning the QR code,
    then the app's code is accepted and they land on the home page."""
    journey = "mfa-set-up"
    page.goto("/accounts/sign-in/")
    check_page(page, f"{journey}-01-sign-in")
    page.get_by_label("Email address").fill(new_user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url("/accounts/mfa/set-up/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr_code = page.get_by_role("img", name="QR code for setting up your authenticator app")
    expect(qr_code.locator("svg")).to_be_visible()
    check_page(page, f"{journey}-02-qr-code")

    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#mfa-secret")
    expect(secret).to_be_visible()
    expect(secret).to_have_text(re.compile(r"^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$"))
    check_page(page, f"{journey}-03-key")

    key = base64.b32decode(secret.inner_text().replace(" ", ""))
    code = totp(key, step=30, t0=0, digits=6)
    page.get_by_label("Code from your authenticator app").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url("/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your authenticator app is set up"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioner")
    check_page(page, f"{journey}-04-home")
    assert TOTPDevice.objects.filter(user=new_user, confirmed=True).count() == 1


def test_given_a_keyboard_user_when_they_sign_in_then_they_need_no_mouse(
    page: Page, practitioner: User
) -> None:
    """Given someone using only a keyboard on the sign-in page,
    when they press Tab, then the skip link is focused first and Enter moves them to the
    main content; when they type their email, password and code, pressing Enter to send,
    then they are signed in."""
    journey = "keyboard"
    page.goto("/accounts/sign-in/")
    check_page(page, f"{journey}-01-sign-in")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    screenshot(page, f"{journey}-02-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(practitioner.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    code_field = page.get_by_label("Code from your authenticator app")
    expect(code_field).to_be_visible()
    check_page(page, f"{journey}-03-mfa")
    code_field.focus()
    page.keyboard.type(current_code(TOTPDevice.objects.get(user=practitioner)))
    page.keyboard.press("Enter")

    # The URL keeps the skip link's #main-content through the redirects, as browsers do.
    expect(page).to_have_url(re.compile(r"^http://[^/]+/(#main-content)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioner")
    check_page(page, f"{journey}-04-home")
