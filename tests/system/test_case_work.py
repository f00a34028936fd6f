"""Journey: a practitioner works a case from referral to closure."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases.models import Case
from concord.people.models import Person
from tests.system.conftest import check_page, fill_date, follow, sign_in

pytestmark = pytest.mark.browser


def test_given_a_referral_when_the_worker_supports_the_person_then_the_case_closes_safely(
    page: Page, practitioner: User, person: Person
) -> None:
    """Given a person referred by the police,
    when their worker opens a case, records an out-of-hours call, the intake safeguarding
    profile and a safety plan, and closes the case with an exit review,
    then the timeline shows each step and the case appears in the worker's caseload."""
    journey = "case-work"
    sign_in(page, practitioner, journey)

    page.goto(f"/cases/open/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case for Sarah Ahmed")
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date referred")
    check_page(page, f"{journey}-01-open-case-errors")
    page.get_by_label("Who referred the person").select_option("police")
    page.get_by_label("Professional referral").check()
    fill_date(page, "Date referred", "2026-11-02")
    page.get_by_label("Time referred").fill("09:30")
    page.get_by_label("Controlling or coercive behaviour").check()
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is recorded as a referral")
    check_page(page, f"{journey}-02-case-referred")

    page.get_by_role("button", name="Open the case").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Open")
    follow(page.get_by_role("button", name="Record a contact"))
    page.get_by_label("Kind of contact").select_option("call")
    page.get_by_label("Victim/survivor").check()
    fill_date(page, "Date", "2026-11-07")
    page.get_by_label("Time", exact=True).fill("21:15")
    page.get_by_label("Length in minutes").fill("40")
    check_page(page, f"{journey}-03-record-contact")
    page.get_by_role("button", name="Save contact").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Phone call (out of hours)")
    check_page(page, f"{journey}-04-timeline")

    follow(page.get_by_role("button", name="Intake safeguarding profile"))
    check_page(page, f"{journey}-05-intake-profile")
    page.locator("#id_mental_health").check()
    follow(page.get_by_role("button", name="Save profile"))
    follow(page.get_by_role("button", name="Make a safety plan"))
    page.get_by_label("Safe places to go and routes to them").check()
    check_page(page, f"{journey}-06-safety-plan")
    page.get_by_role("button", name="Save safety plan").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Safety plan made")

    follow(page.get_by_role("button", name="Record an offer"))
    page.get_by_role("button", name="Save offer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the support offered")
    check_page(page, f"{journey}-06b-offer-errors")
    page.get_by_label("Casework").check()
    follow(page.get_by_role("button", name="Save offer"))
    follow(page.get_by_role("link", name="Record the answer to the offer of casework"))
    page.get_by_label("Accepted").check()
    check_page(page, f"{journey}-06c-answer")
    page.get_by_role("button", name="Save answer").click()
    expect(page.locator(".govuk-table")).to_contain_text("Accepted")
    check_page(page, f"{journey}-06d-support-offered")

    follow(page.get_by_role("button", name="Close the case"))
    page.get_by_label("Support completed").check()
    page.locator("#id_feels_safer").check()
    page.get_by_label("Reduced").check()
    check_page(page, f"{journey}-07-close")
    page.get_by_role("button", name="Close case").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Exit review")
    check_page(page, f"{journey}-08-closed")
    assert Case.objects.get().status == "closed"

    page.get_by_role("navigation").get_by_role("link", name="Cases").click()
    expect(page.locator("table")).to_contain_text("Sarah Ahmed")
    check_page(page, f"{journey}-09-caseload")
