"""Journey by keyboard alone: a worker records the intake questions on Sarah's case and,
once it has closed, makes a link for the 3-month follow-up; Sarah opens the link, answers
alone and sends; the link then shows only that it no longer works."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases import services as case_services
from concord.cases.models import Case
from concord.outcomes.models import OutcomeMeasure
from concord.outcomes.tests.conftest import ensure_questionnaire
from tests.system.conftest import check_page, sign_in, sign_out
from tests.system.test_keyboard_journey import choose, enter, focused, press, tab_to

pytestmark = pytest.mark.browser

INTAKE = {
    "safety": "3",
    "wellbeing": "4",
    "abuse": "continued",
    "confidence": "2",
    "knows_where_to_get_help": "no",
}
FOLLOW_UP = {
    "safety": "8",
    "wellbeing": "7",
    "abuse": "stopped",
    "confidence": "8",
    "knows_where_to_get_help": "yes",
    "feels_safer": "yes",
    "further_incidents": "no",
}


def answer(page: Page, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        choose(page, name, value)


def test_given_a_case_when_the_person_answers_by_link_then_the_link_works_once(
    page: Page, practitioner: User, open_case: Case
) -> None:
    journey = "outcomes"
    ensure_questionnaire()
    sign_in(page, practitioner, journey)
    page.goto(f"/cases/{open_case.pk}/")
    press(page, "Outcome measures for this case")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome measures")
    check_page(page, f"{journey}-01-none-yet")

    press(page, "Record the intake answers")
    press(page, "Save answers")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select an answer to question 1")
    check_page(page, f"{journey}-02-intake-errors")
    answer(page, INTAKE)
    check_page(page, f"{journey}-03-intake-answered")
    press(page, "Save answers")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The intake answers are recorded"
    )
    check_page(page, f"{journey}-04-intake-recorded")

    # Support ends: the case is closed with its closure form.
    case_services.close_case(
        practitioner,
        open_case,
        reason="support_completed",
        reviewed_on=timezone.localdate(),
        feels_safer="not_answered",
        abuse_change="not_known",
    )
    page.reload()
    press(page, "Make a link")
    choose(page, "stage", "follow_up_3")
    check_page(page, f"{journey}-05-make-link")
    press(page, "Make link")
    address = page.locator("#questionnaire-link").inner_text()
    assert "/your-say/" in address
    check_page(page, f"{journey}-06-link-shown-once")
    sign_out(page)

    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your say")
    expect(page).to_have_title("Your say – Get support")
    main = page.locator("main").inner_text()
    for revealing in (open_case.reference, "Sarah", "Ahmed", "SAFE help point", "Haven"):
        assert revealing not in main
    check_page(page, f"{journey}-07-questions-by-link")
    answer(page, FOLLOW_UP)
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["label"] == "Send answers", "Send answers")
    assert focused(page)["label"] == "Send answers"
    enter(page)
    expect(page.locator(".govuk-panel")).to_contain_text("Thank you")
    check_page(page, f"{journey}-08-thanks")
    measure = OutcomeMeasure.objects.get(stage="follow_up")
    assert (measure.how, measure.recorded_by, measure.further_incidents) == ("by_link", None, "no")

    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    check_page(page, f"{journey}-09-link-no-longer-works")
    assert OutcomeMeasure.objects.filter(stage="follow_up").count() == 1
