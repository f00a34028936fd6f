"""Journeys: someone with two roles chooses and switches role, then changes their password."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, User
from concord.accounts.roles import Role
from tests.system.conftest import PASSWORD, check_page, follow, make_user, sign_in

pytestmark = pytest.mark.browser


def test_given_two_roles_when_signing_in_then_they_choose_switch_and_change_password(
    page: Page, haven: Agency, practitioner: User
) -> None:
    """Given a practitioner who is also their agency's administrator,
    when they sign in, they choose which role to work in, can switch role from the header,
    and can change their password (with errors explained first)."""
    journey = "account"
    make_user(
        haven,
        email=practitioner.email,
        full_name=practitioner.full_name,
        role=Role.AGENCY_ADMINISTRATOR,
        authenticator=False,
    )

    sign_in(page, practitioner, journey)
    expect(page.get_by_role("heading", level=1)).to_have_text("Which role are you working in?")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the role")
    check_page(page, f"{journey}-01-choose-role-error")
    page.get_by_label("Agency administrator, Haven Domestic Abuse Services").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agency administrator")
    expect(page.get_by_role("navigation").get_by_role("link", name="People")).to_have_count(0)
    check_page(page, f"{journey}-02-home-as-administrator")

    follow(page.get_by_role("link", name="Switch role"))
    page.get_by_label("Practitioner, Haven Domestic Abuse Services").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioner")
    expect(page.get_by_role("navigation").get_by_role("link", name="People")).to_be_visible()
    check_page(page, f"{journey}-03-home-as-practitioner")

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Practitioner, Haven Domestic Abuse Services"
    )
    follow(page.get_by_role("link", name="Your password"))
    page.get_by_label("Current password").fill("not my password")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your current password is not correct"
    )
    check_page(page, f"{journey}-04-change-password-errors")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("another long passphrase 2026")
    page.get_by_label("Confirm new password").fill("another long passphrase 2026")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password is changed")
    check_page(page, f"{journey}-05-password-changed")
    practitioner.refresh_from_db()
    assert practitioner.check_password("another long passphrase 2026")
