"""Journey: a service manager looks into an insider-threat alert and acknowledges it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, User
from concord.accounts.scope import scope_for
from concord.oversight.evaluation import evaluate_alert_rules
from concord.people.services import record_person
from tests.system.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_given_a_worker_opened_many_records_when_their_manager_acknowledges_the_alert_then_it_is_closed(
    page: Page, haven: Agency, practitioner: User, service_manager: User
) -> None:
    """Given Amira opened 25 people's records within a few minutes and the worker has read
    the audit trail, when her manager Beth opens "Alerts", reads the evidence and
    acknowledges the alert (forgetting the note at first), then the alert is listed as
    acknowledged with her note."""
    membership = practitioner.memberships.get()
    reads = scope_for(practitioner, membership)
    for number in range(25):
        person = record_person(None, haven, given_name=f"Client{number}", family_name="Example")
        reads.person(person.pk)  # type: ignore[attr-defined]
    assert evaluate_alert_rules(now=timezone.now() + timedelta(minutes=1)) == 1
    journey = "alerts"
    sign_in(page, service_manager, journey)

    page.get_by_role("navigation").get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerts")
    row = page.get_by_role("row").filter(has_text="Amira Hussain")
    expect(row).to_contain_text("Opened many person records in a short time")
    expect(row).to_contain_text("Open")
    check_page(page, f"{journey}-01-alerts")

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Opened many person records in a short time"
    )
    evidence = page.locator("table").filter(has_text="Evidence from the audit trail")
    expect(evidence.locator("tbody tr")).to_have_count(25)
    expect(evidence.get_by_role("link", name="Open record")).to_have_count(25)
    expect(evidence.get_by_role("link", name="Open record 25", exact=True)).to_be_visible()
    expect(page.get_by_text("Client0 Example")).to_have_count(0)
    check_page(page, f"{journey}-02-alert")

    page.get_by_role("button", name="Acknowledge").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Enter what you found or did about this alert")
    ).to_be_visible()
    check_page(page, f"{journey}-03-alert-errors")

    page.get_by_label("What did you find or do?").fill(
        "Spoke to Amira: she was checking her caseload after the rota change."
    )
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The alert is acknowledged")
    expect(page.get_by_role("row").filter(has_text="Amira Hussain")).to_contain_text("Acknowledged")
    expect(page.locator("table caption")).to_contain_text("0 open alerts")
    check_page(page, f"{journey}-04-acknowledged")

    page.get_by_role("row").filter(has_text="Amira Hussain").get_by_role("link").click()
    expect(page.get_by_text("she was checking her caseload")).to_be_visible()
    expect(page.get_by_role("button", name="Acknowledge")).to_have_count(0)
    check_page(page, f"{journey}-05-alert-acknowledged")
