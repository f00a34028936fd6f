"""Journey: a commissioner chooses any range of days for the performance pack, is told
plainly when the dates are wrong, and downloads the pack as Excel; the workbook holds the
same figures as the page, as numbers."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from concord.accounts.models import Service, User
from concord.cases import services as case_services
from concord.people.services import record_person
from tests.system.conftest import check_page, follow, sign_in

pytestmark = pytest.mark.browser
CALLED_ON = date(2025, 9, 2)


@pytest.fixture
def six_called(practitioner: User, help_point: Service) -> None:
    """Six people called back at Haven's help point on 2 September 2025."""
    morning = timezone.make_aware(datetime.combine(CALLED_ON, datetime.min.time()))
    for n in range(6):
        person = record_person(
            None,  # type: ignore[arg-type]
            help_point.agency,
            given_name=f"Caller{n}",
            family_name="Example",
            date_of_birth=date(1980 + n, 1, 1),
        )
        case = case_services.open_case(
            practitioner,
            person,
            help_point,
            referral_source="self",
            method_of_access="helpline_call",
            referred_at=morning + timedelta(hours=9),
        )
        case_services.record_contact(
            practitioner,
            case,
            channel="call",
            initiated_by="victim",
            occurred_at=morning + timedelta(hours=11),
            historical=True,
        )


def fill_dates(page: Page, start: tuple[str, str, str], end: tuple[str, str, str]) -> None:
    for legend, parts in (("Start date", start), ("End date", end)):
        group = page.get_by_role("group", name=legend)
        for label, value in zip(("Day", "Month", "Year"), parts, strict=True):
            group.get_by_label(label).fill(value)


def test_given_calls_in_september_when_the_commissioner_downloads_a_range_then_excel_matches(
    page: Page, commissioner: User, six_called: None
) -> None:
    """Given six people called back on 2 September 2025,
    when the commissioner asks for 1 September to 31 December 2025 with the dates reversed,
    then the error summary says so and the last quarter is shown;
    when she gives them the right way round, then the page shows 6 people,
    and the Excel pack she downloads holds 6 as a number, on a sheet titled for the period."""
    journey = "pack-download"
    sign_in(page, commissioner, journey)
    follow(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports"))

    fill_dates(page, ("31", "12", "2025"), ("1", "9", "2025"))
    page.get_by_role("button", name="Show").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The end date must be the same as or after the start date")
    check_page(page, f"{journey}-01-reversed-dates")

    fill_dates(page, ("1", "9", "2025"), ("31", "12", "2025"))
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Performance pack: 1 September to 31 December 2025"
    )
    accessing = page.locator(".govuk-summary-list__row").filter(
        has_text="People accessing the victim service"
    )
    expect(accessing.locator("p").first).to_have_text("6")
    check_page(page, f"{journey}-02-range")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download this pack (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == "performance-pack-2025-09-01-to-2025-12-31.xlsx"
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()))
    assert workbook["About this pack"]["A1"].value.endswith("1 September to 31 December 2025")
    headline = workbook["Headline"]
    row = next(r for r in headline.iter_rows() if r[-1].value == "people_accessing_victim_service")
    assert (row[0].value, row[1].value) == ("People accessing the victim service", 6)
    assert workbook["Trend"]._charts
