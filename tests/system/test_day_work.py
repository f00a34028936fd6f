"""Journeys: the day's work. A safety plan's review date sets a task by the rule, which the
practitioner finds on the home page and the caseload; each role's home page with its work
and, before there is any, words for a newcomer; people found by date of birth, phone number
and case reference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Service, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.cases.models import Case
from concord.cases.services import open_case as open_new_case
from concord.people.services import record_person, set_contact_safety
from tests.system.conftest import (
    check_page,
    fill_date,
    follow,
    make_user,
    sign_in,
    sign_in_again,
    sign_out,
)

pytestmark = pytest.mark.browser


def test_given_a_safety_plan_with_a_review_date_then_its_task_is_on_home_and_the_caseload(
    page: Page, practitioner: User, open_case: Case
) -> None:
    """Given Sarah Ahmed's open case led by the practitioner,
    when she makes a safety plan to be reviewed today and adds an action to it,
    then the review task the rule sets is on the case, on her home page and on the caseload;
    when she sets a task by hand that was due yesterday, the caseload says it is overdue in
    words, and marking it done takes it off."""
    journey = "day-work"
    today = timezone.localdate()
    sign_in(page, practitioner, journey)
    expect(page.get_by_text("Nothing is due in the next 7 days")).to_be_visible()
    check_page(page, f"{journey}-01-home-empty")

    page.goto(f"/cases/{open_case.pk}/")
    follow(page.get_by_role("button", name="Make a safety plan"))
    page.get_by_label("Safe places to go and routes to them").check()
    fill_date(page, "Review by", today)
    page.get_by_role("button", name="Save safety plan").click()
    tasks = page.locator("#main-content table").first
    expect(tasks).to_contain_text("Review the safety plan")
    expect(tasks).to_contain_text("Due today")
    check_page(page, f"{journey}-02-case-with-review-task")

    follow(page.get_by_role("link", name="Add an action"))
    page.get_by_label("What is to be done").fill("Keep a bag with documents at her sister's")
    page.get_by_label("Who owns it").fill("Sarah")
    fill_date(page, "Review by", today + timedelta(days=14))
    check_page(page, f"{journey}-03-plan-action")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_role("heading", name="Safety plans")).to_be_visible()
    expect(page.get_by_role("row", name="Keep a bag")).to_contain_text("Sarah")

    follow(page.get_by_role("button", name="Set a task"))
    page.get_by_role("button", name="Set task").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what is to be done")
    check_page(page, f"{journey}-04-task-errors")
    page.get_by_label("What is to be done").fill("Ring the school")
    fill_date(page, "Due by", today - timedelta(days=1))
    page.get_by_label("Who does it").select_option(label="Amira Hussain")
    page.get_by_role("button", name="Set task").click()
    expect(page.get_by_role("row", name="Ring the school")).to_contain_text("Overdue")

    page.get_by_role("navigation").get_by_role("link", name="Home").click()
    your_tasks = page.locator("section", has=page.get_by_role("heading", name="Your tasks"))
    expect(your_tasks).to_contain_text("Review the safety plan")
    expect(your_tasks).to_contain_text("1 overdue")
    expect(page.locator("title")).not_to_contain_text("Ahmed")
    check_page(page, f"{journey}-05-home-with-tasks")

    page.get_by_role("navigation").get_by_role("link", name="Cases").click()
    row = page.get_by_role("row", name=open_case.reference)
    expect(row).to_contain_text("Ring the school. Overdue: due")
    expect(row).to_contain_text("Not referred")
    expect(row).to_contain_text("Not assessed")
    page.get_by_label("Tasks").select_option(label="With an overdue task")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("row", name=open_case.reference)).to_be_visible()
    check_page(page, f"{journey}-06-caseload")
    page.get_by_label("Risk").select_option(label="High")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("No cases match")).to_be_visible()

    page.goto(f"/cases/{open_case.pk}/")
    page.get_by_role("row", name="Ring the school").get_by_role("button", name="Mark done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is done")
    expect(page.get_by_role("row", name="Ring the school")).to_contain_text("Done")
    check_page(page, f"{journey}-07-task-done")


def test_given_people_when_searching_by_birth_date_phone_or_reference_then_found(
    page: Page, practitioner: User, open_case: Case
) -> None:
    """Given Sarah Ahmed with a case and a safe phone number,
    when the practitioner searches by her date of birth, her phone number or her case
    reference, then she is found each time and the search never shows in the address."""
    journey = "search"
    set_contact_safety(None, open_case.person, safe_phone="07700 900123")  # type: ignore[arg-type]
    sign_in(page, practitioner, journey)
    follow(page.get_by_role("navigation").get_by_role("link", name="People"))
    for number, text in enumerate(["14/03/1988", "07700 900123", open_case.reference], 1):
        page.get_by_label("Search by name, date of birth").fill(text)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("row", name="Sarah Ahmed")).to_be_visible()
        assert "900123" not in page.url and "1988" not in page.url
        check_page(page, f"{journey}-{number:02d}-found")


def test_given_each_role_then_its_home_page_shows_its_work_or_says_what_will_come(
    page: Page, haven: Agency, help_point: Service, service_manager: User, commissioner: User
) -> None:
    """Given a service manager, a MARAC coordinator, a commissioner and an analyst with no
    work yet, their home pages say what will show there; once a referral waits with no lead,
    the manager's home page lists it."""
    journey = "home-pages"
    council = create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford Community Safety",
        slug="community-safety",
        kind=AgencyKind.COMMISSIONER,
    )
    coordinator = make_user(
        council,
        email="kim.lee@council.example",
        full_name="Kim Lee",
        role=Role.MARAC_COORDINATOR,
    )
    analyst = make_user(
        council,
        email="ola.ade@council.example",
        full_name="Ola Ade",
        role=Role.PARTNERSHIP_ANALYST,
    )
    empty_states = {
        service_manager: "Every referral has a lead professional",
        coordinator: "No meeting is scheduled",
        commissioner: "No return is waiting for you",
        analyst: "Every file expected for the last two quarters has arrived",
    }
    for number, (user, words) in enumerate(empty_states.items(), 1):
        sign_in(page, user, journey)
        expect(page.get_by_text(words)).to_be_visible()
        check_page(page, f"{journey}-{number:02d}-{user.email.split('@')[0]}-empty")
        sign_out(page)

    person = record_person(None, haven, given_name="Leanne", family_name="Marsh")  # type: ignore[arg-type]
    waiting = open_new_case(
        service_manager,
        person,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=2),
    )
    Case.objects.filter(pk=waiting.pk).update(lead_professional=None)
    sign_in_again(page, service_manager, journey)
    expect(page.get_by_text("Referrals nobody leads yet: 1")).to_be_visible()
    expect(page.get_by_role("row", name=waiting.reference)).to_contain_text("SAFE help point")
    check_page(page, f"{journey}-05-manager-with-work")
