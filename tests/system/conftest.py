"""Shared pieces of the browser journeys: Debian's Chromium driven by Playwright against
pytest-django's live server, axe-core for accessibility, screenshots, and the people of a
small partnership made with Concord's own services."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from concord.accommodation import services as accommodation
from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
from concord.accounts.roles import Role
from concord.accounts.services import add_member, add_service, create_agency
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.cases.services import change_status
from concord.cases.services import open_case as open_new_case
from concord.people.models import Person
from concord.people.services import record_person
from concord.risk.instruments import BUNDLED, read_instrument, store_instrument
from concord.risk.models import Instrument, Question

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Concord's CSP allows only its own scripts, so axe-core is offered at a same-origin
# address that the browser context answers from node_modules (see the page fixture).
AXE_URL_PATH = "/__axe-core__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "a long test password 4 journeys"

# Failed same-origin requests, console errors (CSP violations among them) and uncaught
# exceptions, per page, since the journey started.
_problems: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()


# Browser and page ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "The browser journeys need Debian's Chromium on PATH: apt-get install chromium",
            pytrace=False,
        )
    # Playwright's sync API keeps an asyncio loop running in this thread, while the journeys
    # still use the database synchronously: Django allows that only when told to. Only
    # while the browser runs, so the unit tests keep Django's check.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    origin = live_server.url
    context.route(origin + AXE_URL_PATH, lambda route: route.fulfill(path=AXE_SCRIPT))
    page = context.new_page()
    _problems[page] = problems = []

    def on_console(message) -> None:
        # A failed request is also logged as "Failed to load resource"; the network
        # listeners below report those with their address, and an error page's own
        # 403/404 status is what a journey expects.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_response(response) -> None:
        if (
            response.url.startswith(origin)
            and response.status >= 400
            and response.request.resource_type != "document"
        ):
            problems.append(f"{response.status} for {response.url}")

    def on_request_failed(request) -> None:
        # ERR_ABORTED is the browser cancelling a page's own requests because the journey
        # has already moved on to the next page (a click before every font has arrived);
        # a missing or refused asset answers 4xx (above) or fails with another error.
        if request.url.startswith(origin) and request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"uncaught exception: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    yield page
    context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


# Checks on each page -----------------------------------------------------------------------


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def assert_no_browser_problems(page: Page) -> None:
    """Each problem is reported once: here, or at the end of the journey if it comes later."""
    problems = _problems.get(page, [])
    found, problems[:] = problems[:], []
    assert not found, f"The browser reported problems on {page.url}:\n" + "\n".join(found)


def assert_accessible(page: Page) -> None:
    """No axe-core violations of WCAG 2.2 A and AA on the page as it is now."""
    page.add_script_tag(url=AXE_URL_PATH)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in result["violations"]
    ]
    assert not violations, f"Accessibility violations on {page.url}:\n" + "\n".join(violations)


def check_page(page: Page, name: str, *, axe: bool = True) -> None:
    """What every page a journey visits must pass: styled by GOV.UK Frontend, no failed
    asset, console error or CSP violation, and (for Concord's own pages) accessible. Saves
    a full-page screenshot as test-results/screenshots/<name>.png."""
    if axe:
        # The GOV.UK stylesheet is loaded: the page uses the GOV.UK font.
        expect(page.locator("h1").first).to_have_css(
            "font-family", '"GDS Transport", arial, sans-serif'
        )
    screenshot(page, name)
    assert_no_browser_problems(page)
    if axe:
        assert_accessible(page)


def follow(target: Locator) -> None:
    """Click a link or button that loads a page, and return once that page has loaded.

    A click returns when the browser has taken it; on a busy machine that can be before the
    browser has asked for the next page, and a step that follows at once would act on the
    page being left (a label "Meeting" matching its table "Papers for the meeting")."""
    with target.page.expect_navigation():
        target.click()


def fill_date(page: Page, legend: str, value: date | str) -> None:
    """Type a date into the GOV.UK date input whose legend is ``legend``."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    group = page.get_by_role("group", name=legend, exact=True)
    for label, part in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(label, exact=True).fill(str(part))


# Signing in --------------------------------------------------------------------------------


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def sign_in(page: Page, user: User, journey: str) -> None:
    """Given a user with an authenticator app, sign in with password and code, checking
    each page on the way; ends on the home page."""
    page.goto("/accounts/sign-in/")
    check_page(page, f"{journey}-00-sign-in-password")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    check_page(page, f"{journey}-00-sign-in-code")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page, f"{journey}-00-sign-in-home")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    page.wait_for_load_state("networkidle")  # before the next sign-in leaves the page


