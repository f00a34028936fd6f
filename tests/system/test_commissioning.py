"""Journey: a provider's service manager submits a quarterly return; the commissioner's
contract monitoring officer queries it; the provider answers and resubmits; the officer
signs it off and the contract shows the payment due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Membership, Service, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.commissioning import services
from concord.commissioning.models import Contract
from concord.commissioning.services import FunderShare
from tests.system.conftest import check_page, follow, make_user, sign_in, sign_in_again, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def council(transactional_db) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford City Council",
        slug="city-council",
        kind=AgencyKind.COMMISSIONER,
    )


@pytest.fixture
def officer(council: Agency) -> User:
    return make_user(
        council,
        email="grace.okafor@council.example",
        full_name="Grace Okafor",
        role=Role.CONTRACT_MONITORING_OFFICER,
    )


@pytest.fixture
def contract(officer: User, haven: Agency, help_point: Service) -> Contract:
    membership = Membership.objects.get(user=officer)
    contract = services.save_contract(
        membership,
        title="Integrated specialist services",
        provider=haven,
        services=[help_point],
        starts_on=date(2025, 4, 1),
        ends_on=date(2028, 3, 31),
        annual_value_pence=82_600_000,
        funders=[FunderShare("City Council", Decimal(72)), FunderShare("Police", Decimal(28))],
    )
    for code, title, target in (
        ("clients-supported", "Clients supported", 100),
        ("clients-satisfied", "Clients satisfied (%)", 80),
    ):
        services.set_kpi_target(
            membership, contract, code=code, title=title, year=1, target=Decimal(target),
            better="higher", aggregation="total",
        )  # fmt: skip
    return contract


def open_contract(page: Page, contract: Contract) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Contracts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contracts")
    page.get_by_role("link", name=contract.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(contract.title)


def test_a_quarterly_return_from_draft_to_sign_off_shows_the_payment_due(
    page: Page, service_manager: User, officer: User, contract: Contract
) -> None:
    journey = "commissioning"
    sign_in(page, service_manager, journey)
    open_contract(page, contract)
    check_page(page, f"{journey}-01-contract-provider")
    page.get_by_label("Contract year", exact=True).fill("1")
    page.get_by_label("Quarter", exact=True).fill("1")
    page.get_by_role("button", name="Open the return").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Quarterly return: Year 1, quarter 1"
    )
    check_page(page, f"{journey}-02-return-draft")

    follow(page.get_by_role("button", name="Add evidence"))
    check_page(page, f"{journey}-03-evidence")
    page.get_by_label("Evidence file").set_input_files(
        {"name": "programs.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file is a program")
    check_page(page, f"{journey}-04-evidence-refused")
    page.get_by_label("Evidence file").set_input_files(
        {"name": "figures.csv", "mimeType": "text/csv", "buffer": b"quarter,clients\nQ1,120\n"}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="figures.csv")).to_be_visible()

    page.get_by_label("Clients supported").fill("120")
    page.get_by_label("Clients satisfied (%)").fill("75")
    page.get_by_label("Successes").fill("More referrals from GPs")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The return is submitted")
    check_page(page, f"{journey}-05-return-submitted")
    sign_out(page)

    sign_in(page, officer, journey)
    open_contract(page, contract)
    page.get_by_role("link", name="Year 1, quarter 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the return")
    check_page(page, f"{journey}-06-review")
    page.get_by_label("Query the return").check()
    page.get_by_label("Comment").fill("Satisfaction is below the target: what happened?")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The return is queried")
    sign_out(page)

    sign_in_again(page, service_manager, journey)
    open_contract(page, contract)
    page.get_by_role("link", name="Year 1, quarter 1").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Satisfaction is below the target")
    check_page(page, f"{journey}-07-return-queried")
    page.get_by_label("Clients satisfied (%)").fill("82")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The return is submitted")
    sign_out(page)

    sign_in_again(page, officer, journey)
    open_contract(page, contract)
    follow(page.get_by_role("link", name="Year 1, quarter 1"))
    page.get_by_label("Sign the return off").check()
    page.get_by_label("Comment").fill("Figures agreed with the evidence")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The return is signed off")
    expect(page.get_by_text("2 of 2 payment-linked KPIs met their targets")).to_contain_text(
        "met, 20% of £826,000 = £165,200"
    )
    check_page(page, f"{journey}-08-payment-due")

    # The signed-off return's narrative reaches the quarterly performance pack.
    follow(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports"))
    page.get_by_label("Quarter", exact=True).select_option("2025Q1")
    page.get_by_role("button", name="Show").click()
    narrative = page.locator("main")
    expect(narrative).to_contain_text("Narrative from the providers")
    expect(narrative).to_contain_text("More referrals from GPs")
    check_page(page, f"{journey}-09-pack-narrative")
