"""Journey: the partnership analyst opens the safe accommodation needs assessment from the
reports page, reads demand, supply, who is under-served and the trend with their charts and
figures, and prints it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import AgencyKind, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.domain.periods import financial_year_of
from concord.people.tests.factories import PersonFactory
from concord.reporting.tests.test_needs_assessment import Built
from tests.system.conftest import (
    assert_accessible,
    assert_no_browser_problems,
    check_page,
    follow,
    make_user,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def analyst(transactional_db: None) -> User:
    """The demo's partnership analyst."""
    council = create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford County Council",
        slug="county-council",
        kind=AgencyKind.COMMISSIONER,
    )
    return make_user(
        council,
        email="harry@council.example",
        full_name="Harry Kaur",
        role=Role.PARTNERSHIP_ANALYST,
    )


@pytest.fixture
def refuge_records(haven) -> int:
    """A refuge and a dispersed service with a year and a half of stays and referrals."""
    year = financial_year_of(timezone.localdate())
    built = Built(haven)
    refuge = built.service()
    dispersed = built.service("dispersed", commissioned=False)
    rooms = [built.unit(refuge, beds=3, opened_on=date(year - 3, 4, 1)) for _ in range(4)]
    flat = built.unit(dispersed, beds=4, opened_on=date(year - 2, 4, 1))
    for n in range(14):
        start = date(year - 1, 4, 1) + timedelta(days=25 * n)
        woman = PersonFactory.create(agency=haven, sex="female", ethnicity="white_irish")
        built.stay(rooms[n % 4], start, start + timedelta(days=20 + n), people=[woman], children=1)
        built.referral(refuge, start, "accepted", sex="female")
        built.referral(refuge, start, "declined", decline_reason="no_capacity", sex="female")
        built.unmet(refuge, start, "needs_too_high", characteristics=["mental_health"])
    built.stay(flat, date(year, 4, 3), from_out_of_area="yes", adults=2)
    for n in range(15):
        reason = ("no_capacity", "needs_too_high", "risk_to_others")[n % 3]
        built.referral(refuge, date(year, 4, 2 + n), "declined", decline_reason=reason)
    return year


def test_given_stays_and_referrals_when_the_analyst_opens_the_needs_assessment_then_every_section_shows(
    page: Page, analyst: User, refuge_records: int
) -> None:
    """Given two years of refuge stays and referrals,
    when the analyst opens Reports and then the needs assessment, then it shows demand,
    supply, who is under-served and the trend, each chart with its figures beside it;
    when it is printed, then the menus and forms are left out."""
    journey = "needs-assessment"
    year = refuge_records
    sign_in(page, analyst, journey)

    follow(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports"))
    page.get_by_role("link", name="Safe accommodation needs assessment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Needs assessment: April {year - 2} to March {year + 1}"
    )
    main = page.locator("main")
    for heading in (
        "Demand: referrals and unmet need",
        "Supply: bed spaces, occupancy, length of stay and move-on",
        "Who is under-served: people referred and supported against the population",
        "Trend over three years",
    ):
        expect(main.get_by_role("heading", name=heading, level=2)).to_be_visible()
    expect(
        main.get_by_role("img", name="Households unable to be supported, year by year")
    ).to_be_visible()
    expect(
        main.get_by_role("table", name="Figures: Households unable to be supported, year by year")
    ).to_contain_text("28")
    expect(main.get_by_role("table", name="Bed spaces by accommodation type")).to_contain_text("12")
    check_page(page, f"{journey}-01-pack")

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main menu")).to_be_hidden()
    # Printed, the page uses the printer's sans-serif font, not the GOV.UK font.
    screenshot(page, f"{journey}-02-print")
    assert_no_browser_problems(page)
    assert_accessible(page)
