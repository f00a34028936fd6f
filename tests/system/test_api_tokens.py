"""Journey: a user makes a personal API token, copies it once and revokes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from tests.system.conftest import check_page, follow, sign_in

pytestmark = pytest.mark.browser

TOKEN_NAME = "Monthly police data upload"


def test_given_a_user_when_they_create_and_revoke_a_token_then_it_is_shown_once_then_refused(
    page: Page, practitioner: User
) -> None:
    """Given a signed-in practitioner,
    when they create an API token (forgetting its name at first),
    then the token is shown once and works with the API;
    when they revoke it, then the API refuses it and the page marks it revoked."""
    journey = "api-tokens"
    sign_in(page, practitioner, journey)

    expect(page.get_by_role("navigation").get_by_role("link", name="API tokens")).to_have_count(0)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_page(page, f"{journey}-00-account")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    check_page(page, f"{journey}-01-tokens")

    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    check_page(page, f"{journey}-02-name-missing")

    page.get_by_label("Token name").fill(TOKEN_NAME)
    page.get_by_role("button", name="Create token").click()
    new_token = page.locator("#new-token")
    expect(new_token).to_be_visible()
    key = new_token.inner_text().strip()
    expect(page.get_by_role("row", name=TOKEN_NAME)).to_contain_text(key[:8])
    check_page(page, f"{journey}-03-created")

    me = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status == 200, me.text()

    # Coming back to the page (not reloading it, which would send the form again).
    follow(page.get_by_role("link", name="Your account"))
    page.get_by_role("link", name="API tokens").click()
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.get_by_role("row", name=TOKEN_NAME)).to_be_visible()
    check_page(page, f"{journey}-04-shown-once")

    page.get_by_role("button", name=f"Revoke {TOKEN_NAME}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Token ‘{TOKEN_NAME}’ is revoked"
    )
    expect(page.get_by_role("row", name=TOKEN_NAME)).to_contain_text("Revoked")
    check_page(page, f"{journey}-05-revoked")

    me = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status == 401, me.text()
