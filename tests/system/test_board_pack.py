"""Journey: the partnership manager generates the quarterly board pack and opens it; a board
member signs in, finds it on the home page and in the menu, reads it and downloads the
workbook, which holds the pack's tables."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.domain.periods import quarter_of
from tests.system.conftest import check_page, follow, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_given_a_quarter_when_the_manager_generates_the_pack_then_the_board_reads_it(
    page: Page, partnership_manager_user: User, board_member_user: User
) -> None:
    """Given the quarter that last ended,
    when the partnership manager generates its board pack without choosing a period first
    (the last quarter is chosen), then the pack's page shows its parts with their figures;
    when a board member signs in, then the home page and the menu lead to the pack,
    which they read and download as Excel, a sheet per table."""
    journey = "board-pack"
    quarter = quarter_of(timezone.localdate()).previous()
    sign_in(page, partnership_manager_user, journey)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board packs")
    expect(page.get_by_text("No board pack has been generated yet.")).to_be_visible()
    check_page(page, f"{journey}-01-no-packs")

    expect(page.get_by_label("Period")).to_have_value(str(quarter))
    page.get_by_role("button", name="Generate the pack").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"The board pack for {quarter.label} is generated"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Quarterly board pack: {quarter.label}"
    )
    expect(
        page.get_by_role("heading", name="Strategy KPIs against baseline and target")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="MARAC measures")).to_be_visible()
    check_page(page, f"{journey}-02-pack")
    sign_out(page)

    sign_in(page, board_member_user, f"{journey}-board")
    panel = page.locator("#panel-board_pack")
    expect(panel).to_be_visible()
    page.get_by_role("link", name=f"the quarterly pack for {quarter.label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Quarterly board pack: {quarter.label}"
    )
    expect(page.get_by_role("button", name="Generate the pack")).to_have_count(0)
    follow(page.get_by_role("link", name="Safe accommodation (Part 4)").first)
    check_page(page, f"{journey}-03-board-member-reads")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this pack (Excel, a sheet per table)").click()
    download = download_info.value
    assert download.suggested_filename == f"board-pack-{quarter}.xlsx"
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert workbook.sheetnames[:2] == ["About", "Strategy KPIs against baseline"]
    assert {"MARAC measures", "Top risks", "Board meetings"} <= set(workbook.sheetnames)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("button", name="Generate the pack")).to_have_count(0)
    check_page(page, f"{journey}-04-board-member-list")
