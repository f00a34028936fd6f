"""Journey by keyboard alone: an IDVA signs in, searches, adds a person, records a contact,
completes a risk checklist and refers to MARAC with Tab, Shift+Tab, arrows, Space, Enter and
typing only (no mouse: no click, no fill), and focus can be seen at every step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, User
from concord.cases.models import Case
from concord.marac.models import MaracArea, MaracReferral
from concord.risk.models import Instrument
from tests.system.conftest import PASSWORD, check_page, current_code
from tests.system.test_marac import area, council

pytestmark = pytest.mark.browser
__all__ = ["area", "council"]  # fixtures shared with the MARAC journey

MOST_PRESSES = 250
FOCUSED = """() => {
  const element = document.activeElement;
  const labelled = element.labels && element.labels.length ? element.labels[0].innerText : "";
  return {
    tag: element.tagName, type: element.type || "", name: element.name || "",
    value: element.value ?? "", checked: Boolean(element.checked),
    label: (labelled || element.getAttribute("aria-label") || element.innerText || "").trim(),
  };
}"""
# GOV.UK Frontend draws focus in yellow (#ffdd00): an outline, a background or a shadow on
# the element, or on its label's circle or box for radios and checkboxes.
FOCUS_SEEN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || !element.matches(":focus-visible")) return false;
  const styles = [getComputedStyle(element)];
  if (element.labels && element.labels.length) {
    styles.push(getComputedStyle(element.labels[0], "::before"));
    styles.push(getComputedStyle(element.labels[0], "::after"));
  }
  return styles.some((style) => [style.outlineColor, style.backgroundColor, style.boxShadow]
    .some((value) => value.includes("rgb(255, 221, 0)")));
}"""


def focused(page: Page) -> dict[str, Any]:
    return page.evaluate(FOCUSED)


def tab_to(page: Page, wanted: Callable[[dict[str, Any]], bool], what: str) -> None:
    """Press Tab until the focused element is the one wanted, and check focus can be seen."""
    for _ in range(MOST_PRESSES):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            assert page.evaluate(FOCUS_SEEN), f"focus on {what} cannot be seen on {page.url}"
            return
    raise AssertionError(f"Tab never reached {what} on {page.url}")


def type_into(page: Page, label: str, text: str) -> None:
    tab_to(
        page,
        lambda f: f["tag"] in {"INPUT", "TEXTAREA"} and f["label"].startswith(label),
        label,
    )
    page.keyboard.type(text)


