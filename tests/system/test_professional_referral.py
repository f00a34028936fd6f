"""Journey by keyboard alone (issue 18, "done when"): a GP without an account refers a
patient to the help point through the public form, with the DASH checklist's answers and a
letter, and is told the referral's reference and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from concord.accounts.models import Service
from concord.inbox.models import OnlineReferral
from concord.risk.models import Instrument
from tests.system.conftest import check_page
from tests.system.test_keyboard_journey import choose, press, select, tab_to
from tests.system.test_keyboard_journey import type_into as typed

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 60


@pytest.fixture
def online_help_point(help_point: Service, settings, tmp_path: Path) -> Service:
    settings.REFERRAL_FILES_DIR = tmp_path / "referral-files"
    help_point.takes_online_referrals = True
    help_point.save(update_fields=["takes_online_referrals"])
    return help_point


CHOSEN = "() => document.querySelector('input[type=file]').files.length > 0"


def attach(page: Page, path: Path) -> None:
    """Tab to the file input and open its chooser with the Space key. The page answers
    every chooser from the start (a listener added only around the key press can miss a
    chooser that opens before Playwright intercepts it); Space is pressed again if the
    first press opened none."""
    page.once("filechooser", lambda chooser: chooser.set_files(str(path)))
    tab_to(page, lambda f: f["type"] == "file", "the file input")
    for _ in range(3):
        page.keyboard.press("Space")
        try:
            page.wait_for_function(CHOSEN, timeout=5000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("Space on the file input never opened a file chooser")


def test_given_a_gp_without_an_account_when_she_refers_with_a_checklist_then_she_gets_a_reference(
    page: Page, online_help_point: Service, checklists: Instrument, tmp_path: Path
) -> None:
    """Given the help point takes online referrals, when a GP fills in the form by keyboard
    alone, first forgetting consent and attaching a program, then correcting both, with
    every question of the DASH RIC answered (15 yes), then the referral waits in the help
    point's inbox with its answers, score and letter, and she sees only its reference."""
    journey = "professional-referral"
    letter, program = tmp_path / "letter.pdf", tmp_path / "letter.exe"
    letter.write_bytes(PDF)
    program.write_bytes(EXE)

    page.goto("/refer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer someone for support")
    expect(page).to_have_title("Refer someone for support – Get support")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    check_page(page, f"{journey}-01-form")

    typed(page, "Your name", "Dr Helen Marsh")
    typed(page, "Your job title", "GP")
    typed(page, "Your organisation", "Northgate Surgery")
    select(page, "What kind of organisation is it?", "health")
    typed(page, "Your work email address", "h.marsh@northgate.example")
    typed(page, "Their first name", "Priya")
    choose(page, "danger_now", "no")
    choose(page, "contact_method", "call")
    typed(page, "A safe phone number for them", "07700 900456")
    typed(page, "When is it safe", "Weekday mornings")
    choose(page, "risk", "answers")
    codes = list(checklists.questions.order_by("number").values_list("code", flat=True))
    for number, code in enumerate(codes, start=1):
        choose(page, f"dash_{code}", "yes" if number <= 15 else "no")
    attach(page, program)
    press(page, "Send the referral")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select whether the person agreed to this referral")
    expect(summary).to_contain_text("File 1: The file must be a PDF")
    expect(page).to_have_title("Error: Refer someone for support – Get support")
    check_page(page, f"{journey}-02-errors")
    assert not OnlineReferral.objects.exists()

    page.keyboard.press("Shift+Tab")  # back above the form; Tab goes forward from here
    choose(page, "basis", "consent")
    attach(page, letter)
    press(page, "Send the referral")

    referral = OnlineReferral.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral sent")
    expect(page.locator("[data-concord=reference]")).to_have_text(referral.reference)
    expect(page.locator("main")).not_to_contain_text("Priya")
    expect(page).to_have_title("Referral sent – Get support")
    assert "Priya" not in page.url and referral.reference not in page.url
    check_page(page, f"{journey}-03-sent")

    assert (referral.kind, referral.status, referral.service) == (
        "professional",
        "new",
        online_help_point,
    )
    assert (referral.consent_given, referral.risk_score, len(referral.risk_answers)) == (
        True,
        15,
        24,
    )
    assert [(f.kind, f.title) for f in referral.files.all()] == [("pdf", "letter.pdf")]
