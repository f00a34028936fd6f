"""Journey: a service manager checks who has seen a person's record."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.people.models import Person
from concord.people.services import record_person
from tests.system.conftest import check_page, follow, sign_in

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


def test_given_two_people_when_a_worker_relates_them_then_each_record_links_to_the_other(
    page: Page, practitioner: User, person: Person
) -> None:
    """Given Sarah Ahmed and her ex-partner Daniel Price are both recorded,
    when her worker searches for Daniel from Sarah's record and records him as her
    ex-partner, then each record names the other, linked both ways."""
    record_person(None, person.agency, given_name="Daniel", family_name="Price")
    journey = "relationships"
    sign_in(page, practitioner, journey)

    follow(page.get_by_role("navigation").get_by_role("link", name="People"))
    page.get_by_label("Search by name").fill("ahmed")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("table")).to_contain_text("1 match")
    assert "ahmed" not in page.url.lower()
    follow(page.get_by_role("link", name="Sarah Ahmed"))

    page.get_by_role("link", name="Add a relationship").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a relationship for Sarah Ahmed")
    page.get_by_label("Search by name").fill("price")
    page.get_by_role("button", name="Search").click()
    assert "price" not in page.url.lower()
    page.get_by_role("button", name="Save relationship").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the person they are related to")
    expect(summary).to_contain_text("Select how they are related")
    check_page(page, f"{journey}-01-relate-errors")

    page.get_by_label("Daniel Price, date of birth not known").check()
    page.get_by_label("What is Sarah Ahmed to them?").select_option("ex_partner")
    page.get_by_role("button", name="Save relationship").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The relationship with Daniel Price is saved"
    )
    relationships = page.locator("#relationships + dl")
    expect(relationships).to_contain_text("Ex-partner of")
    check_page(page, f"{journey}-02-record")

    relationships.get_by_role("link", name="Daniel Price").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daniel Price")
    page.locator("#relationships + dl").get_by_role("link", name="Sarah Ahmed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarah Ahmed")