def enter(page: Page) -> None:
    """Press Enter on a link, a button or a form's field, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press(page: Page, name: str) -> None:
    """Activate a button or link (a GOV.UK button that is a link answers Enter too)."""
    tab_to(page, lambda f: f["tag"] in {"BUTTON", "A"} and f["label"] == name, name)
    enter(page)


def choose(page: Page, name: str, value: str) -> None:
    """Choose a radio: Tab into its group, arrows to the value, Space to be sure."""
    tab_to(page, lambda f: f["type"] == "radio" and f["name"] == name, f"the {name} radios")
    for _ in range(20):
        if focused(page)["value"] == value:
            break
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == value
    if not focused(page)["checked"]:
        page.keyboard.press("Space")


def tick(page: Page, label: str) -> None:
    tab_to(page, lambda f: f["type"] == "checkbox" and f["label"].startswith(label), label)
    page.keyboard.press("Space")


def select(page: Page, label: str, value: str) -> None:
    tab_to(page, lambda f: f["tag"] == "SELECT" and f["label"] == label, label)
    for _ in range(40):
        if focused(page)["value"] == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label} has no option {value}")


def test_given_an_idva_without_a_mouse_when_she_works_a_case_then_every_step_is_reachable(
    page: Page,
    practitioner: User,
    open_case: Case,
    checklists: Instrument,
    area: MaracArea,
    haven: Agency,
) -> None:
    """Given Sarah Ahmed's open case and an IDVA who uses the keyboard alone,
    when she signs in, searches for Sarah, adds Aisha as a new person, records a contact on
    Sarah's case, completes the risk checklist (15 yes answers) and refers Sarah to MARAC,
    then every step is reached by Tab and done by typing, Space or Enter, focus is visible
    each time, and every page has no accessibility violation."""
    journey = "keyboard"
    page.goto("/accounts/sign-in/")
    type_into(page, "Email address", practitioner.email)
    type_into(page, "Password", PASSWORD)
    press(page, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    check_page(page, f"{journey}-01-code")
    device = TOTPDevice.objects.get(user=practitioner, confirmed=True)
    type_into(page, "Code from your authenticator app", current_code(device))
    enter(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page, f"{journey}-02-home")

    press(page, "People")
    type_into(page, "Search by name", "Ahmed")
    enter(page)
    expect(page.locator("main table")).to_contain_text("Sarah Ahmed")
    check_page(page, f"{journey}-03-search")

    press(page, "Add a person")
    type_into(page, "Given name", "Aisha")
    type_into(page, "Family name", "Ahmed")
    type_into(page, "Day", "14")
    type_into(page, "Month", "3")
    type_into(page, "Year", "1988")
    tick(page, "Victim/survivor")
    choose(page, "sex", "female")
    check_page(page, f"{journey}-04-add-person")
    press(page, "Continue")
    expect(page.locator("main table")).to_contain_text("Sarah Ahmed")
    tick(page, "I have checked these: this is a new person")
    press(page, "Add as a new person")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aisha Ahmed")
    check_page(page, f"{journey}-05-person")

    press(page, "Cases")
    press(page, open_case.reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {open_case.reference}")
    press(page, "Record a contact")
    select(page, "Kind of contact", "call")
    choose(page, "initiated_by", "victim")
    type_into(page, "Notes", "Safe to talk; she asked for a call back tomorrow morning.")
    check_page(page, f"{journey}-06-contact")
    press(page, "Save contact")
    expect(page.locator(".moj-timeline")).to_contain_text("Phone call")
    check_page(page, f"{journey}-07-case")

    press(page, "Assess risk")
    press(page, "Start the checklist")
    codes = list(checklists.questions.values_list("code", flat=True))
    caption = page.locator(".govuk-caption-l")
    expect(caption).to_contain_text("part 1 of")
    parts = int(caption.inner_text().rsplit(" ", 1)[-1])
    for part in range(1, parts + 1):
        expect(caption).to_contain_text(f"part {part} of {parts}")
        for radios in page.locator(".govuk-radios").all():
            code = radios.locator("input").first.get_attribute("name") or ""
            choose(page, code, "yes" if code in codes[:15] else "no")
        check_page(page, f"{journey}-08-checklist-{part}")
        press(page, "Save and continue")
    press(page, "Finish assessment")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("with 15 yes answers")
    press(page, "Back to the case")

    press(page, "Refer to MARAC")
    expect(page.get_by_label("Visible high risk")).to_be_checked()
    type_into(page, "Summary of the risk", "Strangled last week; threats to kill if she leaves.")
    type_into(page, "Who the victim fears", "Darren Cole, her ex-partner")
    choose(page, "new_incident_criminal", "yes")
    type_into(page, "Given name", "Darren")
    type_into(page, "Family name", "Cole")
    type_into(page, "Number of children in the household", "2")
    type_into(page, "The children's names and ages", "Amir, 4, and Layla, 7")
    choose(page, "victim_knows", "yes")
    choose(page, "victim_consented", "yes")
    type_into(page, "How to reach the victim safely", "07700 900123 after 2pm")
    check_page(page, f"{journey}-09-refer")
    press(page, "Refer to MARAC")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is referred to")
    check_page(page, f"{journey}-10-referred")
    assert MaracReferral.objects.filter(case=open_case).exists()
