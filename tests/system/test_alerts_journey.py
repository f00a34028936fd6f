"""Journey: what matters about a person follows her. The IDVA assesses Sarah Ahmed as high
risk; Riverford Homes accepts Haven's referral and its housing officer sees the alerts
panel on the new housing case: high risk, safe contact first, shared by Haven. When the
IDVA records a new DASH, the housing case shows the new level, with nothing sent again."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.services import add_service, create_agency
from concord.cases.models import Case
from concord.people import services as people_services
from concord.referrals import services as referral_services
from concord.risk.models import Instrument
from tests.system.conftest import (
    check_page,
    complete_checklist,
    follow,
    make_user,
    sign_in,
    sign_in_again,
    sign_out,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def riverford(transactional_db) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford Homes",
        slug="riverford",
        kind=AgencyKind.HOUSING,
    )


@pytest.fixture
def safe_home(riverford: Agency) -> Service:
    return add_service(None, riverford, name="Safe Home", kind=ServiceKind.HOUSING)  # type: ignore[arg-type]


@pytest.fixture
def housing_officer(riverford: Agency, safe_home: Service) -> User:
    return make_user(
        riverford,
        email="dev.patel@riverford.example",
        full_name="Dev Patel",
        role=Role.PRACTITIONER,
        services=[safe_home],
    )


def reassess(page: Page, checklist: Instrument, yes: int, journey: str) -> None:
    """From a case page: assess risk again after a new incident, the first ``yes``
    questions answered yes."""
    codes = list(checklist.questions.values_list("code", flat=True))
    follow(page.get_by_role("button", name="Assess risk again"))
    page.get_by_label("A new incident").check()
    check_page(page, f"{journey}-reassess-start")
    page.get_by_role("button", name="Start the checklist").click()
    caption = page.locator(".govuk-caption-l")
    expect(caption).to_contain_text("part 1 of")
    parts = int(caption.inner_text().rsplit(" ", 1)[-1])
    for part in range(1, parts + 1):
        expect(caption).to_contain_text(f"part {part} of {parts}")
        for radios in page.locator(".govuk-radios").all():
            code = radios.locator("input").first.get_attribute("name")
            radios.get_by_label("Yes" if code in codes[:yes] else "No", exact=True).check()
        follow(page.get_by_role("button", name="Save and continue"))
    page.get_by_role("button", name="Finish assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"with {yes} yes answers")
    check_page(page, f"{journey}-reassess-finished")
    page.get_by_role("link", name="Back to the case").click()


def test_given_a_high_risk_victim_referred_to_housing_then_her_alerts_follow_her(
    page: Page,
    practitioner: User,
    housing_officer: User,
    open_case: Case,
    safe_home: Service,
    riverford: Agency,
    checklists: Instrument,
) -> None:
    """Given Sarah Ahmed's open case at Haven with safe contact recorded,
    when her IDVA assesses her as high risk, then her case shows it in the alerts panel;
    when Riverford Homes accepts Haven's referral, then the housing case shows the panel,
    shared by Haven, with the safe contact first and hidden details still hidden;
    when the IDVA records a new DASH, then the housing case shows the new level."""
    journey = "alerts"
    people_services.set_contact_safety(
        practitioner,
        open_case.person,
        safe_to_leave_message="no",
        safe_times="Weekdays 10:00 to 14:00",
        safe_phone="07700 900123",
    )
    sign_in(page, practitioner, journey)
    page.goto(f"/cases/{open_case.pk}/")
    complete_checklist(page, checklists, 15, journey)
    panel = page.locator('[data-concord="alerts"]')
    expect(panel).to_contain_text("High risk (15 yes answers)")
    expect(panel).to_contain_text("Warning: Do not leave messages or voicemail")
    expect(page).to_have_title(f"Case {open_case.reference} – Concord")
    check_page(page, f"{journey}-01-idva-case")
    sign_out(page)

    consent = referral_services.record_consent(
        practitioner,
        open_case.person,
        purpose="referral",
        given=True,
        given_on=timezone.localdate(),
        agencies=[riverford],
    )
    referral_services.make_referral(
        practitioner, open_case, to_service=safe_home, summary="Needs to move.", consent=consent
    )
    sign_in(page, housing_officer, f"{journey}-housing")
    follow(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Referrals", exact=True
        )
    )
    page.locator(".govuk-summary-card", has_text="Sarah Ahmed").get_by_role(
        "link", name="View referral"
    ).click()
    check_page(page, f"{journey}-02-referral")
    follow(page.get_by_role("button", name="Accept referral"))
    page.get_by_role("button", name="Accept and open a case").click()
    housing_case = Case.objects.get(service=safe_home)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {housing_case.reference}")
    panel = page.locator('[data-concord="alerts"]')
    expect(panel).to_contain_text("High risk (15 yes answers)")
    expect(panel).to_contain_text("Do not leave messages or voicemail")
    expect(panel).to_contain_text("Safe times: Weekdays 10:00 to 14:00")
    expect(panel).to_contain_text("Haven Domestic Abuse Services (accepted referral)")
    expect(panel).not_to_contain_text("07700 900123")
    check_page(page, f"{journey}-03-housing-case-with-alerts")
    page.get_by_role("button", name="Record a contact").click()
    expect(page.locator("#id_channel-hint")).to_contain_text(
        "Phone call or text message: Do not leave messages or voicemail"
    )
    check_page(page, f"{journey}-04-housing-contact-form")
    sign_out(page)

    sign_in_again(page, practitioner, f"{journey}-again")
    page.goto(f"/cases/{open_case.pk}/")
    reassess(page, checklists, 5, journey)
    sign_out(page)

    sign_in_again(page, housing_officer, f"{journey}-housing-again")
    page.goto(f"/cases/{housing_case.pk}/")
    panel = page.locator('[data-concord="alerts"]')
    expect(panel).to_contain_text("Standard risk (5 yes answers)")
    expect(panel).not_to_contain_text("High risk")
    check_page(page, f"{journey}-05-housing-case-updated")
