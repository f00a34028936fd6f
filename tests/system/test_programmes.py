"""Journeys: a family service worker adds a child to a case with a risk assessment, a
concern and crèche sessions; a perpetrator programme worker records the assessment,
the sessions and the completion of the programme."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, Service, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.people.models import Person
from concord.people.services import record_person
from concord.programmes.models import CaseChild, ProgrammeRecord
from tests.system.conftest import check_page, fill_date, follow, make_user, sign_in

pytestmark = pytest.mark.browser

REFERRED_AT = datetime(2026, 11, 2, 9, 30)


@pytest.fixture
def family_service(haven: Agency) -> Service:
    return add_service(None, haven, name="Family Service", kind=ServiceKind.FAMILY)  # type: ignore[arg-type]


@pytest.fixture
def family_worker(haven: Agency, family_service: Service) -> User:
    return make_user(
        haven,
        email="grace.okafor@haven.example",
        full_name="Grace Okafor",
        role=Role.PRACTITIONER,
        services=[family_service],
    )


@pytest.fixture
def family_case(family_worker: User, person: Person, family_service: Service) -> Case:
    """Sarah Ahmed, referred to the family service by her IDVA; the case is open."""
    case = case_services.open_case(
        family_worker,
        person,
        family_service,
        referral_source="specialist_da_service",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(REFERRED_AT),
    )
    return case_services.change_status(family_worker, case, CaseStatus.OPEN)


@pytest.fixture
def jenkins_centre(haven: Agency) -> Service:
    return add_service(
        None,  # type: ignore[arg-type]
        haven,
        name="Jenkins Centre",
        kind=ServiceKind.PERPETRATOR_PROGRAMME,
    )


@pytest.fixture
def programme_worker(haven: Agency, jenkins_centre: Service) -> User:
    return make_user(
        haven,
        email="tom.reed@haven.example",
        full_name="Tom Reed",
        role=Role.PRACTITIONER,
        services=[jenkins_centre],
    )


@pytest.fixture
def programme_case(programme_worker: User, haven: Agency, jenkins_centre: Service) -> Case:
    """Daniel Price, referred to the perpetrator programme by children's social care."""
    daniel = record_person(
        None,
        haven,
        given_name="Daniel",
        family_name="Price",
        date_of_birth=date(1985, 6, 11),
        is_person_causing_harm=True,
    )
    case = case_services.open_case(
        programme_worker,
        daniel,
        jenkins_centre,
        referral_source="childrens_social_care",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(REFERRED_AT),
    )
    return case_services.change_status(programme_worker, case, CaseStatus.OPEN)


