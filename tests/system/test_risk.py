"""Journey: an IDVA completes a DASH risk checklist on an open case, is stopped once for a
question not asked, finishes with 15 yes answers and sees high risk and the prompt to
refer to MARAC."""

from __future__ import annotations

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases.models import Case
from concord.risk.models import Instrument
from tests.system.conftest import check_page, follow, sign_in

pytestmark = pytest.mark.browser


def test_given_an_open_case_when_the_idva_answers_15_yes_then_high_risk_prompts_marac(
    page: Page, practitioner: User, open_case: Case, checklists: Instrument
) -> None:
    """Given Sarah Ahmed's open case at Haven's help point,
    when her IDVA starts a risk assessment (the DASH RIC, chosen for a non-police agency)
    and answers its three parts, leaving one question out,
    then finishing is refused with that question in the error summary;
    when she answers it and finishes with 15 yes answers,
    then the case shows high risk, the score, and the prompt to refer to MARAC."""
    journey = "risk"
    codes = list(checklists.questions.values_list("code", flat=True))
    yes = set(codes[:15])
    left_out = codes[-1]
    sign_in(page, practitioner, journey)

    page.goto(f"/cases/{open_case.pk}/")
    expect(page.get_by_role("heading", name="Risk")).to_be_visible()
    check_page(page, f"{journey}-01-case")
    page.get_by_role("button", name="Assess risk").click()
    expect(page.get_by_label("SafeLives DASH risk identification checklist (2009)")).to_be_checked()
    check_page(page, f"{journey}-02-start")
    follow(page.get_by_role("button", name="Start the checklist"))

    for part in (1, 2, 3):
        expect(page.locator(".govuk-caption-l")).to_contain_text(f"part {part} of 3")
        for radios in page.locator(".govuk-radios").all():
            code = radios.locator("input").first.get_attribute("name")
            if code != left_out:
                radios.get_by_label("Yes" if code in yes else "No", exact=True).check()
        check_page(page, f"{journey}-03-part-{part}")
        page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the answers")
    check_page(page, f"{journey}-04-check")
    page.get_by_role("button", name="Finish assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Answer question 24, criminal history")
    check_page(page, f"{journey}-05-unanswered")
    summary.get_by_role("link", name="Answer question 24, criminal history").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("part 3 of 3")
    page.locator(f"input[name={left_out}]").nth(1).check()  # No
    follow(page.get_by_role("button", name="Save and continue"))
    page.get_by_role("button", name="Finish assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The assessment is finished: high risk, with 15 yes answers"
    )
    check_page(page, f"{journey}-06-result")

    page.get_by_role("link", name="Back to the case").click()
    risk = page.locator(".govuk-summary-list").filter(has_text="Latest level")
    expect(risk).to_contain_text("High risk")
    expect(risk).to_contain_text("15 yes answers")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "This case meets the criteria for a MARAC referral: Visible high risk."
    )
    if apps.is_installed("concord.marac"):
        prompt = page.locator(".govuk-button--warning", has_text="Refer to MARAC")
        expect(prompt).to_have_attribute("href", f"/marac/refer/{open_case.pk}/")
    check_page(page, f"{journey}-07-case-high-risk")
