"""Journey: a service manager checks who has seen a person's record."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.people.models import Person
from tests.system.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_given_a_service_manager_when_they_open_a_record_history_then_their_view_is_listed(
    page: Page, service_manager: User, person: Person
) -> None:
    """Given a service manager at the person's agency,
    when they open the person's record and then "Who viewed or changed this record",
    then the audit trail lists their own views, newest first, and the record's creation."""
    journey = "record-history"
    sign_in(page, service_manager, journey)

    page.get_by_role("navigation").get_by_role("link", name="People").click()
    check_page(page, f"{journey}-01-people")
    page.get_by_role("link", name="Sarah Ahmed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarah Ahmed")
    check_page(page, f"{journey}-02-person")

    page.get_by_role("link", name="Who viewed or changed this record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who viewed or changed Sarah Ahmed")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    for newest in (rows.nth(0), rows.nth(1)):  # this page, then the record page
        expect(newest).to_contain_text("Beth Lowe")
        expect(newest).to_contain_text("Viewed the record")
    expect(rows.nth(2)).to_contain_text("Created the record")
    check_page(page, f"{journey}-03-history")
