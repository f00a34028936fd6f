"""Journey: the partnership manager keeps the Local Partnership Board: adds a member
(linked to a board member's account) and sees the children's voice gap flagged, adds a
meeting with an agenda and a paper, records attendance (quorate), a decision and an
action, and drafts the annual report; then a board member reads the meeting and downloads
its paper. Every page is checked with axe."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.board.models import Category
from concord.board.tests.factories import BoardMemberFactory
from concord.domain.periods import financial_year_label, financial_year_of
from tests.system.conftest import check_page, fill_date, follow, sign_in, sign_out

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n% Delivery plan progress\n%%EOF\n"


def test_the_manager_keeps_the_board_and_a_member_reads_its_papers(
    page: Page, partnership_manager_user, board_member_user
) -> None:
    # Given a board with members in four categories, none for children's voice
    today = timezone.localdate()
    for name, category in [
        ("Ruth Adeyemi", Category.COUNCIL),
        ("Priya Shah", Category.DISTRICT_HOUSING),
        ("Janet Morris", Category.ADULT_VICTIM_VOICE),
        ("Grace Obi", Category.SPECIALIST_CHARITIES),
        ("Helen Carr", Category.HEALTH),
    ]:
        BoardMemberFactory(name=name, category=category, organisation="Riverford partners")

    # When the manager opens the board and adds the police member, linked to an account
    sign_in(page, partnership_manager_user, "board")
    page.get_by_role("link", name="Board", exact=True).click()
    expect(page.locator(".govuk-warning-text").first).to_contain_text(
        "No member for Children's voice"
    )
    check_page(page, "board-01-members-with-gaps")
    follow(page.get_by_role("button", name="Add a member"))
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the member's name")
    check_page(page, "board-02-member-refused")
    page.get_by_label("Name", exact=True).fill("Owen Hale")
    page.get_by_label("Organisation").fill("Riverford Police")
    page.get_by_label("Statutory category").select_option(label="Police and criminal justice")
    page.get_by_label("Voting member").check()
    page.get_by_label("Concord account (optional)").select_option(index=1)
    fill_date(page, "Term starts", today - timedelta(days=30))
    page.get_by_role("button", name="Add member").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Owen Hale is added")
    check_page(page, "board-03-member")

    # And adds a meeting held yesterday, with an agenda item and a paper
    follow(page.get_by_role("link", name="All members"))
    follow(page.get_by_role("link", name="Meetings"))
    check_page(page, "board-04-meetings-empty")
    follow(page.get_by_role("button", name="Add a meeting"))
    page.get_by_label("Title").fill("Board meeting, autumn")
    fill_date(page, "Date", today - timedelta(days=1))
    page.get_by_label("Where (optional)").fill("Civic Centre")
    follow(page.get_by_role("button", name="Add meeting"))
    follow(page.get_by_role("link", name="Add an agenda item"))
    page.get_by_label("Agenda item").fill("Delivery plan progress")
    follow(page.get_by_role("button", name="Add item"))
    follow(page.get_by_role("link", name="Add a paper"))
    page.get_by_label("Title").fill("Delivery plan progress")
    page.get_by_label("Agenda item (optional)").select_option(label="1. Delivery plan progress")
    page.get_by_label("File").set_input_files(
        {"name": "progress.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    check_page(page, "board-05-paper-form")
    page.get_by_role("button", name="Upload paper").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The paper is added")

    # And records who attended: four present and a deputy, so the meeting is quorate
    follow(page.get_by_role("link", name="Record attendance"))
    for name in ["Ruth Adeyemi", "Priya Shah", "Janet Morris", "Owen Hale"]:
        page.get_by_role("group", name=name).get_by_label("Present").check()
    page.get_by_role("group", name="Grace Obi").get_by_label("Deputy attended").check()
    page.get_by_label("Name of Grace Obi's deputy").fill("Sam Green")
    page.get_by_role("group", name="Helen Carr").get_by_label("Apologies").check()
    check_page(page, "board-06-attendance")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("[data-concord=quoracy]")).to_contain_text(
        "Quorate: 5 of 6 voting members present, 3 needed"
    )

    # And records a decision (refused first without a meeting) and an action
    follow(page.get_by_role("link", name="Record a decision"))
    page.get_by_label("Meeting").select_option(index=0)
    page.get_by_label("Decision").fill("Adopt the refreshed delivery plan.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the meeting the decision was made at"
    )
    check_page(page, "board-07-decision-refused")
    page.get_by_label("Meeting").select_option(index=1)
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#decisions ~ div, #decisions + div").first).to_be_visible()
    follow(page.get_by_role("link", name="Add an action"))
    page.get_by_label("Action").fill("Recruit a member for the children's voice seat")
    page.get_by_label("Owner").select_option(label="Ruth Adeyemi (Riverford partners)")
    fill_date(page, "Due", today + timedelta(days=30))
    page.get_by_role("button", name="Add action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The action is added")
    check_page(page, "board-08-meeting")

    # And drafts this year's annual report, which shows the gap and the decision
    follow(page.get_by_role("link", name="All meetings"))
    follow(page.get_by_role("link", name="Annual reports"))
    check_page(page, "board-09-reports")
    year = financial_year_of(today)
    page.get_by_label("Financial year").select_option(str(year))
    page.get_by_role("button", name="Draft the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Local Partnership Board annual report {financial_year_label(year)}"
    )
    expect(page.locator("#membership + p")).to_contain_text("no member for Children's voice")
    expect(page.get_by_role("region", name="Decisions")).to_contain_text("Adopt the refreshed")
    check_page(page, "board-10-annual-report")
    sign_out(page)

    # Then the board member sees the meeting and downloads its paper, and cannot change it
    sign_in(page, board_member_user, "board-member")
    follow(page.get_by_role("link", name="Board", exact=True))
    follow(page.get_by_role("link", name="Meetings"))
    page.get_by_role("link", name="Board meeting, autumn").click()
    expect(page.get_by_role("link", name="Add a paper")).to_have_count(0)
    check_page(page, "board-11-member-reads-meeting")
    with page.expect_download() as download:
        page.get_by_role("link", name="Delivery plan progress (download)").click()
    assert download.value.suggested_filename.startswith("board-paper-")
    assert download.value.path().read_bytes() == PDF
