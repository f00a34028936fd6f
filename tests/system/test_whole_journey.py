"""The whole journey of issue 3: a helpline call to a home made safe, across two agencies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accommodation.models import HousingRecord
from concord.accounts.models import Service, User
from concord.cases.models import Case
from concord.people.models import Person
from tests.system.conftest import check_page, fill_date, follow, sign_in
from tests.system.test_referral_journey import housing_officer, riverford, safe_home

pytestmark = pytest.mark.browser
__all__ = ["housing_officer", "riverford", "safe_home"]  # fixtures shared with that journey


def test_given_a_call_to_the_helpline_when_she_is_supported_then_her_home_is_made_safe(
    page: Page, practitioner: User, person: Person, housing_officer: User, safe_home: Service
) -> None:
    """Given Aisha calls the help point,
    when her helpline worker searches before recording her (and finds only someone else),
    records her, opens a case, records the call, her intake safeguarding profile and a
    safety plan, and refers her to Safe Home with her consent,
    then a Safe Home officer accepts the referral, records sanctuary measures and the home
    secured, and closes the case with an exit review."""
    journey = "whole"
    sign_in(page, practitioner, journey)

    page.get_by_role("navigation").get_by_role("link", name="People").click()
    follow(page.get_by_role("button", name="Add a person"))
    page.get_by_label("Given name").fill("Aisha")
    page.get_by_label("Family name").fill("Ahmed")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1988")
    page.get_by_label("Victim/survivor").check()
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("table")).to_contain_text("Sarah Ahmed")  # searched before creating
    check_page(page, f"{journey}-01-search-before-create")
    page.get_by_label("I have checked these: this is a new person").check()
    page.get_by_role("button", name="Add as a new person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aisha Ahmed")
    check_page(page, f"{journey}-02-person")

    follow(page.get_by_role("button", name="Open a case"))
    page.get_by_label("Who referred the person").select_option("self")
    page.get_by_label("Helpline call").check()
    today = timezone.localdate().isoformat()
    # Referred yesterday, and called at midnight: both in the past whenever the test runs
    fill_date(page, "Date referred", timezone.localdate() - timedelta(days=1))
    page.get_by_label("Time referred").fill("09:30")
    follow(page.get_by_role("button", name="Open case"))
    follow(page.get_by_role("button", name="Open the case"))
    follow(page.get_by_role("button", name="Record a contact"))
    page.get_by_label("Kind of contact").select_option("call")
    page.get_by_label("Victim/survivor").check()
    fill_date(page, "Date", today)
    page.get_by_label("Time", exact=True).fill("00:00")
    follow(page.get_by_role("button", name="Save contact"))
    follow(page.get_by_role("button", name="Intake safeguarding profile"))
    page.locator("#id_high_risk_at_intake").check()
    fill_date(page, "Date of the assessment", today)
    follow(page.get_by_role("button", name="Save profile"))
    follow(page.get_by_role("button", name="Make a safety plan"))
    page.get_by_label("Safe places to go and routes to them").check()
    fill_date(page, "Date made", today)
    page.get_by_role("button", name="Save safety plan").click()
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Phone call (out of hours)")
    expect(timeline).to_contain_text("Intake safeguarding profile")
    expect(timeline).to_contain_text("Safety plan made")
    check_page(page, f"{journey}-03-helpline-case")

    follow(page.get_by_role("button", name="Refer", exact=True))
    page.get_by_label("A service in Concord").select_option(label="Safe Home")
    page.get_by_label("What the referral shares").fill("Needs the locks changed this week.")
    page.get_by_label("Record the person's consent now").check()
    fill_date(page, "Date the person gave consent", today)
    follow(page.get_by_role("button", name="Send referral"))
    check_page(page, f"{journey}-04-referred")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    check_page(page, f"{journey}-05-signed-out")

    sign_in(page, housing_officer, f"{journey}-housing")
    follow(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Referrals", exact=True
        )
    )
    page.locator(".govuk-summary-card", has_text="Aisha Ahmed").get_by_role(
        "link", name="View referral"
    ).click()
    follow(page.get_by_role("button", name="Accept referral"))
    page.get_by_role("button", name="Accept and open a case").click()
    housing_case = Case.objects.get(service=safe_home)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {housing_case.reference}")
    check_page(page, f"{journey}-06-housing-case")

    follow(page.get_by_role("button", name="Housing record"))
    follow(page.get_by_role("button", name="Add a sanctuary measure"))
    page.get_by_label("Door and window locks").check()
    fill_date(page, "Date fitted", today)
    follow(page.get_by_role("button", name="Save measure"))
    follow(page.get_by_role("link", name="Record home secured"))
    fill_date(page, "Date the home was secured", today)
    follow(page.get_by_role("button", name="Record home secured"))
    check_page(page, f"{journey}-07-home-secured")
    follow(page.get_by_role("link", name="Back to case"))

    follow(page.get_by_role("button", name="Close the case"))
    page.get_by_label("Support completed").check()
    page.locator("#id_feels_safer").check()
    page.get_by_label("Stopped", exact=True).check()
    fill_date(page, "Date of the exit review", today)
    page.get_by_role("button", name="Close case").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Exit review")
    check_page(page, f"{journey}-08-closed")
    housing_case.refresh_from_db()
    assert housing_case.status == "closed"
    assert housing_case.exit_review.feels_safer == "yes"
    assert HousingRecord.objects.get(case=housing_case).home_secured_on is not None
