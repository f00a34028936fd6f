"""Journey by keyboard alone (issue 18): a service manager logs a complaint (after the form
has said what is missing), acknowledges it, records the response with its outcome and
lessons, and sees it on the list answered within target. Every page passes axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from concord.accounts.models import Service, User
from concord.voice.models import ComplaintStage
from tests.system.conftest import PASSWORD, check_page, current_code
from tests.system.test_keyboard_journey import (
    choose,
    enter,
    focused,
    press,
    select,
    tab_to,
    type_into,
)

pytestmark = pytest.mark.browser

JOURNEY = "complaints"


def select_from_top(page: Page, label: str, value: str) -> None:
    """Choose an option of a select whose answer may be below the one wanted: Home first."""
    tab_to(page, lambda f: f["tag"] == "SELECT" and f["label"] == label, label)
    page.keyboard.press("Home")
    for _ in range(40):
        if focused(page)["value"] == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label} has no option {value}")


def type_today(page: Page) -> None:
    today = timezone.localdate()
    type_into(page, "Day", str(today.day))
    type_into(page, "Month", str(today.month))
    type_into(page, "Year", str(today.year))


def test_given_a_service_manager_when_a_complaint_is_answered_then_it_is_within_target(
    page: Page, service_manager: User, help_point: Service
) -> None:
    """Given Haven's service manager, who uses the keyboard alone, when she logs a phone
    complaint about the help point, acknowledges it and records the response (partly upheld,
    with lessons learnt) the same day, then the list shows it answered within target."""
    page.goto("/accounts/sign-in/")
    type_into(page, "Email address", service_manager.email)
    type_into(page, "Password", PASSWORD)
    press(page, "Continue")
    device = TOTPDevice.objects.get(user=service_manager, confirmed=True)
    type_into(page, "Code from your authenticator app", current_code(device))
    enter(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No complaint is overdue.")
    check_page(page, f"{JOURNEY}-01-home")

    press(page, "Feedback and complaints")
    expect(page.locator("main")).to_contain_text("No feedback matches")
    check_page(page, f"{JOURNEY}-02-feedback-empty")
    press(page, "Complaints")
    expect(page.locator("main")).to_contain_text("No complaints match")
    check_page(page, f"{JOURNEY}-03-complaints-empty")

    press(page, "Log a complaint")
    press(page, "Log complaint")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select how it was received")
    expect(summary).to_contain_text("Enter a summary of the complaint")
    check_page(page, f"{JOURNEY}-04-log-errors")

    select(page, "Service", str(help_point.pk))  # its only service, chosen already
    expect(page.get_by_label("Day")).to_have_value(str(timezone.localdate().day))
    select(page, "How it was received", "phone")
    type_into(page, "Summary of the complaint", "Promised call back did not happen for a week.")
    choose(page, "wants_linked", "no")
    select_from_top(page, "Sex (if not linked to a case)", "female")
    check_page(page, f"{JOURNEY}-05-log-filled")
    press(page, "Log complaint")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The complaint is logged")
    expect(page.locator("main")).to_contain_text("Waiting to be acknowledged")
    check_page(page, f"{JOURNEY}-06-logged")

    press(page, "Acknowledge")
    type_today(page)
    check_page(page, f"{JOURNEY}-07-acknowledge")
    press(page, "Save acknowledgement")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The acknowledgement is recorded"
    )

    press(page, "Record the response")
    type_today(page)
    choose(page, "outcome", "partly_upheld")
    type_into(page, "What the response said", "We apologised and set a call-back day.")
    type_into(page, "Lessons learnt", "Call-backs go in the shared diary.")
    check_page(page, f"{JOURNEY}-08-respond")
    press(page, "Save response")
    main = page.locator("main")
    expect(main).to_contain_text("Partly upheld")
    expect(main).to_contain_text("Call-backs go in the shared diary.")
    check_page(page, f"{JOURNEY}-09-answered")

    press(page, "Complaints")
    expect(page.locator("main table")).to_contain_text("Answered within target")
    check_page(page, f"{JOURNEY}-10-list")

    # Her service's own pack for today shows the complaint, exact, by service and strand.
    press(page, "Reports")
    type_today(page)  # from
    type_today(page)  # to
    press(page, "Show")
    breakdowns = page.locator("main")
    expect(breakdowns).to_contain_text("Victims' voice by service and equality strand")
    expect(breakdowns).to_contain_text("By ethnic group")
    check_page(page, f"{JOURNEY}-11-pack")
    stage = ComplaintStage.objects.get()
    assert (stage.outcome, stage.responded_on) == ("partly_upheld", timezone.localdate())
