"""Journey: a practitioner refers a case to another agency's housing service with the
person's consent; a housing officer there accepts it from the inbox and lands on the case
it opens, with the referring lead professional named and the referring case out of reach."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.services import add_service, create_agency
from concord.cases.models import Case
from concord.referrals.models import Referral
from tests.system.conftest import check_page, fill_date, follow, make_user, sign_in

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


def test_given_an_open_case_when_it_is_referred_to_housing_with_consent_then_housing_accepts(
    page: Page, practitioner: User, housing_officer: User, open_case: Case, safe_home: Service
) -> None:
    """Given Sarah Ahmed's open case at Haven's help point,
    when her worker refers her to Riverford Homes' Safe Home service, recording her consent
    in the same form, then the referral waits in Safe Home's inbox;
    when a housing officer there reads it (with Sarah's worker named as lead professional)
    and accepts it, then a case opens at Safe Home, led by the officer, and Haven's case
    stays out of the officer's reach."""
    journey = "referral"
    sign_in(page, practitioner, journey)

    page.goto(f"/cases/{open_case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {open_case.reference}")
    check_page(page, f"{journey}-01-case")
    page.get_by_role("button", name="Refer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer Sarah Ahmed")
    check_page(page, f"{journey}-02-refer")

    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a service in Concord, or enter the name of an agency")
    expect(summary).to_contain_text("Enter what the referral shares")
    expect(summary).to_contain_text("Select the person's consent or a safeguarding basis")
    check_page(page, f"{journey}-03-refer-errors")

    page.get_by_label("A service in Concord").select_option(label="Safe Home")
    page.get_by_label("What the referral shares").fill(
        "Needs to move: the ex-partner has keys to the flat and has come back twice this week."
    )
    page.get_by_label("Record the person's consent now").check()
    fill_date(page, "Date the person gave consent", timezone.localdate().isoformat())
    check_page(page, f"{journey}-04-refer-filled")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The referral is in the inbox of Safe Home, Riverford Homes"
    )
    check_page(page, f"{journey}-05-referral-sent")

    page.get_by_role("link", name="Go to the case it was made from").click()
    expect(page.get_by_role("table", name="Referrals made from this case")).to_contain_text(
        "Safe Home, Riverford Homes"
    )
    expect(page.get_by_role("table", name="What the person agreed to, or refused")).to_contain_text(
        "Riverford Homes"
    )
    check_page(page, f"{journey}-06-case-with-referral")
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    check_page(page, f"{journey}-07-signed-out")

    sign_in(page, housing_officer, f"{journey}-housing")
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Referrals", exact=True
    ).click()
    card = page.locator(".govuk-summary-card", has_text="Sarah Ahmed")
    expect(card).to_contain_text("Amira Hussain, Haven Domestic Abuse Services")
    expect(card).to_contain_text("the ex-partner has keys to the flat")
    check_page(page, f"{journey}-08-inbox")

    card.get_by_role("link", name="View referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral for Sarah Ahmed")
    check_page(page, f"{journey}-09-referral-received")
    follow(page.get_by_role("button", name="Accept referral"))
    check_page(page, f"{journey}-10-accept")
    page.get_by_role("button", name="Accept and open a case").click()

    new_case = Case.objects.get(service=safe_home)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {new_case.reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You accepted the referral")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Lead professional there: Amira Hussain, Haven Domestic Abuse Services"
    )
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Dev Patel")
    check_page(page, f"{journey}-11-new-case")
    assert new_case.person.agency.slug == "riverford"
    assert new_case.person_id != open_case.person_id
    assert Referral.objects.get().status == "accepted"

    response = page.goto(f"/cases/{open_case.pk}/")
    assert response is not None and response.status == 404
    check_page(page, f"{journey}-12-referring-case-not-found")


def test_given_a_restricted_person_when_referred_then_housing_managers_name_who_may_see_her(
    page: Page,
    practitioner: User,
    housing_officer: User,
    open_case: Case,
    safe_home: Service,
    riverford: Agency,
) -> None:
    """Given Sarah Ahmed's record restricted to her worker at Haven, when she is referred to
    Safe Home, then only Riverford's service manager sees the referral; accepting it, the
    manager names the housing officer, and Riverford's record of Sarah is restricted to
    the two of them."""
    from concord.people import services as people_services
    from concord.referrals import services as referral_services

    journey = "restricted-referral"
    people_services.set_access(
        practitioner, open_case.person, restricted=True, named_workers=[practitioner]
    )
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
    manager = make_user(
        riverford,
        email="kemi.ade@riverford.example",
        full_name="Kemi Ade",
        role=Role.SERVICE_MANAGER,
        services=[safe_home],
    )

    sign_in(page, manager, journey)
    follow(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Referrals", exact=True
        )
    )
    page.locator(".govuk-summary-card", has_text="Sarah Ahmed").get_by_role(
        "link", name="View referral"
    ).click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text(
        "Only named workers may see this person's record"
    )
    check_page(page, f"{journey}-01-referral")
    follow(page.get_by_role("button", name="Accept referral"))
    page.get_by_label("Dev Patel").check()
    check_page(page, f"{journey}-02-accept-naming-workers")
    page.get_by_role("button", name="Accept and open a case").click()

    new_case = Case.objects.get(service=safe_home)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {new_case.reference}")
    check_page(page, f"{journey}-03-new-case")
    person = new_case.person
    assert person.is_restricted
    assert set(person.named_workers.all()) == {manager, housing_officer}
