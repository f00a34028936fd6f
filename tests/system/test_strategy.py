"""The partnership's delivery plan, end to end: the partnership manager sets up the strategy,
an objective and an action with a linked indicator (and its baseline and target); the
action's lead, an IDVA at Haven, reports it at risk with a link and a file as evidence; the
manager approves the update and the action's status changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.domain.periods import financial_year_of
from concord.indicators.catalogue import get
from tests.system.conftest import check_page, fill_date, follow, sign_in, sign_in_again, sign_out

pytestmark = pytest.mark.browser


def year_text(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def test_the_manager_plans_an_action_its_lead_reports_it_at_risk_and_the_manager_approves(
    page: Page, partnership_manager_user: User, practitioner: User
) -> None:
    journey = "strategy"
    today = timezone.localdate()
    year = financial_year_of(today)
    indicator = get("staff_trained").title

    # Given no strategy yet, the manager sets one up
    sign_in(page, partnership_manager_user, journey)
    page.get_by_role("navigation").get_by_role("link", name="Strategy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategy")
    check_page(page, f"{journey}-01-empty")
    follow(page.get_by_role("button", name="Set up the strategy"))
    page.get_by_label("Title").fill("Riverford domestic abuse strategy")
    page.get_by_label("First financial year").fill(year_text(year))
    page.get_by_label("Last financial year").fill(year_text(year + 4))
    page.get_by_label("Principles and priorities").fill("Victims at the centre\nChildren seen")
    check_page(page, f"{journey}-02-set-up")
    follow(page.get_by_role("button", name="Save strategy"))
    follow(page.get_by_role("button", name="Add an objective"))
    page.get_by_label("Reference").fill("1")
    page.get_by_label("Objective").fill("Everyone gets the right help, early")
    page.get_by_role("button", name="Save objective").click()
    expect(page.locator("main")).to_contain_text("Everyone gets the right help, early")
    check_page(page, f"{journey}-03-home")

    # and starts this year's plan with an action led by the IDVA
    page.get_by_role("navigation", name="Strategy pages").get_by_role(
        "link", name="Delivery plan"
    ).click()
    page.get_by_role("button", name="Start the").click()
    expect(page.locator("main")).to_contain_text("The plan has no actions yet.")
    check_page(page, f"{journey}-04-empty-plan")
    follow(page.get_by_role("button", name="Add an action"))
    page.get_by_label("Objective").select_option(label="1. Everyone gets the right help, early")
    page.get_by_label("Reference").fill("1.1")
    page.get_by_label("Action", exact=True).fill("Train front-line staff to ask")
    page.get_by_label("Lead", exact=True).select_option(
        label="Amira Hussain (Haven Domestic Abuse Services)"
    )
    page.get_by_label("Lead agency").select_option(label="Haven Domestic Abuse Services")
    fill_date(page, "Start date", today - timedelta(days=100))
    fill_date(page, "Due date", today - timedelta(days=101))
    page.get_by_label(indicator, exact=True).check()
    page.get_by_role("button", name="Save action").click()

    # a due date before the start is refused, with the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The due date must be the same as or after the start date"
    )
    check_page(page, f"{journey}-05-action-error")
    fill_date(page, "Due date", today + timedelta(days=20))
    page.get_by_role("button", name="Save action").click()

    # the linked indicator has no baseline and target yet: she sets them
    expect(page.get_by_role("heading", level=1)).to_have_text("Baselines and targets")
    check_page(page, f"{journey}-06-targets")
    page.get_by_label("Baseline year").fill(year_text(year - 1))
    page.get_by_label("Baseline", exact=True).fill("120")
    page.get_by_label("Target year").fill(year_text(year + 4))
    page.get_by_label("Target", exact=True).fill("400")
    page.get_by_role("button", name="Save baselines and targets").click()
    expect(page.locator("main")).to_contain_text(f"400 by {year + 4} to {year + 5}")
    check_page(page, f"{journey}-07-action")
    sign_out(page)

    # When the lead sees the action on her home page and reports it at risk with evidence
    sign_in(page, practitioner, f"{journey}-lead")
    expect(page.locator("main")).to_contain_text("Your actions")
    follow(page.get_by_role("link", name="1.1 Train front-line staff to ask"))
    follow(page.get_by_role("button", name="Add an update"))
    page.get_by_label("At risk").check()
    page.get_by_label("Progress").fill(
        "The training venue fell through; we are looking for another."
    )
    page.get_by_label("Evidence files").set_input_files(
        files=[
            {
                "name": "venue-letter.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4 letter",
            }
        ]
    )
    page.get_by_label("Evidence links").fill("https://example.org/board-minutes")
    check_page(page, f"{journey}-08-update")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "sent to the partnership manager"
    )
    expect(page.locator("main")).to_contain_text("Awaiting approval")
    check_page(page, f"{journey}-09-awaiting")
    sign_out(page)

    # Then the manager approves it and the action is at risk
    sign_in_again(page, partnership_manager_user, f"{journey}-approve")
    follow(page.get_by_role("link", name="1 delivery-plan update awaits approval"))
    check_page(page, f"{journey}-10-approvals")
    page.get_by_role("link", name="Decide on the update to 1.1").click()
    expect(page.locator("main")).to_contain_text("venue-letter.pdf")
    page.get_by_label("Approve: the action's status becomes the update's").check()
    check_page(page, f"{journey}-11-decide")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator("main")).to_contain_text("No updates are waiting.")
    page.get_by_role("link", name="Delivery plan").click()
    expect(page.get_by_role("table")).to_contain_text("At risk")
    check_page(page, f"{journey}-12-plan")
    follow(page.get_by_role("link", name="Self-assessment"))
    check_page(page, f"{journey}-13-self-assessment")
