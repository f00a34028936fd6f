"""Journey: a practitioner adds a person, searching first, and keeps their record safe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.core.models import AuditEvent
from concord.people.models import Person
from concord.people.services import set_contact_safety
from tests.system.conftest import check_page, follow, sign_in

pytestmark = pytest.mark.browser


def test_given_a_shared_phone_when_a_worker_adds_a_sister_then_they_confirm_she_is_new(
    page: Page, practitioner: User, person: Person
) -> None:
    """Given Sarah Ahmed is recorded with a safe phone number,
    when a worker adds her sister Aisha, who gives the same phone number,
    then Concord shows Sarah as a possible match and adds Aisha only once the worker
    confirms she is a new person; on Aisha's record the worker reveals the safe phone with
    a reason, changes contact safety and adds another name she is known by."""
    set_contact_safety(None, person, safe_phone="07700 900123")  # type: ignore[arg-type]
    journey = "person-record"
    sign_in(page, practitioner, journey)

    follow(page.get_by_role("navigation").get_by_role("link", name="People"))
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    check_page(page, f"{journey}-01-add")

    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the given name")
    expect(summary).to_contain_text("Select at least one role")
    check_page(page, f"{journey}-02-add-errors")

    page.get_by_label("Given name").fill("Aisha")
    page.get_by_label("Family name").fill("Ahmed")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1995")
    page.get_by_label("Safe phone number").fill("+44 7700 900123")
    page.get_by_label("Victim/survivor").check()
    page.get_by_label("Female").check()
    page.get_by_label("Ethnicity").select_option("asian_pakistani")
    page.get_by_label("First language").fill("Urdu")
    page.get_by_role("button", name="Continue").click()

    matches = page.locator("table")
    expect(matches).to_contain_text("Sarah Ahmed")
    expect(matches).to_contain_text("14 March 1988")
    expect(matches).to_contain_text("Family name sounds the same; same phone number")
    check_page(page, f"{journey}-03-possible-match")
    assert Person.objects.count() == 1

    page.get_by_label("I have checked these: this is a new person").check()
    page.get_by_role("button", name="Add as a new person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aisha Ahmed")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Aisha Ahmed is added")
    expect(page.locator("#contact-safety + p + dl")).not_to_contain_text("900123")
    expect(page.get_by_role("button", name="Open a case")).to_be_visible()
    check_page(page, f"{journey}-04-record")

    page.get_by_role("button", name="Show the safe phone number").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Show the safe phone number")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why you need to see this")
    expect(page.locator("main")).not_to_contain_text("900123")
    check_page(page, f"{journey}-05-reveal-needs-a-reason")
    assert not AuditEvent.objects.filter(action="person.sensitive_revealed").exists()
    page.get_by_label("Why do you need to see it?").select_option("contacting_the_person")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#revealed-safe_phone")).to_have_text("+44 7700 900123")
    check_page(page, f"{journey}-06-revealed")
    reveal = AuditEvent.objects.get(action="person.sensitive_revealed")
    assert (reveal.actor, reveal.reason, reveal.changes) == (
        practitioner,
        "contacting_the_person",
        ["safe_phone"],
    )

    page.get_by_role("link", name="Change contact safety").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact safety for Aisha Ahmed")
    expect(page.locator("main")).not_to_contain_text("900123")
    page.get_by_role("group", name="Safe to leave a message").get_by_label("No", exact=True).check()
    page.get_by_label("Safe times to contact").fill("Weekdays after 6pm")
    page.get_by_label("Words to use if someone else answers").fill("Say you are from the college")
    page.get_by_label("Current address").fill("4 Elm Close\nRiverford")
    check_page(page, f"{journey}-07-contact-safety")
    page.get_by_role("button", name="Save contact safety").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact safety is saved")
    expect(page.locator("main")).to_contain_text("Weekdays after 6pm")
    expect(page.locator("main")).not_to_contain_text("Elm Close")
    expect(page.locator("main")).not_to_contain_text("900123")

    follow(page.get_by_role("link", name="Add another name"))
    check_page(page, f"{journey}-08-other-name")
    page.get_by_label("Other name").fill("Aysha Ahmad")
    page.get_by_role("button", name="Add name").click()
    expect(page.locator("#aliases + ul")).to_contain_text("Aysha Ahmad")

    page.get_by_role("link", name="Change details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the details of Aisha Ahmed")
    expect(page.get_by_label("Year")).to_have_value("1995")
    page.get_by_label("Religion or belief").select_option("muslim")
    page.get_by_label("Year").fill("2095")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date of birth must be today or in the past"
    )
    check_page(page, f"{journey}-09-details-errors")
    page.get_by_label("Year").fill("1995")
    page.get_by_role("button", name="Save details").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The details are saved")
    expect(page.locator(".govuk-summary-card")).to_contain_text("Muslim")
    check_page(page, f"{journey}-10-record-after")


def test_given_a_colleague_who_is_a_victim_when_the_manager_restricts_her_record_then_only_named_workers_see_it(
    page: Page, service_manager: User, practitioner: User, person: Person
) -> None:
    """Given the record of someone whose colleagues must not see it,
    when the service manager restricts it (after being told a named worker is needed)
    and names themselves, then the record says it is restricted and to whom, and a
    practitioner of the same agency can no longer find it."""
    journey = "restricted-record"
    sign_in(page, service_manager, journey)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Change who can see this record").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Who can see the record")
    check_page(page, f"{journey}-01-form")

    page.get_by_label("Only the workers named below").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one worker")
    check_page(page, f"{journey}-02-error")

    page.get_by_label("Beth Lowe").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#restricted")).to_contain_text("Beth Lowe")
    check_page(page, f"{journey}-03-restricted")
    assert AuditEvent.objects.filter(action="person.access_changed").count() == 1

    person.refresh_from_db()
    assert list(person.named_workers.all()) == [service_manager]
    assert not Person.objects.visible_to(practitioner).filter(pk=person.pk).exists()
