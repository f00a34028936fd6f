"""Journey: the error pages say what to do and are as accessible as any other page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from tests.system.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_given_a_practitioner_when_they_open_a_missing_or_forbidden_page_then_they_are_told(
    page: Page, practitioner: User
) -> None:
    """Given someone not signed in, when they open an address that does not exist, then
    they see the 404 page. Given a practitioner, when they open an unknown address, then
    they see the 404 page; when they open the agencies page, which is for system
    administrators, then they see the 403 page."""
    journey = "errors"
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, f"{journey}-01-not-found-signed-out")

    sign_in(page, practitioner, journey)

    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, f"{journey}-02-not-found")

    response = page.goto("/accounts/agencies/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to see this page"
    )
    check_page(page, f"{journey}-03-forbidden")
