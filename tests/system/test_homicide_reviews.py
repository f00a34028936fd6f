"""Journey: the partnership manager notifies a death, decides to hold a review, seats a
panel member, adds a recommendation and completes it with evidence (after it is refused
without); a board member sees only the counts and the progress, and the review is 404 to
them."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.dhr.models import Review
from tests.system.conftest import check_page, fill_date, follow, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_given_a_death_when_the_panel_reviews_it_then_outside_the_panel_only_counts_show(
    page: Page,
    partnership_manager_user: User,
    board_member_user: User,
    practitioner: User,
) -> None:
    """Given the partnership manager,
    when they notify a death, decide to hold a review, seat a practitioner on the panel and
    complete a recommendation with evidence,
    then a board member sees the count and the progress, and not the review."""
    journey = "homicide-reviews"
    today = timezone.localdate()
    sign_in(page, partnership_manager_user, journey)

    page.get_by_role("link", name="Homicide reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic homicide reviews")
    expect(page.get_by_text("No deaths have been notified.")).to_be_visible()
    check_page(page, f"{journey}-01-list-empty")

    follow(page.get_by_role("button", name="Notify a death"))
    page.get_by_role("button", name="Notify the death").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of death")
    check_page(page, f"{journey}-02-notify-errors")
    fill_date(page, "Date of death", date(2025, 5, 1))
    fill_date(page, "Date notified", date(2025, 5, 12))
    page.get_by_label("Area").fill("Riverford North")
    page.get_by_label("Homicide").check()
    page.get_by_label("Victim's initials").fill("JS")
    page.get_by_label("Perpetrator's initials").fill("MS")
    page.get_by_label("Intimate partner", exact=True).check()
    page.get_by_label("Victim's full name (optional)").fill("Jane Smithson")
    check_page(page, f"{journey}-03-notify-filled")
    page.get_by_role("button", name="Notify the death").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("DHR-2025-01")
    expect(page.get_by_text("Jane Smithson")).to_have_count(0)
    check_page(page, f"{journey}-04-review-notified")

    follow(page.get_by_role("link", name="Show names"))
    page.get_by_role("button", name="Show names").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you need to see")
    page.get_by_label("Why do you need to see the names?").fill("To write to the family")
    page.get_by_role("button", name="Show names").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Jane Smithson")
    check_page(page, f"{journey}-05-names-shown")
    follow(page.get_by_role("link", name="Back to the review").first)

    follow(page.get_by_role("button", name="Record the decision"))
    page.get_by_label("Yes, hold a review").check()
    fill_date(page, "Date of the decision", date(2025, 6, 2))
    page.get_by_label("Reasons for the decision").fill("The death meets the statutory criteria")
    check_page(page, f"{journey}-06-decision")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The decision is saved")

    follow(page.get_by_role("button", name="Add a panel member"))
    page.get_by_label("Email of their Concord account").fill(practitioner.email)
    check_page(page, f"{journey}-07-panel-member")
    page.get_by_role("button", name="Add to the panel").click()
    expect(page.locator("table").first).to_contain_text("Amira Hussain")

    follow(page.get_by_role("button", name="Add a recommendation"))
    page.get_by_label("Recommendation", exact=True).fill("Train GP practices to ask about abuse")
    page.get_by_label("Owner", exact=True).fill("Head of safeguarding")
    page.get_by_label("Owner's agency (optional)").select_option(
        label="Haven Domestic Abuse Services"
    )
    fill_date(page, "Date due", date(2026, 3, 31))
    check_page(page, f"{journey}-08-recommendation")
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()

    follow(page.get_by_role("link", name="Complete recommendation 1"))
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the evidence that the recommendation was completed"
    )
    check_page(page, f"{journey}-09-complete-refused")
    page.get_by_label("Evidence of completion").fill("Training delivered to all 31 practices")
    page.get_by_role("button", name="Mark as complete").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Recommendation 1 is complete"
    )
    expect(page.get_by_text("Complete", exact=True)).to_be_visible()
    check_page(page, f"{journey}-10-review-complete")
    review = Review.objects.get()
    assert review.recommendations.get().completed_on == today
    sign_out(page)

    sign_in(page, board_member_user, f"{journey}-board")
    page.get_by_role("link", name="Homicide reviews").click()
    expect(page.locator("main")).to_contain_text("<5")
    expect(page.locator("main")).to_contain_text("DHR-2025-01")
    expect(page.locator("main")).not_to_contain_text("JS")
    check_page(page, f"{journey}-11-board-summary")
    page.goto(f"/homicide-reviews/{review.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_page(page, f"{journey}-12-board-review-404")
