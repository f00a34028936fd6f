"""Journey: the police data officer sends a file with two bad rows and fixes one; the
analyst runs linkage over the police and probation records; a linkage reviewer decides two
uncertain pairs; and the partnership data report counts people and repeat victimisation.

Probation's records (synthetic people with the spelling slips, swapped dates and missing
details agencies' records have) are sent through the same services first, so the model
has enough records to learn from and the police file finds people already known."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import Agency, AgencyKind, Membership, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.submissions import services as submissions
from concord.submissions.schema import CURRENT
from concord.synthetic.identities import generate_identities
from tests.system.conftest import check_page, follow, make_user, sign_in, sign_in_again, sign_out

pytestmark = pytest.mark.browser
IDENTIFIERS = ("given_name", "family_name", "dob", "postcode", "phone")
SEXES = {"F": "female", "M": "male"}


def agency(name: str, slug: str, kind: AgencyKind) -> Agency:
    return create_agency(None, name=name, slug=slug, kind=kind)  # type: ignore[arg-type]


def extract(agency_slug: str, people: list[dict[str, str]], first_day) -> bytes:
    """An extract in the submission format: one incident for each person row."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(CURRENT.names))
    writer.writeheader()
    for number, person in enumerate(people):
        writer.writerow(
            {
                "schema_version": CURRENT.version,
                "agency": agency_slug,
                "record_id": person.get("record_id") or f"{agency_slug.upper()}-{number}",
                "kind": "incident",
                "occurred_on": person.get("occurred_on")
                or str(first_day + timedelta(days=number % 80)),
                **{f"victim_{name}": person.get(name, "") for name in IDENTIFIERS},
                "victim_sex": SEXES.get(person.get("sex", ""), ""),
                "relationship": person.get("relationship", "ex_partner"),
                "abuse_types": "physical",
                "children_present": "no",
                "repeat": "not_known",
                "victim_ethnicity": "not_known",
                "victim_age": "",
                "harmer_age": "",
                "area": "LE2",
                "outcome": "advice_given",
            }
        )
    return text.getvalue().encode()


@pytest.fixture
def partnership(transactional_db: None) -> dict[str, User]:
    police = agency("Riverford Police", "police", AgencyKind.POLICE)
    probation = agency("Riverford Probation", "probation", AgencyKind.PROBATION)
    council = agency("Riverford County Council", "county-council", AgencyKind.COMMISSIONER)
    users = {
        "police": make_user(
            police, email="kofi@police.example", full_name="Kofi Mensah", role=Role.DATA_OFFICER
        ),
        "probation": make_user(
            probation, email="data@probation.example", full_name="Pat Ellis", role=Role.DATA_OFFICER
        ),
        "analyst": make_user(
            council,
            email="harry@council.example",
            full_name="Harry Kaur",
            role=Role.PARTNERSHIP_ANALYST,
        ),
        "reviewer": make_user(
            council,
            email="lena@council.example",
            full_name="Lena Brooks",
            role=Role.LINKAGE_REVIEWER,
        ),
    }
    quarter = submissions.last_quarter()
    people = list(generate_identities(300, seed=11))
    sender = Membership.objects.get(user=users["probation"])
    submissions.receive_submission(
        sender,
        io.BytesIO(extract("probation", people, quarter.first)),
        filename="probation.csv",
        kind="incident",
        quarter=quarter,
    )
    users["people"] = people  # type: ignore[assignment]
    return users


def police_file(people: list[dict[str, str]], first_day) -> bytes:
    """Nine incidents of people probation knows (three given differently enough for the
    model to be unsure), then two rows with mistakes."""
    known = [dict(person, record_id=f"INC-{n}") for n, person in enumerate(people[:6], start=1)]
    dob = people[7]["dob"]
    unsure = [
        dict(people[6], record_id="INC-7", given_name="Sam", phone=""),
        dict(people[7], record_id="INC-8", dob=f"{int(dob[:4]) + 10}{dob[4:]}", phone=""),
        dict(people[8], record_id="INC-9", family_name="Smith", phone="", postcode=""),
    ]
    bad_date = dict(people[9], record_id="INC-10", occurred_on="2024-02-31")
    bad_code = dict(people[10], record_id="INC-11", relationship="neighbour")
    return extract("police", [*known, *unsure, bad_date, bad_code], first_day)


def test_from_a_police_file_to_people_counted_across_agencies(
    page: Page, partnership: dict[str, User], tmp_path
) -> None:
    journey = "partnership-data"
    quarter = submissions.last_quarter()

    # The police data officer sends the file; two rows are kept back; one is fixed.
    sign_in(page, partnership["police"], journey)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Data submissions"
    ).click()
    check_page(page, f"{journey}-01-submissions")
    upload = tmp_path / "police-incidents.csv"
    upload.write_bytes(police_file(partnership["people"], quarter.first))  # type: ignore[arg-type]
    page.get_by_label("Incidents").check()
    page.get_by_label("CSV or Excel file").set_input_files(upload)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#submission-status, [role=status]").first).to_contain_text(
        "9 new", timeout=30_000
    )
    check_page(page, f"{journey}-02-checked")
    follow(page.get_by_role("link", name=re.compile(r"^Fix")).first)
    page.get_by_label("occurred_on").fill(str(quarter.first + timedelta(days=3)))
    page.get_by_role("button", name="Check again").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is accepted")
    check_page(page, f"{journey}-03-fixed")
    sign_out(page)

    # The analyst runs linkage.
    sign_in(page, partnership["analyst"], journey)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Linkage").click()
    check_page(page, f"{journey}-04-linkage")
    page.get_by_role("button", name="Start the run").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Finished", timeout=180_000)
    check_page(page, f"{journey}-05-run")
    waiting = int(re.search(r"([\d,]+) pairs wait", status.inner_text())[1].replace(",", ""))
    assert waiting >= 2
    sign_out(page)

    # A linkage reviewer decides two uncertain pairs.
    sign_in(page, partnership["reviewer"], journey)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Linkage").click()
    follow(page.get_by_role("link", name="Review the pairs"))
    check_page(page, f"{journey}-06-queue")
    page.get_by_role("link", name="Review").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same person?")
    check_page(page, f"{journey}-07-pair")
    page.get_by_label("Yes, the same person").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your decision is saved")
    page.get_by_label("No, different people").check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your decision is saved")
    sign_out(page)

    # The partnership data report counts people, not records.
    sign_in_again(page, partnership["analyst"], journey)
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports").click()
    follow(page.get_by_role("link", name="Partnership data from every agency"))
    page.get_by_label("Period").select_option(str(quarter))
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Partnership data: {quarter.label}")
    main = page.locator("main")
    expect(main).to_contain_text("Riverford Police")
    expect(main).to_contain_text("Riverford Probation")
    expect(main).to_contain_text("Repeat victimisation")
    check_page(page, f"{journey}-08-report")
