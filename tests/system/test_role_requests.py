"""Journey: a role that sees case records needs two people. An agency administrator asks
for a new worker to be a practitioner; the service manager approves; the worker is told."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, User
from concord.accounts.roles import Role
from tests.system.conftest import (
    PASSWORD,
    check_page,
    follow,
    make_user,
    sign_in,
    sign_in_again,
    sign_out,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def agency_administrator(haven: Agency) -> User:
    return make_user(
        haven,
        email="priya.shah@haven.example",
        full_name="Priya Shah",
        role=Role.AGENCY_ADMINISTRATOR,
    )


def test_given_a_request_for_a_practitioner_when_the_service_manager_approves_then_the_role_starts(
    page: Page, agency_administrator: User, service_manager: User
) -> None:
    """Given an agency administrator,
    when they add a new worker as a practitioner, then the role waits for approval and
    they cannot approve it themselves; when they try to give themselves service manager,
    they are refused; when the service manager approves the request from their home page,
    then the new worker's home page says the role was approved."""
    journey = "role-requests"
    sign_in(page, agency_administrator, journey)

    follow(page.get_by_role("link", name="Users", exact=True).first)
    follow(page.get_by_role("button", name="Add a user"))
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Work email address").fill(agency_administrator.email)
    page.get_by_label("Service manager", exact=True).check()
    page.get_by_role("button", name="Add user").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("You cannot ask for a role that sees case records for yourself")
    check_page(page, f"{journey}-01-self-grant-refused")

    page.get_by_label("Full name").fill("Dee Okafor")
    page.get_by_label("Work email address").fill("dee.okafor@haven.example")
    page.get_by_label("Practitioner", exact=True).check()
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioner for Dee Okafor")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Dee Okafor will be Practitioner once another administrator or the service manager"
    )
    expect(page.get_by_text("A different person decides this request")).to_be_visible()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    check_page(page, f"{journey}-02-request-waiting")
    sign_out(page)

    sign_in_again(page, service_manager, journey)
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("1 role request is waiting for approval")
    page.get_by_role("link", name="Role requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Role requests")
    check_page(page, f"{journey}-03-role-requests")
    follow(page.get_by_role("link", name="Dee Okafor"))
    check_page(page, f"{journey}-04-request")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Role requests")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Dee Okafor's request for Practitioner is approved"
    )
    expect(page.get_by_text("No requests are waiting.")).to_be_visible()
    check_page(page, f"{journey}-05-approved")
    sign_out(page)

    newcomer = User.objects.get(email="dee.okafor@haven.example")
    newcomer.set_password(PASSWORD)
    newcomer.save(update_fields=["password"])
    TOTPDevice.objects.create(user=newcomer, name="Authenticator app", confirmed=True)
    sign_in(page, newcomer, journey)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your role as Practitioner at Haven Domestic Abuse Services was approved by Beth Lowe"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Practitioner")
    check_page(page, f"{journey}-06-newcomer-home")