def sign_in_again(page: Page, user: User, journey: str) -> None:
    """An authenticator code is accepted once: wait for the app's next code when this
    user's last one is still the current one."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    now = time.time()
    step = int((now - device.t0) // device.step)
    if device.last_t >= step:
        time.sleep(device.t0 + (step + 1) * device.step - now + 0.5)
    sign_in(page, user, journey)


# The partnership ---------------------------------------------------------------------------


def make_user(
    agency: Agency,
    *,
    email: str,
    full_name: str,
    role: Role,
    services: list[Service] | None = None,
    authenticator: bool = True,
) -> User:
    membership = add_member(
        None,  # type: ignore[arg-type]
        agency,
        email=email,
        full_name=full_name,
        role=role,
        services=services or [],
    )
    user = membership.user
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    if authenticator:
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


@pytest.fixture
def haven(transactional_db) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Haven Domestic Abuse Services",
        slug="haven",
        kind=AgencyKind.SPECIALIST_DA_PROVIDER,
    )


@pytest.fixture
def help_point(haven: Agency) -> Service:
    return add_service(None, haven, name="SAFE help point", kind=ServiceKind.HELP_POINT)  # type: ignore[arg-type]


@pytest.fixture
def practitioner(haven: Agency, help_point: Service) -> User:
    return make_user(
        haven,
        email="amira.hussain@haven.example",
        full_name="Amira Hussain",
        role=Role.PRACTITIONER,
        services=[help_point],
    )


@pytest.fixture
def service_manager(haven: Agency, help_point: Service) -> User:
    return make_user(
        haven,
        email="beth.lowe@haven.example",
        full_name="Beth Lowe",
        role=Role.SERVICE_MANAGER,
        services=[help_point],
    )


@pytest.fixture
def new_user(haven: Agency) -> User:
    """Has a password but has not yet set up an authenticator app."""
    return make_user(
        haven,
        email="callum.reid@haven.example",
        full_name="Callum Reid",
        role=Role.PRACTITIONER,
        authenticator=False,
    )


@pytest.fixture
def system_administrator(transactional_db) -> User:
    council = create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford City Council",
        slug="city-council",
        kind=AgencyKind.COMMISSIONER,
    )
    return make_user(
        council,
        email="jon.webb@council.example",
        full_name="Jon Webb",
        role=Role.SYSTEM_ADMINISTRATOR,
    )


@pytest.fixture
def person(haven: Agency) -> Person:
    return record_person(
        None, haven, given_name="Sarah", family_name="Ahmed", date_of_birth=date(1988, 3, 14)
    )


@pytest.fixture
def open_case(practitioner: User, person: Person, help_point: Service) -> Case:
    """Sarah Ahmed's case at the help point, referred by the police on 2 November 2026 and
    open."""
    case = open_new_case(
        practitioner,
        person,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    return change_status(practitioner, case, CaseStatus.OPEN)


@pytest.fixture
def checklists(transactional_db: None) -> Instrument:
    """The DASH RIC; a journey's database may have been emptied since the migrations ran."""
    if not Instrument.objects.exists():
        for path in BUNDLED:
            store_instrument(read_instrument(path), Instrument, Question)
    return Instrument.objects.get(code="dash_ric", active=True)


