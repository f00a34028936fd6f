"""Journeys through a case's record: the chronology of a case with every kind of entry
(filtered, then printed), documents uploaded and downloaded, a risk checklist answered with
a comment, and a MARAC meeting with its time and venue getting several referrals at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.services import add_service, create_agency
from concord.cases import services as case_services
from concord.cases.models import Case
from concord.marac import services as marac
from concord.marac.models import MaracArea
from concord.marac.tests.conftest import referral_values
from concord.people.models import Person
from concord.people.services import record_person
from concord.referrals import services as referrals
from concord.risk import services as risk
from concord.risk.models import Instrument
from tests.system.conftest import check_page, fill_date, follow, make_user, sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


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
def full_case(
    practitioner: User,
    coordinator: User,
    open_case: Case,
    person: Person,
    checklists: Instrument,
    area: MaracArea,
    haven: Agency,
) -> Case:
    """Sarah Ahmed's case with a record of every kind its services keep, made through
    Concord's own services."""
    today = timezone.localdate()
    user, case = practitioner, open_case
    case_services.record_contact(
        user, case, channel="call", initiated_by="victim",
        occurred_at=timezone.now() - timedelta(days=2), notes="Called from a friend's phone",
    )  # fmt: skip
    case_services.record_safety_plan(user, case, created_on=today, areas=["home_security"])
    offer = case_services.offer_support(user, case, kind="idva", offered_on=today)
    case_services.answer_offer(user, offer, answer="accepted", answered_on=today)
    assessment = risk.start_assessment(user, case, checklists)
    codes = checklists.questions.values_list("code", flat=True)
    risk.record_answers(user, assessment, dict.fromkeys(codes, "yes"))
    risk.finish_assessment(user, assessment)
    risk.record_incident(
        user, case, occurred_on=today - timedelta(days=3), reported_to_police=True,
        description="Pushed down the stairs",
    )  # fmt: skip
    marac_referral = marac.refer_to_marac(user, case, **referral_values(area))
    meeting = marac.schedule_meeting(coordinator, area, meets_on=today, agencies=[haven])
    item = marac.list_on_agenda(coordinator, meeting, marac_referral)
    item = marac.record_discussion(coordinator, item, summary="IDVA to review the safety plan")
    marac.assign_action(
        coordinator, item, agency=haven, description="Review the safety plan",
        due_on=today + timedelta(days=7),
    )  # fmt: skip
    consent = referrals.record_consent(
        user, person, purpose="referral", given=True, given_on=today, agencies=[haven]
    )
    housing = add_service(None, haven, name="Haven housing", kind=ServiceKind.HOUSING)  # type: ignore[arg-type]
    referrals.make_referral(
        user, case, to_service=housing, summary="Needs a safe home", consent=consent
    )
    return case


def test_given_a_case_with_every_kind_of_record_then_its_chronology_lists_them_filtered_and_printed(
    page: Page, practitioner: User, full_case: Case
) -> None:
    """Given Sarah Ahmed's case with contacts, a risk assessment, an incident, a MARAC
    referral heard with an action, a consent, a referral, a safety plan and an offer of
    support, when her IDVA opens the case's chronology, then every kind is listed with who
    did it; when she shows only incidents, only the incident is listed; and the print view
    has no menu."""
    journey = "chronology"
    sign_in(page, practitioner, journey)
    page.goto(f"/cases/{full_case.pk}/")
    page.get_by_role("link", name="Chronology").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Chronology of case {full_case.reference}"
    )
    table = page.locator("[data-concord=chronology]")
    shown = {
        "Contacts", "Risk assessments", "Incidents", "MARAC referrals and meetings",
        "Referrals", "Consents", "Safety plans", "Support offers", "Status changes",
    }  # fmt: skip
    for label in shown:
        expect(table.get_by_role("cell", name=label, exact=True).first).to_be_visible()
    expect(table).to_contain_text("Heard at MARAC")
    expect(table).to_contain_text("Referred to Haven housing")
    expect(table).to_contain_text("Amira Hussain")
    check_page(page, f"{journey}-01-every-kind")

    page.get_by_text("Show only some kinds").click()
    page.get_by_label("Incidents").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Incidents")).to_be_checked()
    rows = page.locator("[data-concord=chronology] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Pushed down the stairs")
    check_page(page, f"{journey}-02-incidents-only")

    page.get_by_role("link", name="Print view").click()
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Showing only: Incidents")
    check_page(page, f"{journey}-03-print")
    follow(page.get_by_role("link", name="Back to the chronology"))
    page.get_by_role("link", name="Show every kind").click()
    expect(page.get_by_label("Incidents")).not_to_be_checked()
    assert rows.count() > len(shown)
    check_page(page, f"{journey}-04-every-kind-again")


