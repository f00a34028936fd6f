"""Journeys of the public self-referral form (issue 18), by keyboard alone: a victim who
leaves by "Exit this page" half-way cannot come back to the form with the back button; a
victim who sends the form is found in the help point's inbox by a worker, who records the
first contact and accepts them into a person and case. The public pages ask nothing of any
other site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from concord.accounts.models import Service, User
from concord.cases.models import Case
from concord.inbox.models import OnlineReferral
from tests.system.conftest import PASSWORD, check_page, current_code
from tests.system.test_keyboard_journey import choose, press, tab_to, tick, type_into

pytestmark = pytest.mark.browser

EXIT_URL = "https://weather.neutral.example/today"
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Sunny spells</h1></html>"


@pytest.fixture
def receiving(help_point: Service) -> Service:
    Service.objects.filter(pk=help_point.pk).update(takes_online_referrals=True)
    return help_point


@pytest.fixture
def exit_page(page: Page, settings) -> list[str]:
    """The neutral site "Exit this page" goes to, answered inside the browser (no network);
    the list collects the addresses of every request the pages make before leaving."""
    settings.EXIT_PAGE_URL = EXIT_URL
    page.context.route(
        "https://weather.neutral.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE),
    )
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return requested


def only_to(live_server, requested: list[str]) -> list[str]:
    own = urlsplit(live_server.url).netloc
    return [url for url in requested if urlsplit(url).netloc != own]


def test_given_a_victim_filling_the_form_when_she_exits_then_back_does_not_show_it(
    page: Page, live_server, receiving: Service, exit_page: list[str]
) -> None:
    """Given a victim who opens the form after another page of the site, when she types her
    name and presses Shift three times, then she is on the neutral site, and the back
    button does not bring the form back."""
    page.goto("/accessibility/")
    page.goto("/get-in-touch/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask us to contact you")
    check_page(page, "selfref-01-form")
    assert only_to(live_server, exit_page) == []  # nothing from any other site

    type_into(page, "Your name, or what we should call you", "Dee")
    # Focus leaves the text box (Shift in a text box is typing, but the component still
    # listens); three presses of Shift alone.
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(page).to_have_url(EXIT_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sunny spells")
    page.screenshot(path="test-results/screenshots/selfref-02-exited.png")

    page.go_back()
    page.wait_for_load_state()
    assert "/get-in-touch/" not in page.url
    expect(page.get_by_text("Ask us to contact you")).to_have_count(0)
    assert not OnlineReferral.objects.exists()


def test_given_the_exit_button_when_pressed_then_the_form_is_gone_from_history(
    page: Page, receiving: Service, exit_page: list[str]
) -> None:
    """The same by the "Exit this page" button, reached with Tab and pressed with Enter."""
    page.goto("/accessibility/")
    page.goto("/get-in-touch/")
    tab_to(page, lambda f: "Exit this page" in f["label"], "Exit this page")
    page.keyboard.press("Enter")
    expect(page).to_have_url(EXIT_URL)
    page.go_back()
    page.wait_for_load_state()
    assert "/get-in-touch/" not in page.url
    expect(page.get_by_text("Ask us to contact you")).to_have_count(0)


def test_given_a_sent_self_referral_when_a_worker_accepts_it_then_a_person_and_case_exist(
    page: Page, live_server, receiving: Service, practitioner: User, exit_page: list[str]
) -> None:
    """Given a victim who sends the form by keyboard, when a help point worker finds it in
    the inbox, records the first contact and accepts it, then a person and an open case at
    the help point exist, led by the worker, and the referral says so."""
    page.goto("/get-in-touch/")
    type_into(page, "Your name, or what we should call you", "Dee")
    choose(page, "contact_method", "text")
    type_into(page, "Phone number", "07700 900456")
    type_into(page, "When is it safe to contact you?", "Mornings before 11")
    tick(page, "Do not leave a voicemail")
    choose(page, "danger_now", "not_sure")
    check_page(page, "selfref-03-form-filled")
    press(page, "Send")
    expect(page.locator(".govuk-panel__title")).to_have_text("Your request has been sent")
    expect(page.locator("main")).not_to_contain_text("07700 900456")
    check_page(page, "selfref-04-sent")
    assert urlsplit(page.url).path == "/get-in-touch/sent/"
    assert only_to(live_server, exit_page) == []
    referral = OnlineReferral.objects.get()
    page.goto("/accounts/sign-in/")

    # The worker signs in by keyboard too.
    type_into(page, "Email address", practitioner.email)
    type_into(page, "Password", PASSWORD)
    press(page, "Continue")
    device = TOTPDevice.objects.get(user=practitioner, confirmed=True)
    type_into(page, "Code from your authenticator app", current_code(device))
    press(page, "Continue")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page, "selfref-05-home")
    expect(page.locator("#panel-new_online_referrals")).to_be_visible()
    press(page, "Online referrals")
    expect(page.locator("main table")).to_contain_text(referral.reference)
    check_page(page, "selfref-05-inbox")
    press(page, referral.reference)
    expect(page.locator('[data-concord="never"]')).to_contain_text("Do not leave a voicemail")
    check_page(page, "selfref-06-referral")

    press(page, "Record first contact")
    check_page(page, "selfref-07-first-contact")
    press(page, "Record first contact")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("first contact")
    press(page, "Accept")
    type_into(page, "Family name", "Morgan")
    check_page(page, "selfref-08-accept")
    press(page, "Accept and open case")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is open, led by you")
    check_page(page, "selfref-09-case")

    case = Case.objects.get()
    assert (case.person.given_name, case.person.family_name) == ("Dee", "Morgan")
    assert (case.status, case.method_of_access, case.lead_professional) == (
        "open",
        "web",
        practitioner,
    )
    referral.refresh_from_db()
    assert (referral.status, referral.case) == ("accepted", case)
