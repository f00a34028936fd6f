"""Journeys: a helpline worker logs an anonymous call, which the helpline-calls figure
counts; consent to an agency lets a referral go to one of its services; and nobody is
offered a decision on a referral they made."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
from concord.accounts.services import add_service, create_agency
from concord.cases.models import Case
from concord.helpline.models import HelplineCall
from concord.referrals import services as referrals
from concord.referrals.models import Referral
from tests.system.conftest import check_page, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def housing_options(transactional_db) -> Service:
    homes = create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford Homes",
        slug="riverford-homes",
        kind=AgencyKind.HOUSING,
    )
    return add_service(None, homes, name="Housing options", kind=ServiceKind.HOUSING)  # type: ignore[arg-type]


def test_given_a_helpline_worker_when_an_anonymous_call_is_logged_then_it_is_counted(
    page: Page, practitioner: User, service_manager: User
) -> None:
    """Given Haven's help point, when a worker logs a call from a friend who gives no name
    (after the form has pointed out what is missing), then it is in the call log and the
    helpline-calls figure of Haven's pack for today counts it."""
    journey = "helpline"
    sign_in(page, practitioner, journey)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Helpline calls"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helpline calls")
    check_page(page, f"{journey}-01-empty-log")

    page.get_by_role("button", name="Log a call").click()
    expect(page.get_by_text("No names are needed")).to_be_visible()
    page.get_by_role("button", name="Log call").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select who called")
    expect(summary).to_contain_text("Select why they called")
    check_page(page, f"{journey}-02-log-errors")

    page.get_by_label("Friend or family member").check()
    page.get_by_label("Why they called").select_option(label="Worried about someone")
    page.get_by_label("Advice given").fill("Explained coercive control and how to call us back.")
    page.get_by_label("National Domestic Abuse Helpline").check()
    page.get_by_label("Length in minutes (optional)").fill("20")
    check_page(page, f"{journey}-03-log-filled")
    page.get_by_role("button", name="Log call").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The call is logged")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Friend or family member")
    check_page(page, f"{journey}-04-call")

    page.get_by_role("link", name="Helpline calls").first.click()
    expect(page.get_by_role("table")).to_contain_text("Worried about someone")
    check_page(page, f"{journey}-05-call-log")
    assert HelplineCall.objects.get().contact is None
    sign_out(page)

    sign_in(page, service_manager, f"{journey}-manager")
    today = timezone.localdate()
    days = {
        f"{name}-{part}": str(getattr(today, part))
        for name in ("start", "end")
        for part in ("day", "month", "year")
    }
    query = "&".join(f"{key}={value}" for key, value in days.items())
    page.goto(f"/reports/quarterly/?{query}")
    expect(page.get_by_role("row", name="Helpline calls from service users")).to_contain_text("1")
    check_page(page, f"{journey}-06-pack-counts-the-call")


def test_given_consent_to_an_agency_when_referred_to_its_service_then_it_is_accepted(
    page: Page, practitioner: User, open_case: Case, housing_options: Service
) -> None:
    """Given Sarah's consent to referral to Riverford Homes, when her worker refers her to
    Riverford Homes' housing options service with that consent, then the referral is sent;
    and on the referral page her worker is not offered a decision on it."""
    journey = "agency-consent"
    referrals.record_consent(
        practitioner,
        open_case.person,
        purpose="referral",
        given=True,
        given_on=timezone.localdate() - timedelta(days=2),
        agencies=[housing_options.agency],
    )
    sign_in(page, practitioner, journey)
    page.goto(f"/referrals/case/{open_case.pk}/refer/")
    page.get_by_label("A service in Concord").select_option(label="Housing options")
    page.get_by_label("What the referral shares").fill("Needs rehousing away from his area.")
    page.get_by_label("to referral to Riverford Homes").check()
    check_page(page, f"{journey}-01-refer-with-agency-consent")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The referral is in the inbox of Housing options, Riverford Homes"
    )
    check_page(page, f"{journey}-02-sent")
    assert Referral.objects.get().consent is not None


def test_given_a_referral_within_the_agency_when_its_maker_opens_it_then_no_decision_is_offered(
    page: Page, practitioner: User, open_case: Case, haven: Agency
) -> None:
    journey = "own-referral"
    refuge = add_service(None, haven, name="Haven refuge", kind=ServiceKind.REFUGE)  # type: ignore[arg-type]
    consent = referrals.record_consent(
        practitioner,
        open_case.person,
        purpose="referral",
        given=True,
        given_on=timezone.localdate() - timedelta(days=2),
        agencies=[haven],
    )
    referral = referrals.make_referral(
        practitioner, open_case, to_service=refuge, summary="Needs a refuge place.", consent=consent
    )
    sign_in(page, practitioner, journey)
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "You made this referral, so someone else at the receiving service must accept or decline it"
    )
    expect(page.get_by_role("button", name="Accept referral")).to_have_count(0)
    expect(page.get_by_role("button", name="Decline referral")).to_have_count(0)
    expect(page.get_by_role("button", name="Withdraw referral")).to_be_visible()
    check_page(page, f"{journey}-01-no-decision-offered")
