"""Journey through the safe accommodation duty, end to end: an IDVA checks the vacancy
board and refers a mother and her two children, with consent, to the refuge; the refuge
accepts and places them, records one child's support, and moves them on to a tenancy; the
council's officer runs the Part 4 return for the year and finds the household in the right
rows."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases.models import Case
from concord.domain.periods import financial_year_label, financial_year_of
from tests.system.conftest import (
    REFUGE_LOCATION,
    add_child,
    check_page,
    fill_date,
    follow,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser


def figures(page: Page, table: str, row: str) -> list[str]:
    """The cells of one row of a table of the return (by type, then the total)."""
    line = (
        page.get_by_role("table", name=table)
        .locator("tr")
        .filter(has=page.locator("th", has_text=re.compile("^" + re.escape(row))))
    )
    return [text.strip() for text in line.first.locator("td").all_inner_texts()]


def test_a_family_referred_to_the_refuge_is_placed_moved_on_and_counted_in_the_return(
    page: Page,
    practitioner: User,
    refuge_worker: User,
    refuge_rooms: None,
    commissioner: User,
    open_case: Case,
) -> None:
    journey = "part4-journey"
    today = timezone.localdate()

    # The IDVA sees two free units at Turning Point, and nothing about where they are
    sign_in(page, practitioner, journey)
    page.get_by_role("navigation").get_by_role("link", name="Vacancies").click()
    expect(page.locator("caption")).to_have_text("2 units free")
    expect(page.locator("body")).not_to_contain_text(REFUGE_LOCATION)
    check_page(page, f"{journey}-01-vacancies")

    # She adds Sarah's two children to her case and refers the three of them, with consent
    page.goto(f"/cases/{open_case.pk}/")
    add_child(page, journey, "02-add-amy", "Amy", born="2016-03-27", sex="Female")
    add_child(page, journey, "03-add-leo", "Leo", age="4", sex="Male")
    follow(page.get_by_role("button", name="Refer", exact=True))
    page.get_by_label("A service in Concord").select_option(label="Riverford refuge")
    page.get_by_label("What the referral shares").fill("A refuge space for her and her children.")
    page.get_by_label("Amy Ahmed, born 27 March 2016, female").check()
    page.get_by_label("Leo Ahmed, aged about 4, male").check()
    page.get_by_label("Record the person's consent now").check()
    fill_date(page, "Date the person gave consent", today)
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Riverford refuge")
    sign_out(page)

    # The refuge accepts, and places the household in the room with three bed spaces
    sign_in(page, refuge_worker, f"{journey}-refuge")
    follow(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Referrals", exact=True
        )
    )
    page.locator(".govuk-summary-card", has_text="Sarah Ahmed").get_by_role(
        "link", name="View referral"
    ).click()
    follow(page.get_by_role("button", name="Accept referral"))
    follow(page.get_by_role("button", name="Accept and open a case"))
    follow(page.get_by_role("button", name="Place the household"))
    page.get_by_label("Room 1 (3 bed spaces)").check()
    page.get_by_label("Amy Ahmed").check()
    page.get_by_label("Leo Ahmed").check()
    fill_date(page, "Date they moved in", today)
    page.get_by_label("Yes").check()
    check_page(page, f"{journey}-04-place")
    page.get_by_role("button", name="Place household").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The household is placed")

    # One child's support, then the move on to a social tenancy
    follow(page.get_by_role("link", name="Add support for Amy Ahmed"))
    page.get_by_label("Children's support").check()
    fill_date(page, "Date it started", today)
    follow(page.get_by_role("button", name="Record support"))
    follow(page.get_by_role("button", name="Record the move out"))
    fill_date(page, "Date they moved out", today)
    page.get_by_label("Moved on (planned)").check()
    page.get_by_label("Where did they move on to?").select_option("social_tenancy")
    page.get_by_role("button", name="Record move out").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Social housing tenancy")
    check_page(page, f"{journey}-05-moved-on")
    sign_out(page)

    # The council's officer finds the household in the return for this year
    sign_in(page, commissioner, f"{journey}-council")
    page.goto("/safe-accommodation/return/")
    year = financial_year_of(today)
    page.get_by_label("Financial year").select_option(str(year))
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(financial_year_label(year))
    check_page(page, f"{journey}-06-return")
    supported = "Households and people supported"
    assert figures(page, supported, "Households supported")[0] == "1"
    assert figures(page, supported, "Individuals supported")[0] == "3"
    assert figures(page, supported, "Children")[-1] == "2"
    # Sarah's sex was not recorded at the help point, so the officer is told to ask
    assert figures(page, "Adults supported by sex", "Not known")[0] == "1"
    expect(page.get_by_role("table", name="What the records lack for this year")).to_contain_text(
        "sex is not known"
    )
    assert (
        figures(page, "Households that stopped receiving support", "Moved on (planned)")[0] == "1"
    )
    assert figures(page, "Where households moved on to", "Social housing tenancy")[-1] == "1"
    assert figures(page, "Support received", "Children's support")[-1] == "1"
    assert figures(page, "Commissioned bed spaces", "Bed spaces")[0] == "5"
    expect(page.locator("body")).not_to_contain_text(REFUGE_LOCATION)
