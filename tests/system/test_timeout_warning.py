"""Journey: the idle timeout warns first, "Stay signed in" keeps the session, and a contact
note typed before the idle sign-out comes back after signing in again."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from concord.accounts.models import User
from concord.cases.models import Case
from concord.core.models import FormDraft
from tests.system.conftest import PASSWORD, check_page, current_code, screenshot, sign_in

pytestmark = pytest.mark.browser

NOTE = "Spoke to her from a friend's phone. Do not leave voicemail; text only after 6pm."
IN_DIALOG = "document.activeElement.closest('#concord-timeout-warning') !== null"
SECONDS_LEFT = (
    "fetch('/session/', {headers: {'Concord-Poll': '1'}}).then((answer) => answer.json())"
    ".then((left) => left.secondsLeft)"
)


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.2)


@pytest.fixture
def short_timeout(settings, monkeypatch):
    """A session idle for 20 seconds is signed out, with a warning 12 seconds before; every
    request counts as activity (normally noted at most every 30 seconds)."""
    monkeypatch.setattr("concord.core.middleware.ACTIVITY_NOTED_EVERY_SECONDS", 0)

    def shorten() -> None:
        settings.IDLE_TIMEOUT = timedelta(seconds=20)
        settings.IDLE_WARNING = timedelta(seconds=12)

    return shorten


def test_given_a_note_being_typed_when_the_worker_goes_idle_then_nothing_is_lost(
    page: Page, practitioner: User, open_case: Case, short_timeout, settings
) -> None:
    """Given a practitioner typing a contact note,
    when the timeout warning opens they can stay signed in by keyboard (Escape, or Tab and
    Enter on "Stay signed in"), and the server agrees;
    when they then stay idle, they are signed out, and signing in again brings them back to
    the form with their note restored, which they can then save."""
    sign_in(page, practitioner, "timeout")
    short_timeout()
    form_path = f"/cases/{open_case.pk}/contacts/new/"
    page.goto(form_path)
    page.get_by_label("Kind of contact").select_option("call")
    page.get_by_label("Victim/survivor").check()
    page.get_by_label("Notes").fill(NOTE)

    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=15_000)
    assert page.evaluate("document.activeElement.id") == "concord-timeout-warning"
    expect(dialog.get_by_role("status")).to_contain_text("You will be signed out in")
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(IN_DIALOG), "focus left the timeout warning"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(IN_DIALOG)
    screenshot(page, "timeout-01-warning")
    check_page(page, "timeout-01-warning")
    wait_for(lambda: FormDraft.objects.filter(path=form_path).exists())

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert page.evaluate(SECONDS_LEFT) > 15

    expect(dialog).to_be_visible(timeout=15_000)
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    assert page.evaluate(SECONDS_LEFT) > 15
    expect(page.get_by_label("Notes")).to_have_value(NOTE)

    expect(dialog).to_be_visible(timeout=15_000)
    page.wait_for_url("**/accounts/sign-in/?next=*", timeout=20_000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You were signed out")
    assert NOTE not in page.content()

    settings.IDLE_TIMEOUT = timedelta(minutes=15)
    settings.IDLE_WARNING = timedelta(minutes=2)
    page.get_by_label("Email address").fill(practitioner.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    device = TOTPDevice.objects.get(user=practitioner, confirmed=True)
    step = int((time.time() - device.t0) // device.step)
    if device.last_t >= step:  # a code is accepted once: wait for the next one
        time.sleep(device.t0 + (step + 1) * device.step - time.time() + 0.5)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"**{form_path}")
    expect(page.get_by_label("Notes")).to_have_value(NOTE)
    expect(page.get_by_label("Kind of contact")).to_have_value("call")
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "What you typed here is back in the form"
    )
    check_page(page, "timeout-02-restored")

    page.get_by_role("button", name="Save contact").click()
    expect(page.locator(".moj-timeline")).to_contain_text("Phone call")
    assert not FormDraft.objects.exists()
