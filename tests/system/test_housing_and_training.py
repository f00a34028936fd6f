"""Journeys: a housing (Safe Home) officer secures a home; then records a training session."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accommodation.models import HousingRecord
from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.services import add_service, create_agency
from concord.people.models import Person
from concord.training.models import TrainingSession
from tests.system.conftest import check_page, fill_date, follow, make_user, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def safe_home(haven: Agency) -> Service:
    return add_service(None, haven, name="Safe Home", kind=ServiceKind.HOUSING)  # type: ignore[arg-type]


@pytest.fixture
def housing_officer(haven: Agency, safe_home: Service) -> User:
    return make_user(
        haven,
        email="dev.patel@haven.example",
        full_name="Dev Patel",
        role=Role.PRACTITIONER,
        services=[safe_home],
    )


@pytest.fixture
def city_police(transactional_db: None) -> Agency:
    return create_agency(None, name="City Police", slug="police", kind=AgencyKind.POLICE)  # type: ignore[arg-type]


def test_given_a_housing_referral_when_the_officer_fits_sanctuary_measures_then_the_home_is_secured(
    page: Page, housing_officer: User, person: Person
) -> None:
    """Given a person referred to the Safe Home service,
    when the housing officer opens a case, records two sanctuary measures (after a date in
    the future is refused) and records the home as secured,
    then the housing page and the case timeline show the measures and the home secured."""
    journey = "housing"
    sign_in(page, housing_officer, journey)

    page.goto(f"/cases/open/{person.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case for Sarah Ahmed")
    check_page(page, f"{journey}-01-open-case")
    page.get_by_label("Who referred the person").select_option("police")
    page.get_by_label("Professional referral").check()
    fill_date(page, "Date referred", "2026-11-02")
    page.get_by_label("Time referred").fill("09:30")
    page.get_by_role("button", name="Open case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is recorded as a referral")
    expect(page.get_by_role("heading", name="Housing", exact=True)).to_be_visible()
    check_page(page, f"{journey}-02-case")

    page.get_by_role("button", name="Housing record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Housing: case")
    expect(page.locator("main")).to_contain_text("No sanctuary measures recorded yet")
    check_page(page, f"{journey}-03-housing-empty")

    follow(page.get_by_role("button", name="Add a sanctuary measure"))
    page.get_by_label("Door and window locks").check()
    fill_date(page, "Date fitted", "2099-11-04")
    check_page(page, f"{journey}-04-add-measure")
    page.get_by_role("button", name="Save measure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date fitted must be today or in the past"
    )
    check_page(page, f"{journey}-05-measure-error")
    fill_date(page, "Date fitted", "2026-11-04")
    page.get_by_role("button", name="Save measure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sanctuary measure")

    follow(page.get_by_role("button", name="Add a sanctuary measure"))
    page.get_by_label("Letterbox guard").check()
    fill_date(page, "Date fitted", "2026-11-05")
    page.get_by_role("button", name="Save measure").click()
    expect(page.locator("table")).to_contain_text("Door and window locks")
    expect(page.locator("table")).to_contain_text("Letterbox guard")
    check_page(page, f"{journey}-06-two-measures")

    follow(page.get_by_role("link", name="Record home secured"))
    fill_date(page, "Date the home was secured", "2026-11-06")
    check_page(page, f"{journey}-07-home-secured-form")
    page.get_by_role("button", name="Record home secured").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The home is recorded as secured"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text("6 November 2026")
    check_page(page, f"{journey}-08-home-secured")
    record = HousingRecord.objects.get()
    assert record.sanctuary_measures.count() == 2
    assert str(record.home_secured_on) == "2026-11-06"

    page.get_by_role("link", name="Back to case").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Home secured")
    expect(page.locator(".moj-timeline")).to_contain_text("Letterbox guard")
    check_page(page, f"{journey}-09-case-timeline")


def test_given_a_training_session_when_the_officer_records_it_then_the_years_totals_include_it(
    page: Page, housing_officer: User, city_police: Agency
) -> None:
    """Given a housing officer who ran a session for police officers,
    when they record it (after a count larger than the attendance is refused),
    then the list of this financial year shows it with the year's totals."""
    journey = "training"
    sign_in(page, housing_officer, journey)

    page.get_by_role("navigation").get_by_role("link", name="Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training and awareness sessions")
    expect(page.locator("main")).to_contain_text("No sessions match")
    check_page(page, f"{journey}-01-empty-list")

    follow(page.get_by_role("button", name="Record a session"))
    fill_date(page, "Date of the session", "2026-11-18")
    page.get_by_label("Staff training").check()
    page.get_by_label("Title").fill("Responding to disclosures of domestic abuse")
    page.get_by_label("City Police").fill("12")
    page.get_by_label("Number of people attending").fill("18")
    page.get_by_label("Number who said they knew more afterwards").fill("19")
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "cannot be more than the number attending"
    )
    check_page(page, f"{journey}-02-session-error")
    page.get_by_label("Number who said they knew more afterwards").fill("15")
    page.get_by_role("button", name="Save session").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("is saved")
    expect(page.locator("table").last).to_contain_text(
        "Responding to disclosures of domestic abuse"
    )
    expect(page.locator("table").last).to_contain_text("City Police: 12")
    staff_table = page.get_by_role("table", name="Staff trained per agency")
    expect(staff_table).to_contain_text("City Police")
    expect(staff_table).to_contain_text("12")
    expect(page.locator(".concord-counts")).to_contain_text("1 session")
    expect(page.locator(".concord-counts")).to_contain_text("18 people attending")
    expect(page.get_by_role("heading", name="Financial year 2026 to 2027")).to_be_visible()
    check_page(page, f"{journey}-03-list-with-totals")
    assert TrainingSession.objects.get().reported_more_knowledge == 15
