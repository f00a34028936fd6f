"""Journey: an IDVA refers a high-risk victim's case to MARAC; the coordinator schedules a
meeting and puts the case on its agenda; the police's MARAC representative researches the
case before the meeting; the coordinator records the discussion and an action for the
police; the representative records the action completed."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.cases.models import Case
from concord.marac.lifecycle import ActionStatus, MaracStatus
from concord.marac.models import MaracAction, MaracArea, MaracReferral
from concord.risk.models import Instrument
from tests.system.conftest import (
    check_page,
    complete_checklist,
    fill_date,
    follow,
    make_user,
    sign_in,
    sign_in_again,
    sign_out,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def police(transactional_db) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford and Wealdshire Police",
        slug="police",
        kind=AgencyKind.POLICE,
    )


@pytest.fixture
def council(transactional_db) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford City Council",
        slug="city-council",
        kind=AgencyKind.COMMISSIONER,
    )


@pytest.fixture
def area(council: Agency) -> MaracArea:
    return MaracArea.objects.create(
        name="Riverford MARAC", slug="riverford", hosted_by=council, adult_female_population=98000
    )


@pytest.fixture
def coordinator(council: Agency) -> User:
    return make_user(
        council,
        email="esther.grant@council.example",
        full_name="Esther Grant",
        role=Role.MARAC_COORDINATOR,
    )


@pytest.fixture
def police_representative(police: Agency) -> User:
    return make_user(
        police,
        email="frank.mistry@police.example",
        full_name="Frank Mistry",
        role=Role.MARAC_REPRESENTATIVE,
    )


def go_to_marac(page: Page) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="MARAC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MARAC")


def test_given_a_high_risk_case_when_referred_then_marac_hears_it_and_the_police_act(
    page: Page,
    practitioner: User,
    coordinator: User,
    police_representative: User,
    open_case: Case,
    checklists: Instrument,
    area: MaracArea,
    haven: Agency,
    police: Agency,
) -> None:
    """Given Sarah Ahmed's open case at Haven's help point and the Riverford MARAC,
    when her IDVA completes a DASH checklist with 15 yes answers,
    then the case prompts a MARAC referral, which starts with the score and the criterion;
    when she refers the case (a refusal first: nobody causing harm named),
    then the referral waits for an agenda;
    when the coordinator schedules today's meeting with Haven and the police attending and
    lists the case, then the police's representative sees its MARAC summary and records
    the police's research; when the coordinator records the discussion and an action for
    the police, then the representative records it completed; and the coordinator's dashboard
    and the quarterly return count the case heard, the return with disclosure control."""
    journey = "marac"
    today = timezone.localdate()
    sign_in(page, practitioner, journey)

    page.goto(f"/cases/{open_case.pk}/")
    check_page(page, f"{journey}-01-case")
    complete_checklist(page, checklists, 15, journey)
    expect(page.locator(".govuk-warning-text")).to_contain_text("Visible high risk")
    page.locator(".govuk-button--warning", has_text="Refer to MARAC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer Sarah Ahmed to MARAC")
    expect(page.get_by_label("Visible high risk")).to_be_checked()  # from the checklist
    expect(page.get_by_label("Risk checklist score", exact=True)).to_have_value("15")
    check_page(page, f"{journey}-02-refer")
    page.get_by_role("button", name="Refer to MARAC").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Name at least one person causing harm")
    check_page(page, f"{journey}-03-refer-errors")

    page.get_by_label("Summary of the risk").fill(
        "Strangled last week; he has said he will kill her if she leaves."
    )
    page.get_by_label("Who the victim fears").fill("Darren Cole, her ex-partner")
    page.locator("input[name=new_incident_criminal][value=yes]").check()
    page.get_by_label("Given name").fill("Darren")
    page.get_by_label("Family name").fill("Cole")
    page.locator("input[name=harm_date_of_birth-day]").fill("1")
    page.locator("input[name=harm_date_of_birth-month]").fill("7")
    page.locator("input[name=harm_date_of_birth-year]").fill("1985")
    page.get_by_label("Number of children in the household").fill("2")
    page.get_by_label("The children's names and ages").fill("Amir, 4, and Layla, 7")
    page.locator("input[name=victim_knows][value=yes]").check()
    page.locator("input[name=victim_consented][value=yes]").check()
    page.get_by_label("How to reach the victim safely").fill("07700 900123 after 2pm")
    check_page(page, f"{journey}-04-refer-filled")
    page.get_by_role("button", name="Refer to MARAC").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sarah Ahmed is referred to Riverford MARAC"
    )
    expect(page.get_by_text("Not yet on an agenda")).to_be_visible()
    check_page(page, f"{journey}-05-referred")
    sign_out(page)

    sign_in(page, coordinator, f"{journey}-coordinator")
    go_to_marac(page)
    expect(page.get_by_role("table", name="Oldest first")).to_contain_text("Sarah Ahmed")
    check_page(page, f"{journey}-06-coordinator-home")
    follow(page.get_by_role("button", name="Schedule a meeting of Riverford MARAC"))
    fill_date(page, "Date of the meeting", today.isoformat())
    page.get_by_label(haven.name).check()
    page.get_by_label(police.name).check()
    check_page(page, f"{journey}-07-schedule")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is scheduled")
    check_page(page, f"{journey}-08-meeting")
    page.get_by_role("link", name="Sarah Ahmed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MARAC referral of Sarah Ahmed")
    check_page(page, f"{journey}-09-referral")
    follow(page.get_by_role("button", name="Put on an agenda"))
    page.locator("input[name=meeting]").check()
    check_page(page, f"{journey}-10-choose-meeting")
    page.get_by_role("button", name="Put on the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Sarah Ahmed is on the agenda"
    )
    check_page(page, f"{journey}-11-agenda")
    assert MaracReferral.objects.get().status == MaracStatus.LISTED
    sign_out(page)

    sign_in(page, police_representative, f"{journey}-police")
    go_to_marac(page)
    follow(page.get_by_role("table", name="Today and later").get_by_role("link"))
    page.get_by_role("link", name="Sarah Ahmed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sarah Ahmed")
    expect(page.locator("main")).to_contain_text("Darren Cole")
    expect(page.locator("main")).not_to_contain_text("07700 900123")
    check_page(page, f"{journey}-12-police-case")
    follow(page.get_by_role("button", name="Record your agency's research"))
    page.get_by_label("What your agency found").fill(
        "Three call-outs to the address since May; he is on bail for criminal damage."
    )
    check_page(page, f"{journey}-13-research")
    page.get_by_role("button", name="Save research").click()
    expect(page.locator("main")).to_contain_text("Three call-outs to the address since May")
    check_page(page, f"{journey}-14-research-recorded")
    sign_out(page)

    sign_in_again(page, coordinator, f"{journey}-meeting")
    go_to_marac(page)
    page.get_by_role("table", name="Today and later").get_by_role("link").click()
    follow(page.get_by_role("link", name="Sarah Ahmed"))
    follow(page.get_by_role("button", name="Record the discussion"))
    page.get_by_label("Summary of the discussion").fill(
        "Police to flag the address for an urgent response; IDVA to review the safety plan."
    )
    check_page(page, f"{journey}-15-discussion")
    follow(page.get_by_role("button", name="Save"))
    follow(page.get_by_role("button", name="Add an action"))
    page.get_by_label("Assigned to").select_option(label=police.name)
    page.get_by_label("What is to be done").fill("Flag the address for an urgent response")
    fill_date(page, "Due by", today.isoformat())
    check_page(page, f"{journey}-16-action")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"The action is assigned to {police.name}"
    )
    check_page(page, f"{journey}-17-action-plan")
    sign_out(page)

    sign_in_again(page, police_representative, f"{journey}-action")
    go_to_marac(page)
    actions = page.get_by_role("table").filter(has_text="Flag the address")
    follow(actions.get_by_role("link", name="Record outcome"))
    page.get_by_label("Completed", exact=True).check()
    check_page(page, f"{journey}-18-outcome")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("outcome is recorded")
    expect(page.locator("main")).to_contain_text("Completed")
    check_page(page, f"{journey}-19-action-completed")
    action = MaracAction.objects.get()
    assert (action.status, action.outcome_recorded_by) == (
        ActionStatus.COMPLETED,
        police_representative,
    )
    sign_out(page)

    sign_in_again(page, coordinator, f"{journey}-dashboard")
    go_to_marac(page)
    page.get_by_role("link", name="Dashboard and quarterly return of Riverford MARAC").click()
    measures = page.get_by_role("table", name="Measures against their benchmarks")
    expect(measures.get_by_role("row", name="Cases heard (repeats included)")).to_contain_text("1")
    expect(measures.get_by_role("row", name="Actions completed on time")).to_contain_text(
        "100% (1 of 1)"
    )
    check_page(page, f"{journey}-20-dashboard")
    # fetched as the signed-in coordinator (a download's navigation ends "aborted")
    href = page.get_by_role("link", name="(CSV)").get_attribute("href")
    returned = page.request.get(f"{page.url.split('/marac/')[0]}{href}")
    assert returned.headers["content-disposition"].startswith("attachment")
    lines = returned.text().lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Meeting,Cases heard,Referred by the police")
    assert lines[-1].startswith("All meetings,<5,")  # one case: disclosure control
    assert MaracReferral.objects.get().status == MaracStatus.HEARD
