"""Journey: children as victims in their own right. A help-point IDVA adds a mother's two
children to her case, records one child's needs and support, and refers the mother with
both children to Turning Point's Riverford refuge; the refuge worker accepts and finds both
children on the case it opens."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import Service, User
from concord.cases.models import Case, CaseChild
from tests.system.conftest import add_child, check_page, fill_date, follow, sign_in, sign_out

pytestmark = pytest.mark.browser


def test_given_a_mothers_case_when_her_children_are_added_and_referred_then_the_refuge_has_them(
    page: Page,
    practitioner: User,
    refuge_worker: User,
    open_case: Case,
    riverford_refuge: Service,
) -> None:
    """Given Sarah Ahmed's open case at Haven's help point,
    when her IDVA adds her two children, records Amy's needs and support and refers Sarah
    with both children to the Riverford refuge with her consent,
    then the refuge worker sees both children on the referral, accepts it, and finds each
    child, a person of Turning Point's own, on the case it opens."""
    journey = "children"
    sign_in(page, practitioner, journey)

    page.goto(f"/cases/{open_case.pk}/")
    expect(page.get_by_role("heading", name="Children", exact=True)).to_be_visible()
    expect(page.get_by_text("No children are recorded on this case.")).to_be_visible()
    check_page(page, f"{journey}-01-case-without-children")

    follow(page.get_by_role("button", name="Add a child"))
    page.get_by_role("button", name="Add to the case").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the child's given name")
    expect(summary).to_contain_text("Select how the child is involved")
    check_page(page, f"{journey}-02-add-child-errors")
    page.get_by_role("link", name="Back to case").click()

    add_child(page, journey, "03-add-amy", "Amy", born="2016-03-27", sex="Female")
    add_child(page, journey, "04-add-leo", "Leo", age="4", sex="Male")
    expect(page.locator(".govuk-summary-card", has_text="Amy Ahmed")).to_contain_text(
        "27 March 2016"
    )
    expect(page.locator(".govuk-summary-card", has_text="Leo Ahmed")).to_contain_text("About 4")
    check_page(page, f"{journey}-05-case-with-children")

    page.get_by_role("link", name="Change needs (Amy Ahmed)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A child's needs")
    page.get_by_label("Saw or heard the abuse").check()
    page.get_by_label("School or education").check()
    check_page(page, f"{journey}-06-needs")
    follow(page.get_by_role("button", name="Save needs"))

    page.get_by_role("link", name="Add support (Amy Ahmed)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Support for a child")
    page.get_by_role("button", name="Save support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the kind of support")
    check_page(page, f"{journey}-07-support-errors")
    page.get_by_label("Counselling or therapy").check()
    fill_date(page, "Date the support started", timezone.localdate())
    check_page(page, f"{journey}-08-support")
    page.get_by_role("button", name="Save support").click()
    amy_card = page.locator(".govuk-summary-card", has_text="Amy Ahmed")
    expect(amy_card).to_contain_text("School or education, Saw or heard the abuse")
    expect(amy_card).to_contain_text("Counselling or therapy, from")
    check_page(page, f"{journey}-09-case-with-needs-and-support")

    follow(page.get_by_role("button", name="Refer", exact=True))
    page.get_by_label("A service in Concord").select_option(label="Riverford refuge")
    page.get_by_label("What the referral shares").fill(
        "Needs a refuge space for herself and her two children, away from the city."
    )
    page.get_by_label("Amy Ahmed, born 27 March 2016, female").check()
    page.get_by_label("Leo Ahmed, aged about 4, male").check()
    page.get_by_label("Record the person's consent now").check()
    fill_date(page, "Date the person gave consent", timezone.localdate())
    check_page(page, f"{journey}-10-refer-with-children")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The referral is in the inbox of Riverford refuge, Turning Point Partnership"
    )
    check_page(page, f"{journey}-11-referral-sent")
    sign_out(page)

    sign_in(page, refuge_worker, f"{journey}-refuge")
    follow(
        page.get_by_role("navigation", name="Main menu").get_by_role(
            "link", name="Referrals", exact=True
        )
    )
    page.locator(".govuk-summary-card", has_text="Sarah Ahmed").get_by_role(
        "link", name="View referral"
    ).click()
    shared = page.locator(".govuk-summary-list").first
    expect(shared).to_contain_text("Amy Ahmed, born 27 March 2016, female")
    expect(shared).to_contain_text("Leo Ahmed, aged about 4, male")
    check_page(page, f"{journey}-12-referral-received")
    follow(page.get_by_role("button", name="Accept referral"))
    page.get_by_role("button", name="Accept and open a case").click()

    new_case = Case.objects.get(service=riverford_refuge)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {new_case.reference}")
    expect(page.locator(".govuk-summary-card", has_text="Amy Ahmed")).to_contain_text(
        "Child of the victim or survivor"
    )
    expect(page.locator(".govuk-summary-card", has_text="Leo Ahmed")).to_be_visible()
    check_page(page, f"{journey}-13-refuge-case-with-children")
    children = CaseChild.objects.filter(case=new_case).select_related("person")
    assert {child.person.agency.slug for child in children} == {"turning-point"}
    assert sorted(child.person.date_of_birth or date.min for child in children)[-1] == date(
        2016, 3, 27
    )
