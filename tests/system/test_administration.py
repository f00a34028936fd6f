"""Journey: a system administrator sets up an agency, its service and its first user."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from tests.system.conftest import check_page, follow, sign_in

pytestmark = pytest.mark.browser


def test_given_a_system_administrator_when_they_add_an_agency_and_a_user_then_they_can_reset_it(
    page: Page, system_administrator: User
) -> None:
    """Given a system administrator,
    when they add an agency (forgetting every field at first), a service and a user,
    then each is shown; when they reset the new user's password, then they get a one-time
    link to pass on. The Django admin also opens for them."""
    journey = "administration"
    sign_in(page, system_administrator, journey)

    page.get_by_role("navigation").get_by_role("link", name="Agencies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agencies")
    expect(page.get_by_role("row", name="Riverford City Council")).to_be_visible()
    check_page(page, f"{journey}-01-agencies")

    page.get_by_role("button", name="Add an agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an agency")
    check_page(page, f"{journey}-02-add-agency")
    page.get_by_role("button", name="Add agency").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    for message in ("Enter the agency's name", "Enter a short name", "Select the kind of agency"):
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    check_page(page, f"{journey}-03-add-agency-errors")

    page.get_by_label("Agency name").fill("Turning Point Partnership")
    page.get_by_label("Short name").fill("turning-point")
    page.get_by_label("Specialist domestic abuse provider").check()
    page.get_by_role("button", name="Add agency").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Turning Point Partnership")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Turning Point Partnership is added"
    )
    check_page(page, f"{journey}-04-agency")

    page.get_by_role("button", name="Add a service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Add a service to Turning Point Partnership"
    )
    check_page(page, f"{journey}-05-add-service")
    page.get_by_label("Service name").fill("Riverford refuge")
    page.get_by_label("Refuge and safe accommodation").check()
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_role("listitem").filter(has_text="Riverford refuge")).to_be_visible()
    check_page(page, f"{journey}-06-agency-with-service")

    page.get_by_role("link", name="Users at Turning Point Partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users at Turning Point Partnership")
    expect(page.get_by_text("No users match.")).to_be_visible()
    check_page(page, f"{journey}-07-users")

    follow(page.get_by_role("button", name="Add a user"))
    check_page(page, f"{journey}-08-add-user")
    page.get_by_label("Full name").fill("Dee Okafor")
    page.get_by_label("Work email address").fill("dee.okafor@turning-point.example")
    page.get_by_label("Data officer", exact=True).check()
    page.get_by_label("Riverford refuge").check()
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dee Okafor")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Dee Okafor is added as Data officer"
    )
    check_page(page, f"{journey}-09-user")

    page.get_by_role("button", name="Reset password").click()
    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Password reset")
    expect(panel.locator("#set-password-link")).to_contain_text("/accounts/set-password/")
    check_page(page, f"{journey}-10-password-reset")

    response = page.goto("/admin/")
    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name="Agencies and accounts")).to_be_visible()
    check_page(page, f"{journey}-11-django-admin", axe=False)  # Django's admin is not ours