def complete_checklist(page: Page, checklist: Instrument, yes: int, journey: str) -> None:
    """From a case page: assess risk, answering the first ``yes`` questions yes and the
    others no, and finish."""
    codes = list(checklist.questions.values_list("code", flat=True))
    follow(page.get_by_role("button", name="Assess risk"))
    page.get_by_role("button", name="Start the checklist").click()
    caption = page.locator(".govuk-caption-l")
    expect(caption).to_contain_text("part 1 of")
    parts = int(caption.inner_text().rsplit(" ", 1)[-1])
    for part in range(1, parts + 1):
        expect(caption).to_contain_text(f"part {part} of {parts}")
        for radios in page.locator(".govuk-radios").all():
            code = radios.locator("input").first.get_attribute("name")
            answer = "Yes" if code in codes[:yes] else "No"
            radios.get_by_label(answer, exact=True).check()
        check_page(page, f"{journey}-checklist-{part}")
        page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Finish assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"with {yes} yes answers")
    page.get_by_role("link", name="Back to the case").click()


@pytest.fixture
def city_council(transactional_db: None) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford City Council",
        slug="city-council",
        kind=AgencyKind.COMMISSIONER,
    )


@pytest.fixture
def commissioner(city_council: Agency) -> User:
    """A contract monitoring officer of the city council (commissioning, partnership figures)."""
    return make_user(
        city_council,
        email="grace.obi@council.example",
        full_name="Grace Obi",
        role=Role.CONTRACT_MONITORING_OFFICER,
    )


@pytest.fixture
def partnership_manager_user(city_council: Agency) -> User:
    """The city council's partnership manager: the strategy, the board, reviews, grants."""
    return make_user(
        city_council,
        email="nadia.osei@council.example",
        full_name="Nadia Osei",
        role=Role.PARTNERSHIP_MANAGER,
    )


@pytest.fixture
def board_member_user(haven: Agency) -> User:
    """A member of the Local Partnership Board from Haven: reads the pack and the papers."""
    return make_user(
        haven,
        email="owen.hale@haven.example",
        full_name="Owen Hale",
        role=Role.BOARD_MEMBER,
    )


# Turning Point's refuge, for the safe accommodation journeys ---------------------------------

#: Where the refuge's first room is: only its own staff may see it, with a reason.
REFUGE_LOCATION = "14 Quarry Lane, Riverford RV3 8QT"


@pytest.fixture
def turning_point(transactional_db: None) -> Agency:
    return create_agency(
        None,  # type: ignore[arg-type]
        name="Turning Point Partnership",
        slug="turning-point",
        kind=AgencyKind.SPECIALIST_DA_PROVIDER,
    )


@pytest.fixture
def riverford_refuge(turning_point: Agency) -> Service:
    return add_service(None, turning_point, name="Riverford refuge", kind=ServiceKind.REFUGE)  # type: ignore[arg-type]


@pytest.fixture
def refuge_worker(turning_point: Agency, riverford_refuge: Service) -> User:
    return make_user(
        turning_point,
        email="dee.okafor@turning-point.example",
        full_name="Dee Okafor",
        role=Role.PRACTITIONER,
        services=[riverford_refuge],
    )


@pytest.fixture
def refuge_rooms(refuge_worker: User, riverford_refuge: Service) -> None:
    """The refuge set up as safe accommodation: Room 1 (3 bed spaces) and Room 2 (2)."""
    refuge = accommodation.save_accommodation(
        refuge_worker,
        riverford_refuge,
        accommodation_type="refuge",
        funding_source="part4_grant",
        commissioned=True,
    )
    accommodation.save_unit(
        refuge_worker, refuge, label="Room 1", bed_spaces=3, location=REFUGE_LOCATION
    )
    accommodation.save_unit(refuge_worker, refuge, label="Room 2", bed_spaces=2, location="Flat 2")


def add_child(page: Page, journey: str, step: str, given: str, **details: str) -> None:
    """On a case page: add one of Sarah Ahmed's children (``born`` or ``age``, ``sex``)."""
    page.get_by_role("button", name="Add a child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a child or young person")
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill("Ahmed")
    if "born" in details:
        fill_date(page, "Date of birth", details["born"])
    if "age" in details:
        page.get_by_label("Approximate age").fill(details["age"])
    page.get_by_label(details["sex"], exact=True).check()
    page.get_by_label("Child of the victim or survivor").check()
    check_page(page, f"{journey}-{step}")
    page.get_by_role("button", name="Add to the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{given} Ahmed is added to the case"
    )