def test_given_an_open_case_when_a_document_is_uploaded_then_it_downloads_as_a_file(
    page: Page, practitioner: User, open_case: Case, tmp_path, settings
) -> None:
    """Given Sarah Ahmed's open case, when her IDVA uploads a web page named .pdf, then it
    is refused; when she uploads a real PDF, then it is listed and downloads as an
    attachment named by the case reference."""
    settings.DOCUMENTS_DIR = tmp_path / "documents"
    journey = "documents"
    sign_in(page, practitioner, journey)
    page.goto(f"/cases/{open_case.pk}/")
    page.get_by_role("link", name="Documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Documents on case {open_case.reference}"
    )
    check_page(page, f"{journey}-01-none")
    follow(page.get_by_role("button", name="Add a document"))
    check_page(page, f"{journey}-02-add")
    page.get_by_label("What the document is").fill("Letter from the council")
    page.get_by_label("The file").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"}
    )
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file must be a PDF")
    check_page(page, f"{journey}-03-refused")

    page.get_by_label("The file").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload document").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The document is added")
    expect(page.locator("[data-concord=documents]")).to_contain_text("Letter from the council")
    check_page(page, f"{journey}-04-listed")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Letter from the council").click()
    download = downloading.value
    assert download.suggested_filename.startswith(open_case.reference)
    assert download.suggested_filename.endswith(".pdf")
    assert download.path().read_bytes() == PDF


def test_given_a_risk_checklist_when_a_question_has_a_comment_then_the_assessment_shows_it(
    page: Page, practitioner: User, open_case: Case, checklists: Instrument
) -> None:
    """Given Sarah Ahmed's open case, when her IDVA answers the DASH with a comment on the
    first question, then the finished assessment shows the comment beside its answer."""
    journey = "dash-comment"
    sign_in(page, practitioner, journey)
    page.goto(f"/cases/{open_case.pk}/")
    follow(page.get_by_role("button", name="Assess risk"))
    page.get_by_role("button", name="Start the checklist").click()
    caption = page.locator(".govuk-caption-l")
    expect(caption).to_contain_text("part 1 of")
    parts = int(caption.inner_text().rsplit(" ", 1)[-1])
    for part in range(1, parts + 1):
        expect(caption).to_contain_text(f"part {part} of {parts}")
        for radios in page.locator(".govuk-radios").all():
            radios.get_by_label("No", exact=True).check()
        if part == 1:
            page.get_by_label("Comment on question 1 (optional)").fill(
                "No visible injury today; she said her arm hurts"
            )
            check_page(page, f"{journey}-01-part-with-comment")
        page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("main")).to_contain_text(
        "Comment: No visible injury today; she said her arm hurts"
    )
    check_page(page, f"{journey}-02-check-answers")
    page.get_by_role("button", name="Finish assessment").click()
    expect(page.locator("main")).to_contain_text("Comment: No visible injury today")
    check_page(page, f"{journey}-03-finished")


def test_given_waiting_referrals_when_the_coordinator_ticks_them_then_all_are_on_the_agenda(
    page: Page,
    practitioner: User,
    coordinator: User,
    open_case: Case,
    area: MaracArea,
    haven: Agency,
    help_point,
) -> None:
    """Given two referrals waiting for the Riverford MARAC, when the coordinator schedules a
    meeting with its time and venue and adds nothing, then the page says to select; when
    she ticks both, then both are on the agenda."""
    journey = "marac-agenda"
    second = record_person(
        None, haven, given_name="Joan", family_name="Baker", date_of_birth=date(1979, 5, 2)
    )  # type: ignore[arg-type]
    second_case = case_services.change_status(
        practitioner,
        case_services.open_case(
            practitioner, second, help_point, referral_source="police",
            method_of_access="professional_referral",
            referred_at=timezone.now() - timedelta(days=5),
        ),
        "open",
    )  # fmt: skip
    for case in (open_case, second_case):
        marac.refer_to_marac(practitioner, case, **referral_values(area))
    today = timezone.localdate()

    sign_in(page, coordinator, journey)
    page.goto(f"/marac/areas/{area.slug}/meetings/new/")
    fill_date(page, "Date of the meeting", today)
    page.get_by_label("Time it starts (optional)").fill("09:30")
    page.get_by_label("Venue (optional)").fill("Riverford Civic Centre, room 2")
    page.get_by_label(haven.name).check()
    check_page(page, f"{journey}-01-schedule")
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.locator("main")).to_contain_text("09:30")
    expect(page.locator("main")).to_contain_text("Riverford Civic Centre, room 2")
    check_page(page, f"{journey}-02-meeting")

    follow(page.get_by_role("button", name="Add referrals to the agenda"))
    check_page(page, f"{journey}-03-choose")
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the referrals to add to the agenda"
    )
    check_page(page, f"{journey}-04-none-chosen")
    page.get_by_label("Sarah Ahmed", exact=False).check()
    page.get_by_label("Joan Baker", exact=False).check()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "2 referrals are on the agenda"
    )
    agenda = page.locator("table").first
    expect(agenda).to_contain_text("Sarah Ahmed")
    expect(agenda).to_contain_text("Joan Baker")
    check_page(page, f"{journey}-05-agenda")
