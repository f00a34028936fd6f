"""Journey: Turning Point's service manager finds the set-up from the vacancy board, sets
the Riverford refuge up as safe accommodation, adds a room (after a mistake), and records
a household referred by phone that the refuge could not support (after a mistake)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accommodation.models import Unit, UnmetNeed
from concord.accounts.models import Agency, Service, User
from concord.accounts.roles import Role
from tests.system.conftest import check_page, fill_date, follow, make_user, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def refuge_manager(turning_point: Agency, riverford_refuge: Service) -> User:
    return make_user(
        turning_point,
        email="ruth.adeyemi@turning-point.example",
        full_name="Ruth Adeyemi",
        role=Role.SERVICE_MANAGER,
        services=[riverford_refuge],
    )


def test_a_manager_sets_up_the_refuge_and_records_a_household_it_could_not_support(
    page: Page, refuge_manager: User
) -> None:
    journey = "safe-accommodation-setup"
    sign_in(page, refuge_manager, journey)
    page.get_by_role("navigation").get_by_role("link", name="Vacancies").click()
    expect(page.get_by_role("heading", name="No units free")).to_be_visible()
    page.get_by_role("link", name="Set up your agency's safe accommodation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe accommodation set-up")
    check_page(page, f"{journey}-01-list")

    follow(page.get_by_role("link", name="Riverford refuge"))
    check_page(page, f"{journey}-02-not-set-up")
    follow(page.get_by_role("button", name="Set up as safe accommodation"))
    page.get_by_label("Refuge", exact=True).check()
    page.get_by_label("Safe accommodation (Part 4) grant").check()
    check_page(page, f"{journey}-03-type-and-funding")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The accommodation is saved")

    follow(page.get_by_role("button", name="Add a unit"))
    page.get_by_role("button", name="Add unit").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the unit")
    check_page(page, f"{journey}-04-unit-errors")
    page.get_by_label("Name of the unit").fill("Room 1")
    page.get_by_label("Bed spaces", exact=True).fill("3")
    page.get_by_label("Takes pets").check()
    page.get_by_label("Where it is").fill("14 Quarry Lane, Riverford RV3 8QT")
    page.get_by_role("button", name="Add unit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The unit is added")
    expect(page.locator("main")).not_to_contain_text("Quarry Lane")
    check_page(page, f"{journey}-05-units")

    page.get_by_role("button", name="Record a household you could not support").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A household you could not support")
    page.get_by_label("Adults", exact=True).fill("0")
    page.get_by_role("button", name="Record household").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select why the household could not be supported")
    expect(summary).to_contain_text("Enter 1 or more adults")
    check_page(page, f"{journey}-06-unmet-need-errors")
    fill_date(page, "Date of the referral", timezone.localdate())
    page.get_by_role("radio", name="No recourse to public funds").check()
    page.get_by_label("Adults", exact=True).fill("1")
    page.get_by_label("Children", exact=True).fill("2")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Record household").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The household that could not be supported is recorded"
    )
    expect(page.get_by_role("table", name="In the last 12 months: 1")).to_contain_text(
        "No recourse to public funds"
    )
    check_page(page, f"{journey}-07-set-up-with-unmet-need")

    assert Unit.objects.get().location == "14 Quarry Lane, Riverford RV3 8QT"
    need = UnmetNeed.objects.get()
    assert (need.reason, need.adults, need.children, need.from_out_of_area) == (
        "no_recourse_to_public_funds",
        1,
        2,
        "yes",
    )