def test_given_a_family_case_when_the_worker_adds_a_child_then_their_risk_and_concerns_show(
    page: Page, family_worker: User, family_case: Case
) -> None:
    """Given Sarah Ahmed's open case at the family service,
    when the family worker adds her daughter Amy (after leaving the form empty is explained),
    records a high-risk assessment, that Amy self-harms, and four crèche sessions,
    then the family page shows Amy with each of them."""
    journey = "family-service"
    sign_in(page, family_worker, journey)

    page.goto(f"/programmes/{family_case.pk}/family/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Family service: case {family_case.reference}"
    )
    expect(page.locator("main")).to_contain_text("No children or young people are on this case")
    check_page(page, f"{journey}-01-family-empty")

    page.get_by_role("button", name="Add a child or young person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child or young person")
    check_page(page, f"{journey}-02-add-child")
    page.get_by_role("button", name="Add to the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the child's given name")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how the child is involved")
    check_page(page, f"{journey}-03-add-child-errors")

    page.get_by_label("Given name").fill("Amy")
    page.get_by_label("Family name").fill("Ahmed")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2016")
    page.get_by_label("Female").check()
    page.get_by_label("Child of the victim or survivor").check()
    page.get_by_role("button", name="Add to the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Amy Ahmed is added to the case"
    )
    expect(page.locator(".govuk-summary-card")).to_contain_text("Child of the victim or survivor")
    check_page(page, f"{journey}-04-child-added")

    follow(page.get_by_role("link", name="Add a risk assessment (Amy Ahmed)"))
    fill_date(page, "Date of the assessment", "2099-11-05")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save risk assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The date of the assessment must be today or in the past"
    )
    check_page(page, f"{journey}-05-risk-assessment-error")
    fill_date(page, "Date of the assessment", "2026-11-05")
    page.get_by_role("button", name="Save risk assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("risk assessment")

    follow(page.get_by_role("link", name="Record concerns (Amy Ahmed)"))
    fill_date(page, "Date asked", "2026-11-05")
    page.get_by_role("group", name="Self-harm").get_by_label("Yes").check()
    page.get_by_role("group", name="At risk of forced marriage").get_by_label(
        "No", exact=True
    ).check()
    check_page(page, f"{journey}-06-concerns")
    page.get_by_role("button", name="Save concerns").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("concerns")

    follow(page.get_by_role("link", name="Record sessions (Amy Ahmed)"))
    page.get_by_label("Crèche").check()
    page.get_by_label("Number of sessions attended").fill("4")
    fill_date(page, "Date of the first session", "2026-11-03")
    fill_date(page, "Date of the last session", "2026-11-17")
    check_page(page, f"{journey}-07-sessions")
    page.get_by_role("button", name="Save sessions").click()

    card = page.locator(".govuk-summary-card")
    expect(card).to_contain_text("High on 5 November 2026, by Grace Okafor")
    expect(card.locator(".govuk-summary-list__row", has_text="Self-harm")).to_contain_text("Yes")
    expect(card).to_contain_text("Crèche: 4 sessions, 3 November 2026 to 17 November 2026")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Risk assessments completed")
    check_page(page, f"{journey}-08-family-with-child")
    child = CaseChild.objects.get()
    assert (child.person.given_name, child.self_harm, child.forced_marriage_risk) == (
        "Amy",
        "yes",
        "no",
    )
    assert child.person.is_child_young_person

    page.get_by_role("link", name=f"Back to case {family_case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {family_case.reference}")
    check_page(page, f"{journey}-09-case")


def test_given_a_programme_referral_when_the_worker_records_the_work_then_it_is_completed(
    page: Page, programme_worker: User, programme_case: Case
) -> None:
    """Given Daniel Price's open case at the perpetrator programme,
    when the programme worker records that he attended his assessment and is suitable,
    his sessions (after more attended than offered is refused) and his completion,
    then the programme page shows each part and the completion date."""
    journey = "perpetrator-programme"
    sign_in(page, programme_worker, journey)

    page.goto(f"/programmes/{programme_case.pk}/perpetrator/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Perpetrator programme: case {programme_case.reference}"
    )
    check_page(page, f"{journey}-01-programme-empty")

    page.get_by_role("link", name="Record (Assessment)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assessment")
    fill_date(page, "Date of the assessment appointment", "2026-11-05")
    page.get_by_label("Attended", exact=True).check()
    page.get_by_label("Suitable for the programme").check()
    check_page(page, f"{journey}-02-assessment")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The assessment is saved")

    follow(page.get_by_role("link", name="Record (Sessions)"))
    page.get_by_label("Number of sessions offered").fill("12")
    page.get_by_label("Number of sessions attended").fill("13")
    page.get_by_role("button", name="Save sessions").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Sessions attended cannot be more than sessions offered"
    )
    check_page(page, f"{journey}-03-sessions-error")
    page.get_by_label("Number of sessions attended").fill("12")
    page.get_by_role("button", name="Save sessions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The sessions are saved")

    follow(page.get_by_role("link", name="Record (End of the programme)"))
    page.get_by_label("Completed the programme").check()
    fill_date(page, "Date completed or left", "2026-11-20")
    check_page(page, f"{journey}-04-completion")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "How the programme ended is saved"
    )

    completion = page.locator(".govuk-summary-card", has_text="End of the programme")
    expect(completion).to_contain_text("20 November 2026")
    expect(page.locator(".govuk-summary-card", has_text="Assessment")).to_contain_text(
        "Suitable for the programme"
    )
    check_page(page, f"{journey}-05-programme-completed")
    record = ProgrammeRecord.objects.get()
    assert (record.assessment_attendance, record.assessment_outcome) == ("attended", "suitable")
    assert (record.sessions_offered, record.sessions_attended) == (12, 12)
    assert (record.completion, str(record.completion_on)) == ("completed", "2026-11-20")
