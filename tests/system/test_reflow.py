"""Pages reflow at 320 CSS pixels (WCAG 1.4.10): nothing scrolls sideways except a wide
table inside its own scroll region; and the accessibility statement is open to anyone."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases.models import Case
from concord.cases.services import offer_support
from tests.system.conftest import check_page, screenshot, sign_in

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}
# What sticks out of the page: elements wider than the viewport that are not inside a table's
# scroll region (named, so that a failure says where to look).
OVERFLOWING = """() => Array.from(document.querySelectorAll("body *"))
  .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((element) => !element.closest(".concord-table-scroll"))
  .slice(0, 5)
  .map((element) => element.tagName + "." + element.className)"""


def assert_reflows(page: Page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], (
        f"{page.url} is {width} px wide at 320 px: {page.evaluate(OVERFLOWING)}"
    )
    for region in page.locator(".concord-table-scroll").all():
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_attribute("role", "region")
        assert region.get_attribute("aria-label")
    check_page(page, name)


def test_the_case_page_and_caseload_reflow_at_320_pixels(
    page: Page, practitioner: User, open_case: Case
) -> None:
    """Given a practitioner with an open case with offers of support (a table),
    when they use a screen 320 CSS pixels wide,
    then the case page, contact form, caseload and home page fit without scrolling sideways."""
    for kind in ("idva", "casework"):
        offer_support(practitioner, open_case, kind=kind, offered_on=date(2026, 11, 3))
    sign_in(page, practitioner, "reflow")
    page.set_viewport_size(NARROW)

    for path, name in (
        (f"/cases/{open_case.pk}/", "reflow-case"),
        (f"/cases/{open_case.pk}/contacts/new/", "reflow-contact"),
        ("/cases/", "reflow-caseload"),
        ("/", "reflow-home"),
    ):
        page.goto(path)
        assert_reflows(page, name)


def test_the_reports_reflow_at_320_pixels(page: Page, commissioner: User) -> None:
    """Given a commissioner, when they read the quarterly report on a narrow screen,
    then only its tables scroll, each in its own region."""
    sign_in(page, commissioner, "reflow-reports")
    page.set_viewport_size(NARROW)

    page.goto("/reports/quarterly/")
    assert_reflows(page, "reflow-reports")
    expect(page.locator(".concord-table-scroll").first).to_be_visible()


def test_the_accessibility_statement_is_open_to_anyone_and_linked_from_every_page(
    page: Page,
) -> None:
    """Given someone not signed in, when they follow the footer's link,
    then the statement says how accessible Concord is and how to ask for help."""
    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="Accessibility statement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement for Concord")
    for heading in (
        "How accessible Concord is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Technical information about this website's accessibility",
        "What we do to improve accessibility",
    ):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator("main")).to_contain_text("The domestic abuse partnership")
    check_page(page, "accessibility-statement")
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    screenshot(page, "accessibility-statement-320")
