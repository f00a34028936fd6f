"""Journey: a commissioner reads the quarterly performance pack of the partnership, with
disclosure control, and a service manager reads their own agency's exact figures."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Service, User
from concord.cases import services as case_services
from concord.domain.periods import quarter_of
from concord.people.models import Person
from tests.system.conftest import check_page, follow, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def called_last_quarter(practitioner: User, person: Person, help_point: Service) -> None:
    quarter = quarter_of(timezone.localdate()).previous()
    start = timezone.make_aware(datetime.combine(quarter.first, datetime.min.time()))
    case = case_services.open_case(
        practitioner,
        person,
        help_point,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=start + timedelta(hours=10),
    )
    case_services.record_contact(
        practitioner,
        case,
        channel="call",
        initiated_by="victim",
        occurred_at=start + timedelta(days=1, hours=11),
        historical=True,
    )


def test_given_last_quarters_work_when_the_commissioner_reads_the_pack_then_small_numbers_hide(
    page: Page, commissioner: User, service_manager: User, called_last_quarter: None
) -> None:
    """Given one person called back at Haven's help point last quarter,
    when the commissioner opens Reports, then the partnership's pack shows that figure as
    "<5", each with its definition and the outcomes' targets;
    when Haven's service manager opens it, then it shows the agency's exact figure."""
    journey = "reports"
    label = quarter_of(timezone.localdate()).previous().label
    sign_in(page, commissioner, journey)

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Performance pack: {label}")
    accessing = page.locator(".govuk-summary-list__row").filter(
        has_text="People accessing the victim service"
    )
    expect(accessing).to_contain_text("<5")
    expect(page.locator("main")).to_contain_text("Target 80%")
    check_page(page, f"{journey}-01-commissioner")

    # The commissioner sets a strategy indicator's baseline and target, by keyboard.
    follow(page.get_by_role("link", name="Set the strategy baselines and targets"))
    check_page(page, f"{journey}-02-strategy-targets")
    page.get_by_role(
        "link", name="Set the baseline and target of Staff trained on domestic abuse"
    ).focus()
    page.keyboard.press("Enter")
    page.get_by_label("Baseline year").focus()
    page.keyboard.type("2008")
    page.keyboard.press("Tab")
    page.keyboard.type("1200")
    page.keyboard.press("Tab")
    page.keyboard.type("2013-14")
    page.keyboard.press("Tab")
    page.keyboard.type("2000")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the baseline's year like 2008-09"
    )
    check_page(page, f"{journey}-03-strategy-target-error")
    page.get_by_label("Baseline year").fill("2008-09")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The baseline and target of Staff trained on domestic abuse are saved"
    )
    page.get_by_role("link", name="Back to the quarterly performance pack").click()
    trained = page.get_by_role("row").filter(has_text="Staff trained on domestic abuse")
    expect(trained).to_contain_text("1,200 in 2008 to 2009")
    expect(trained).to_contain_text("2,000 by 2013 to 2014")
    check_page(page, f"{journey}-04-strategy-table")

    sign_out(page)
    sign_in(page, service_manager, f"{journey}-manager")
    page.goto("/reports/quarterly/")
    accessing = page.locator(".govuk-summary-list__row").filter(
        has_text="People accessing the victim service"
    )
    expect(accessing.locator("p").first).to_have_text("1")
    check_page(page, f"{journey}-05-manager")

    # While an import is writing Haven's records, the pack says its figures may lag.
    from concord.indicators.models import RecordsChanged

    RecordsChanged.objects.create(agency=service_manager.memberships.get().agency, by_load=True)
    page.reload()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "An import is adding records now. These figures may leave out what it wrote in the "
        "last 30 seconds"
    )
    check_page(page, f"{journey}-06-manager-during-an-import")
