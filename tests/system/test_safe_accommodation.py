"""Journey: an IDVA at Haven's help point checks the partnership's vacancy board (which
never says where a unit is); the refuge worker at Turning Point's Riverford refuge places a
mother and her two children, records one child's support, and moves them on to a tenancy;
then checks where the unit is, giving a reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accommodation.models import Stay, SupportReceived, Unit
from concord.accounts.models import Service, User
from concord.cases.models import Case, CaseChild
from concord.cases.services import open_case
from concord.people.tests.factories import PersonFactory
from tests.system.conftest import REFUGE_LOCATION, check_page, fill_date, follow, sign_in, sign_out

pytestmark = pytest.mark.browser


@pytest.fixture
def mother_and_children(refuge_worker: User, riverford_refuge: Service, refuge_rooms: None) -> Case:
    """Sarah Ahmed's case at the refuge, with Amira (9) and Yusuf (6) on it."""
    agency = riverford_refuge.agency
    mother = PersonFactory(agency=agency, given_name="Sarah", family_name="Ahmed")
    case = open_case(
        refuge_worker,
        mother,
        riverford_refuge,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    for given_name, born in (("Amira", date(2017, 5, 1)), ("Yusuf", date(2020, 8, 9))):
        child = PersonFactory(
            agency=agency,
            given_name=given_name,
            family_name="Ahmed",
            date_of_birth=born,
            is_child_young_person=True,
        )
        CaseChild.objects.create(agency=agency, case=case, person=child, role="child_of_victim")
    return case


def test_given_free_rooms_when_the_refuge_places_a_family_and_moves_them_on_then_the_stay_shows_it(
    page: Page, practitioner: User, refuge_worker: User, mother_and_children: Case
) -> None:
    """Given a refuge with two free rooms and a mother with two children on her case,
    when an IDVA elsewhere checks the vacancy board, and the refuge worker places the family
    (after a room too small is refused), records one child's support and their move on,
    then the stay shows each of them and the room is free again; only the refuge worker
    sees where the room is, after giving a reason."""
    journey = "safe-accommodation"
    sign_in(page, practitioner, journey)
    expect(page.locator("main")).to_contain_text("2 units with 5 bed spaces free")

    page.get_by_role("navigation").get_by_role("link", name="Vacancies").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe accommodation vacancies")
    expect(page.locator("table")).to_contain_text("Turning Point")
    expect(page.locator("caption")).to_have_text("2 units free")
    for hint in (REFUGE_LOCATION, "Riverford", "Room 1"):
        expect(page.locator("body")).not_to_contain_text(hint)
    check_page(page, f"{journey}-01-vacancy-board")
    page.get_by_label("Takes pets").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="No units free")).to_be_visible()
    check_page(page, f"{journey}-02-vacancy-board-empty")
    sign_out(page)

    sign_in(page, refuge_worker, journey)
    page.goto(f"/cases/{mother_and_children.pk}/")
    expect(page.get_by_role("heading", name="Safe accommodation")).to_be_visible()
    check_page(page, f"{journey}-03-case")
    page.get_by_role("button", name="Place the household").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Place the household")
    page.get_by_label("Room 2 (2 bed spaces)").check()
    page.get_by_label("Amira Ahmed").check()
    page.get_by_label("Yusuf Ahmed").check()
    fill_date(page, "Date they moved in", "2026-11-10")
    page.get_by_label("Yes").check()
    check_page(page, f"{journey}-04-place")
    page.get_by_role("button", name="Place household").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "larger than the unit's 2 bed spaces"
    )
    check_page(page, f"{journey}-05-place-too-many")
    page.get_by_label("Room 1 (3 bed spaces)").check()
    page.get_by_role("button", name="Place household").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The household is placed")
    expect(page.locator("main")).to_contain_text("Amira Ahmed (child)")
    expect(page.locator("main")).to_contain_text("Yusuf Ahmed (child)")
    check_page(page, f"{journey}-06-stay")

    follow(page.get_by_role("link", name="Add support for Amira Ahmed"))
    page.get_by_label("Children's support").check()
    fill_date(page, "Date it started", "2026-11-12")
    page.get_by_label("Note").fill("Play therapy, weekly")
    check_page(page, f"{journey}-07-support")
    page.get_by_role("button", name="Record support").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The support is recorded")
    expect(page.locator(".govuk-summary-card", has_text="Amira Ahmed")).to_contain_text(
        "Play therapy, weekly"
    )

    follow(page.get_by_role("button", name="Record the move out"))
    fill_date(page, "Date they moved out", "2026-11-28")
    page.get_by_label("Moved on (planned)").check()
    page.get_by_label("Where did they move on to?").select_option("social_tenancy")
    check_page(page, f"{journey}-08-move-out")
    page.get_by_role("button", name="Record move out").click()
    expect(page.locator(".govuk-summary-list").first).to_contain_text("Social housing tenancy")
    check_page(page, f"{journey}-09-moved-on")

    stay = Stay.objects.get()
    assert [(s.member.person.given_name, s.kind) for s in SupportReceived.objects.all()] == [
        ("Amira", "childrens_support")
    ]
    assert (str(stay.moved_out_on), stay.move_on_destination) == ("2026-11-28", "social_tenancy")

    page.get_by_role("link", name="Back to case").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Moved out")
    check_page(page, f"{journey}-10-case-timeline")
    room = Unit.objects.get(label="Room 1")
    page.goto(f"/housing/units/{room.pk}/location/")
    expect(page.locator("main")).not_to_contain_text(REFUGE_LOCATION)
    page.get_by_role("button", name="Show where it is").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you need to see")
    page.get_by_label("Why do you need to see where it is?").select_option("visiting_a_household")
    page.get_by_role("button", name="Show where it is").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text(REFUGE_LOCATION)
    check_page(page, f"{journey}-11-location")
