"""Journey: the council's contract monitoring officer opens the safe accommodation (Part 4)
return for the last finished year, finds a refuge household (a mother and two children who
moved on to a social tenancy) in the right rows, and signs the return off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accommodation.tests.factories import AccommodationServiceFactory, UnitFactory
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import AgencyFactory, ServiceFactory
from concord.domain.periods import financial_year_dates, financial_year_label, financial_year_of
from concord.part4.tests.factories import household
from tests.system.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def cells_of(page: Page, table: str, row: str) -> list[str]:
    line = (
        page.get_by_role("table", name=table)
        .locator("tr")
        .filter(has=page.locator("th", has_text=re.compile("^" + re.escape(row))))
    )
    return [text.strip() for text in line.first.locator("td").all_inner_texts()]


def test_the_council_officer_finds_a_household_in_the_return(page: Page, commissioner) -> None:
    # Given a refuge household that moved on to a social tenancy in the last finished year
    year = financial_year_of(timezone.localdate()) - 1
    first, _ = financial_year_dates(year)
    haven = AgencyFactory(name="Haven Domestic Abuse Services", slug="haven-refuge")
    service = ServiceFactory(agency=haven, name="Haven Refuge", kind=ServiceKind.REFUGE)
    refuge = AccommodationServiceFactory(service=service, accommodation_type="refuge")
    UnitFactory(accommodation=refuge, label="Flat 2", bed_spaces=4)
    household(
        refuge,
        adults=[{"sex": "female", "gender_same_as_birth": "yes"}],
        children=2,
        moved_in_on=first + timedelta(days=30),
        moved_out_on=first + timedelta(days=150),
        leaving_reason="moved_on",
        move_on_destination="social_tenancy",
    )

    # When the officer opens the return from her home page
    sign_in(page, commissioner, "part4")
    label = financial_year_label(year)
    page.get_by_role("link", name=f"The return for {label}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Safe accommodation return: {label}")
    check_page(page, "part4-01-return")

    # Then the household is in the refuge column and the total of the right rows
    supported = "Households and people supported"
    assert cells_of(page, supported, "Households supported")[0] == "1"
    assert cells_of(page, supported, "Individuals supported")[0] == "3"
    assert cells_of(page, supported, "Children")[-1] == "2"
    assert cells_of(page, "Adults supported by sex", "Female")[0] == "1"
    stopped = cells_of(page, "Households that stopped receiving support", "Moved on (planned)")
    assert stopped[0] == "1" and stopped[-1] == "1"
    assert cells_of(page, "Where households moved on to", "Social housing tenancy")[-1] == "1"
    assert cells_of(page, "Commissioned bed spaces", "Bed spaces")[0] == "4"
    assert cells_of(page, "Households and people supported", "Households supported")[1] == "0"

    # When she signs it off without confirming, she is asked to
    page.get_by_role("button", name="Sign off the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm you have checked")
    check_page(page, "part4-02-sign-off-refused")

    # And when she confirms, version 1 is signed off
    page.get_by_label("I have checked these figures").check()
    page.get_by_role("button", name="Sign off the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Version 1 of the {label} return is signed off"
    )
    expect(page.locator(".govuk-inset-text")).to_contain_text("The figures below are the ones")
    check_page(page, "part4-03-signed-off")
