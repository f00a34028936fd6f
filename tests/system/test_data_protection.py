"""Journey: a service manager answers a subject access request and reviews the records due
for anonymising."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases.models import Case
from concord.cases.services import record_contact
from concord.core.models import AuditEvent
from concord.dataprotection import retention
from concord.dataprotection.models import RetentionReview, ReviewStatus
from concord.people.models import Person
from concord.people.services import record_person, relate
from tests.system.conftest import check_page, sign_in

pytestmark = pytest.mark.browser


def test_given_a_request_from_sarah_when_a_manager_exports_her_records_then_others_are_withheld(
    page: Page, service_manager: User, practitioner: User, person: Person, open_case: Case
) -> None:
    """Given Sarah Ahmed asked for her records, and her record names her ex-partner,
    when her service manager opens the subject access export from her record,
    then the page shows her case and contact with his name withheld and listed, the
    download holds the report and CSV files, and the reviewer may choose to include it."""
    record_contact(
        practitioner,
        open_case,
        channel="call",
        initiated_by="victim",
        occurred_at=timezone.make_aware(datetime(2026, 11, 3, 10, 0)),
        notes="Agreed a safe time to call",
    )
    darren = record_person(practitioner, person.agency, given_name="Darren", family_name="Cole")
    relate(practitioner, person, darren, "ex_partner")
    journey = "data-protection"
    sign_in(page, service_manager, journey)

    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Answer a subject access request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access request: Sarah Ahmed")
    main = page.locator("main")
    expect(main).to_contain_text("Agreed a safe time to call")
    expect(main).to_contain_text("Withheld: details about other people (1)")
    expect(main).not_to_contain_text("Darren")
    check_page(page, f"{journey}-01-export")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the export (report and CSV files)").click()
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    assert set(archive.namelist()) == {"report.html", "records.csv", "redactions.csv"}
    assert "Agreed a safe time to call" in archive.read("records.csv").decode("utf-8-sig")
    assert "Darren" not in archive.read("records.csv").decode("utf-8-sig")

    page.get_by_label("Include details about other people").check()
    page.get_by_role("button", name="Show the export again").click()
    expect(main).to_contain_text("Darren Cole")
    check_page(page, f"{journey}-02-export-with-others")
    assert (
        AuditEvent.objects.filter(
            action="person.subject_access_read", actor=service_manager
        ).count()
        == 3
    )


def test_given_a_case_ended_long_ago_when_the_manager_reviews_then_she_approves_it(
    page: Page, service_manager: User, person: Person, open_case: Case
) -> None:
    """Given Sarah Ahmed's case ended in 2019 and the monthly job listed her,
    when her service manager opens the review and saves without a decision,
    then Concord says what is missing; once she approves, Sarah is approved for
    anonymising and nobody is left to review."""
    moment = timezone.make_aware(datetime(2019, 3, 1))
    Case.objects.filter(pk=open_case.pk).update(
        status="closed", closed_at=moment, referred_at=moment
    )
    open_case.status_changes.update(changed_at=moment)
    assert retention.list_due(date(2026, 12, 1)) == 1
    journey = "retention-review"
    sign_in(page, service_manager, journey)

    page.get_by_role("navigation").get_by_role("link", name="Data protection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Records due for anonymising")
    check_page(page, f"{journey}-01-due")

    page.get_by_role("button", name="Save the decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select at least one person")
    check_page(page, f"{journey}-02-errors")

    page.get_by_label("Sarah Ahmed").check()
    page.get_by_label("Approve for anonymising").check()
    page.get_by_role("button", name="Save the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 person approved for anonymising"
    )
    expect(page.locator("main")).to_contain_text("Nobody is due for review.")
    check_page(page, f"{journey}-03-approved")
    assert RetentionReview.objects.get().status == ReviewStatus.APPROVED
