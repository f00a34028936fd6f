"""Journeys: a service manager looks into an insider-threat alert and acknowledges it; a\npolice officer breaks the glass on a record, and its agency is alerted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, User
from concord.accounts.roles import Role
from concord.accounts.scope import scope_for
from concord.accounts.services import create_agency
from concord.cases.models import Case
from concord.oversight.evaluation import evaluate_alert_rules
from concord.oversight.tests.conftest import seed_alert_rules
from concord.people.services import record_person
from tests.system.conftest import check_page, make_user, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_given_a_worker_opened_many_records_when_their_manager_acknowledges_the_alert_then_it_is_closed(
    page: Page, haven: Agency, practitioner: User, service_manager: User
) -> None:
    """Given Amira opened 25 people's records within a few minutes and the worker has read
    the audit trail, when her manager Beth opens "Alerts", reads the evidence and
    acknowledges the alert (forgetting the note at first), then the alert is listed as
    acknowledged with her note."""
    seed_alert_rules()
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


def test_given_the_policy_allows_it_when_a_police_officer_breaks_the_glass_then_haven_is_alerted(
    page: Page, settings, haven: Agency, service_manager: User, open_case: Case
) -> None:
    """Given the partnership allows break-glass and Sarah Ahmed has a case at Haven,
    when a police MARAC representative breaks the glass on it at night (forgetting the
    reason at first), then they see who leads her case, and Haven's service manager has an
    alert with their explanation."""
    settings.BREAK_GLASS_ALLOWED = True
    police = create_agency(None, name="City Police", slug="police", kind=AgencyKind.POLICE)  # type: ignore[arg-type]
    officer = make_user(
        police,
        email="dan.cole@police.example",
        full_name="Dan Cole",
        role=Role.MARAC_REPRESENTATIVE,
    )
    journey = "break-glass"
    sign_in(page, officer, journey)

    page.get_by_role("link", name="Break-glass").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Break the glass on a record")
    check_page(page, f"{journey}-01-form")
    page.get_by_label("Which agency holds the record?").select_option(label=haven.name)
    page.get_by_label("Their case reference").fill(open_case.reference)
    page.get_by_role("button", name="Open the record").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name="Select why you need to see this record now")
    ).to_be_visible()
    check_page(page, f"{journey}-02-form-errors")

    page.get_by_label("Someone is at immediate risk of harm").check()
    page.get_by_label("Explain why this cannot wait for a referral").fill(
        "Called to her address at 2am; she says Haven is supporting her and is at risk tonight."
    )
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarah Ahmed")
    expect(page.get_by_role("row").filter(has_text=open_case.reference)).to_contain_text(
        "Amira Hussain"
    )
    check_page(page, f"{journey}-03-record")
    sign_out(page)

    sign_in(page, service_manager, journey)
    page.get_by_role("navigation").get_by_role("link", name="Alerts").click()
    row = page.get_by_role("row").filter(has_text="Dan Cole")
    expect(row).to_contain_text("Used break-glass to read a record of this agency")
    row.get_by_role("link").click()
    expect(page.get_by_text("Called to her address at 2am")).to_be_visible()
    expect(page.get_by_role("link", name="Open record 1")).to_be_visible()
    check_page(page, f"{journey}-04-alert")
