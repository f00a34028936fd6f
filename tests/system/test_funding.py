"""Journey: the partnership manager adds last year's domestic abuse grant and allocates part
of it to a contract (too much is refused first); the provider's service manager returns a
quarter's spend and sees the variance in words; the manager keeps the risk register and
the information-sharing agreements; an analyst sees on the submission history which
agency's files are covered and which are not. Every page passes axe."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Membership, Service, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.commissioning import services
from concord.commissioning.models import Contract
from concord.commissioning.services import FunderShare
from concord.domain.periods import financial_year_label, financial_year_of
from concord.submissions.models import SubmissionSchedule
from tests.system.conftest import check_page, fill_date, follow, make_user, sign_in, sign_out

pytestmark = pytest.mark.browser

LAST_YEAR = financial_year_of(date.today()) - 1


@pytest.fixture
def contract(commissioner: User, haven: Agency, help_point: Service) -> Contract:
    return services.save_contract(
        Membership.objects.get(user=commissioner),
        title="Integrated specialist services",
        provider=haven,
        services=[help_point],
        starts_on=date(LAST_YEAR, 4, 1),
        ends_on=date(LAST_YEAR + 3, 3, 31),
        annual_value_pence=82_600_000,
        funders=[FunderShare("City Council", Decimal(100))],
    )


@pytest.fixture
def police(transactional_db: None) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford Police",
        slug="police",
        kind=AgencyKind.POLICE,
    )


@pytest.fixture
def analyst(city_council: Agency) -> User:
    return make_user(
        city_council,
        email="harry.kaur@council.example",
        full_name="Harry Kaur",
        role=Role.PARTNERSHIP_ANALYST,
    )


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def test_grants_spend_risks_and_sharing_agreements(
    page: Page,
    partnership_manager_user: User,
    service_manager: User,
    analyst: User,
    contract: Contract,
    haven: Agency,
    police: Agency,
) -> None:
    journey = "funding"
    label = financial_year_label(LAST_YEAR)

    # Given the partnership manager, when they add last year's grant
    sign_in(page, partnership_manager_user, journey)
    nav = page.get_by_role("navigation", name="Main menu")
    follow(nav.get_by_role("link", name="Grants and spend"))
    page.get_by_label("Financial year").select_option(label=label)
    page.get_by_role("button", name="Show").click()
    heading(page, f"Funding streams {label}")
    expect(page.get_by_text("No funding streams are recorded")).to_be_visible()
    check_page(page, f"{journey}-01-year-empty")

    follow(page.get_by_role("button", name="Add a funding stream"))
    page.get_by_role("button", name="Add the stream").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the stream's name")
    check_page(page, f"{journey}-02-stream-errors")
    page.get_by_label("Name of the stream").fill("Domestic abuse grant")
    page.get_by_label("Domestic abuse (Part 4) grant").check()
    page.get_by_label("Awarded by").fill("MHCLG")
    page.get_by_label("Financial year").select_option(label=label)
    page.get_by_label("Amount awarded in pounds").fill("120000")
    page.get_by_role("button", name="Add the stream").click()
    heading(page, "Domestic abuse grant")
    check_page(page, f"{journey}-03-stream")

    # and allocate more than the stream holds, then part of it
    follow(page.get_by_role("button", name="Add an allocation"))
    page.get_by_label("Paid to").select_option(
        label=f"{contract.title} (Haven Domestic Abuse Services)"
    )
    page.get_by_label("What the money is for").fill("Refuge support")
    page.get_by_label("Amount allocated in pounds").fill("120000.01")
    page.get_by_role("button", name="Add the allocation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "£120,000 of £120,000 is unallocated"
    )
    check_page(page, f"{journey}-04-allocation-too-much")
    page.get_by_label("Amount allocated in pounds").fill("40000")
    page.get_by_role("button", name="Add the allocation").click()
    heading(page, "Domestic abuse grant")
    expect(page.get_by_role("table")).to_contain_text("Not returned")
    check_page(page, f"{journey}-05-allocated")

    # and keeps the risk register
    page.goto("/strategy/risks/")
    heading(page, "Risk register")
    check_page(page, f"{journey}-06-risks-empty")
    follow(page.get_by_role("button", name="Add a risk"))
    page.get_by_label("Risk", exact=True).fill("Refuge staff leave faster than recruited")
    page.get_by_role("group", name="Likelihood").get_by_label("High").check()
    page.get_by_role("group", name="Impact").get_by_label("Medium").check()
    page.get_by_label("Owner").select_option(
        label="Nadia Osei, Riverford City Council (Partnership manager)"
    )
    page.get_by_label("Controls").fill("Recruitment drive; agency cover")
    fill_date(page, "Next review", timezone.localdate() + timedelta(days=60))
    page.get_by_role("button", name="Save the risk").click()
    heading(page, "Refuge staff leave faster than recruited")
    expect(page.get_by_text("High × Medium = 6")).to_be_visible()
    check_page(page, f"{journey}-07-risk")
    page.get_by_role("link", name="Risk register").click()
    expect(page.get_by_role("table")).to_contain_text("High × Medium = 6")
    check_page(page, f"{journey}-08-risks")

    # and the information-sharing agreements, which the police sign
    page.goto("/submissions/agreements/")
    heading(page, "Information-sharing agreements")
    check_page(page, f"{journey}-09-agreements-empty")
    follow(page.get_by_role("button", name="Add an agreement"))
    page.get_by_label("Title").fill("Police incidents")
    page.get_by_label("Purpose").fill("Incidents for the partnership's figures")
    page.get_by_label("Incidents").check()
    fill_date(page, "Start date", date(LAST_YEAR, 4, 1))
    fill_date(page, "Next review", date(LAST_YEAR + 2, 4, 1))
    page.get_by_role("button", name="Save the agreement").click()
    heading(page, "Police incidents")
    follow(page.get_by_role("button", name="Record a signature"))
    page.get_by_label("Agency").select_option(label="Riverford Police")
    page.get_by_label("Signed by").fill("Chief Constable")
    fill_date(page, "Date signed", date(LAST_YEAR, 4, 2))
    page.get_by_role("button", name="Record the signature").click()
    expect(page.get_by_role("table")).to_contain_text("Chief Constable")
    check_page(page, f"{journey}-10-agreement")
    follow(page.get_by_role("link", name="All agreements"))
    check_page(page, f"{journey}-11-agreements")
    sign_out(page)

    # When the provider's service manager returns a quarter's spend
    sign_in(page, service_manager, journey + "-provider")
    follow(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Grants and spend"
        )
    )
    page.get_by_label("Financial year").select_option(label=label)
    follow(page.get_by_role("button", name="Show"))
    check_page(page, f"{journey}-12-provider-year")
    page.get_by_role("link", name="Return spend for Refuge support").click()
    heading(page, "Return spend")
    page.get_by_label("Quarter 1 (April to June)").check()
    page.get_by_label("Amount spent in the quarter, in pounds").fill("-1")
    page.get_by_role("button", name="Save the spend").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("£0 or more")
    check_page(page, f"{journey}-13-spend-error")
    page.get_by_label("Amount spent in the quarter, in pounds").fill("9600")
    page.get_by_role("button", name="Save the spend").click()

    # Then the variance shows in words
    heading(page, "Domestic abuse grant")
    expect(page.get_by_role("table")).to_contain_text("£400 underspent (4%)")
    expect(page.get_by_role("table")).to_contain_text("Quarters 2, 3 and 4 not returned")
    check_page(page, f"{journey}-14-provider-variance")
    sign_out(page)

    # and the analyst sees which agency's expected files are covered
    starts = date(LAST_YEAR, 4, 1)
    for agency in (police, haven):
        SubmissionSchedule.objects.create(agency=agency, kind="incident", starts_on=starts)
    sign_in(page, analyst, journey + "-analyst")
    page.goto("/submissions/history/")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Covered by Police incidents")
    expect(table).to_contain_text("Not covered")
    check_page(page, f"{journey}-15-history-coverage")
