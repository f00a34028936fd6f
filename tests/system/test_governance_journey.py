"""The partnership governing itself, end to end (issue 17): the partnership manager sets up
the strategy and three actions with linked KPIs; a lead reports one at risk with evidence
and the manager approves it; a homicide review's recommendation is added and completed with
evidence; the manager generates this quarter's board pack and a board member reads it, with
the action at risk among its exceptions. Every page passes axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.domain.periods import financial_year_label, financial_year_of, quarter_of
from concord.indicators.catalogue import get
from tests.system.conftest import check_page, fill_date, follow, sign_in, sign_in_again, sign_out

pytestmark = pytest.mark.browser

JOURNEY = "governance"
LEAD = "Amira Hussain (Haven Domestic Abuse Services)"
# reference, title, the KPI it is linked to
ACTIONS = (
    ("1.1", "Train front-line staff to ask", "staff_trained"),
    ("1.2", "Open an evening helpline", "helpline_calls"),
    ("1.3", "Refresher training for GP practices", "staff_trained"),
)


def year_text(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def set_up_strategy(page: Page, year: int) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Strategy").click()
    follow(page.get_by_role("button", name="Set up the strategy"))
    page.get_by_label("Title").fill("Riverford domestic abuse strategy")
    page.get_by_label("First financial year").fill(year_text(year))
    page.get_by_label("Last financial year").fill(year_text(year + 4))
    page.get_by_label("Principles and priorities").fill("Victims at the centre")
    follow(page.get_by_role("button", name="Save strategy"))
    follow(page.get_by_role("button", name="Add an objective"))
    page.get_by_label("Reference").fill("1")
    page.get_by_label("Objective").fill("Everyone gets the right help, early")
    follow(page.get_by_role("button", name="Save objective"))
    check_page(page, f"{JOURNEY}-01-strategy")
    page.get_by_role("navigation", name="Strategy pages").get_by_role(
        "link", name="Delivery plan"
    ).click()
    page.get_by_role("button", name="Start the").click()


def add_action(page: Page, year: int, reference: str, title: str, code: str) -> None:
    """An action led by the IDVA, linked to ``code``; its baseline and target when the KPI
    has none yet."""
    today = timezone.localdate()
    page.goto(f"/strategy/plans/{year}/")
    follow(page.get_by_role("button", name="Add an action"))
    page.get_by_label("Objective").select_option(label="1. Everyone gets the right help, early")
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Action", exact=True).fill(title)
    page.get_by_label("Lead", exact=True).select_option(label=LEAD)
    page.get_by_label("Lead agency").select_option(label="Haven Domestic Abuse Services")
    fill_date(page, "Start date", today - timedelta(days=30))
    fill_date(page, "Due date", today + timedelta(days=60))
    page.get_by_label(get(code).title, exact=True).check()
    page.get_by_role("button", name="Save action").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).not_to_have_text("Add an action")
    if heading.inner_text() == "Baselines and targets":
        page.get_by_label("Baseline year").fill(year_text(year - 1))
        page.get_by_label("Baseline", exact=True).fill("120")
        page.get_by_label("Target year").fill(year_text(year + 4))
        page.get_by_label("Target", exact=True).fill("400")
        page.get_by_role("button", name="Save baselines and targets").click()
    expect(page.locator("main")).to_contain_text(title)
    expect(page.locator("main")).to_contain_text(get(code).title)


def report_at_risk(page: Page) -> None:
    """The lead, from their home page, says 1.2 is at risk, with a link as evidence."""
    expect(page.locator("main")).to_contain_text("Your actions")
    follow(page.get_by_role("link", name="1.2 Open an evening helpline"))
    follow(page.get_by_role("button", name="Add an update"))
    page.get_by_label("At risk").check()
    page.get_by_label("Progress").fill("No volunteers for the evening rota yet.")
    page.get_by_label("Evidence links").fill("https://example.org/rota")
    check_page(page, f"{JOURNEY}-03-lead-update")
    page.get_by_role("button", name="Save update").click()
    expect(page.locator("main")).to_contain_text("Awaiting approval")


def approve_update(page: Page) -> None:
    follow(page.get_by_role("link", name="1 delivery-plan update awaits approval"))
    follow(page.get_by_role("link", name="Decide on the update to 1.2"))
    page.get_by_label("Approve: the action's status becomes the update's").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator("main")).to_contain_text("No updates are waiting.")


def review_and_complete_recommendation(page: Page) -> None:
    today = timezone.localdate()
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Homicide reviews"
    ).click()
    follow(page.get_by_role("button", name="Notify a death"))
    fill_date(page, "Date of death", today - timedelta(days=10))
    fill_date(page, "Date notified", today - timedelta(days=5))
    page.get_by_label("Area").fill("Riverford North")
    page.get_by_label("Homicide").check()
    page.get_by_label("Victim's initials").fill("JS")
    page.get_by_label("Intimate partner", exact=True).check()
    follow(page.get_by_role("button", name="Notify the death"))
    follow(page.get_by_role("button", name="Record the decision"))
    page.get_by_label("Yes, hold a review").check()
    fill_date(page, "Date of the decision", today)
    page.get_by_label("Reasons for the decision").fill("The death meets the statutory criteria")
    follow(page.get_by_role("button", name="Save the decision"))
    follow(page.get_by_role("button", name="Add a recommendation"))
    page.get_by_label("Recommendation", exact=True).fill("Train GP practices to ask about abuse")
    page.get_by_label("Owner", exact=True).fill("Head of safeguarding")
    fill_date(page, "Date due", today + timedelta(days=90))
    follow(page.get_by_role("button", name="Add the recommendation"))
    follow(page.get_by_role("link", name="Complete recommendation 1"))
    page.get_by_label("Evidence of completion").fill("Training delivered to all 31 practices")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Recommendation 1 is complete"
    )
    check_page(page, f"{JOURNEY}-04-review")


def generate_pack(page: Page, label: str) -> None:
    follow(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Board pack"))
    page.get_by_label("Period").select_option(label=label)
    page.get_by_role("button", name="Generate the pack").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is generated")
    check_page(page, f"{JOURNEY}-05-pack")


def test_the_partnership_plans_reviews_and_reports_to_its_board(
    page: Page,
    partnership_manager_user: User,
    practitioner: User,
    board_member_user: User,
) -> None:
    today = timezone.localdate()
    year = financial_year_of(today)
    quarter = quarter_of(today)

    sign_in(page, partnership_manager_user, JOURNEY)
    set_up_strategy(page, year)
    for reference, title, code in ACTIONS:
        add_action(page, year, reference, title, code)
    page.goto(f"/strategy/plans/{year}/")
    expect(page.get_by_role("table")).to_contain_text("1.3")
    check_page(page, f"{JOURNEY}-02-plan")
    sign_out(page)

    sign_in(page, practitioner, f"{JOURNEY}-lead")
    report_at_risk(page)
    sign_out(page)

    sign_in_again(page, partnership_manager_user, f"{JOURNEY}-manager")
    approve_update(page)
    review_and_complete_recommendation(page)
    generate_pack(page, f"{quarter.label} (so far)")
    sign_out(page)

    sign_in(page, board_member_user, f"{JOURNEY}-board")
    page.get_by_role("link", name=f"the quarterly pack for {quarter.label}").click()
    main = page.locator("main")
    expect(main).to_contain_text(f"Delivery plan {financial_year_label(year)}: exceptions")
    exceptions = page.get_by_role("table").filter(has_text="Open an evening helpline")
    expect(exceptions).to_contain_text("At risk")
    expect(exceptions).to_contain_text("No volunteers for the evening rota yet.")
    # the review's one recommendation is complete; its death is counted, but hidden (<5)
    expect(main).to_contain_text("No review recommendation was outstanding on")
    deaths = page.get_by_role("table").filter(has_text="All deaths")
    expect(deaths).to_contain_text("<5")
    expect(main).not_to_contain_text("JS")
    expect(page.get_by_role("button", name="Generate the pack")).to_have_count(0)
    check_page(page, f"{JOURNEY}-06-board-member-reads")
