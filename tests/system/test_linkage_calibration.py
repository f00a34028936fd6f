"""Journey: a linkage reviewer decides pairs in the queue; the partnership analyst opens the
calibration page, reads the curve and its table, chooses the automatic-link threshold
(after a mistake the error summary explains) and starts a run, whose page shows the
threshold and the calibration it used (issue 19, point 5).

Three hundred synthetic records (with the true person behind each) are sealed in the vault
and linked once by the real engine before the journey; the pairs that run queued are
decided by their truth, as reviewers would have over the weeks before, except a few left
for the reviewer of the journey."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from concord.accounts.models import AgencyKind, Membership, User
from concord.accounts.roles import Role
from concord.accounts.services import create_agency
from concord.linkage import engine
from concord.linkage import services as linkage
from concord.linkage.models import LinkageRun, ReviewPair
from concord.linkage.tests.helpers import identity
from concord.synthetic.households import generate_household_identities
from tests.system.conftest import check_page, follow, make_user, sign_in, sign_in_again, sign_out

pytestmark = pytest.mark.browser
LEFT_FOR_THE_JOURNEY = 3
IDENTIFIERS = engine.COLUMNS[1:]  # every identifier but the record id


@pytest.fixture
def partnership(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    police = create_agency(None, name="Riverford Police", slug="police", kind=AgencyKind.POLICE)  # type: ignore[arg-type]
    health = create_agency(None, name="Riverford Health", slug="health", kind=AgencyKind.HEALTH)  # type: ignore[arg-type]
    council = create_agency(
        None,  # type: ignore[arg-type]
        name="Riverford County Council",
        slug="county-council",
        kind=AgencyKind.COMMISSIONER,
    )
    analyst = make_user(
        council,
        email="harry@council.example",
        full_name="Harry Kaur",
        role=Role.PARTNERSHIP_ANALYST,
    )
    reviewer = make_user(
        council, email="lena@council.example", full_name="Lena Brooks", role=Role.LINKAGE_REVIEWER
    )
    truth: dict[str, str] = {}
    for number, row in enumerate(generate_household_identities(300, seed=19)):
        agency = police if number % 2 else health
        found = identity(agency, row["record_id"], **{k: row[k] for k in IDENTIFIERS})
        truth[str(found.key)] = row["person_id"]
    # A wide review band the first time, so that reviewers see weak pairs as well as strong.
    first = linkage.start_run(
        Membership.objects.get(user=analyst), threshold=0.99, review_floor=0.2
    )
    first.refresh_from_db()
    assert first.status == "done", first.problem
    deciding = Membership.objects.get(user=reviewer)
    waiting = list(ReviewPair.objects.filter(decision__isnull=True))
    assert len(waiting) > 20 + LEFT_FOR_THE_JOURNEY, len(waiting)
    for pair in waiting[LEFT_FOR_THE_JOURNEY:]:
        same = truth[str(pair.left_id)] == truth[str(pair.right_id)]
        linkage.decide(deciding, pair, same=same)
    return {"analyst": analyst, "reviewer": reviewer, "truth": truth}


def decide_by_keyboard(page: Page, same: bool) -> None:
    """Choose the answer and save it with the keyboard alone."""
    answer = "Yes, the same person" if same else "No, different people"
    page.get_by_label(answer).focus()
    page.keyboard.press("Space")
    expect(page.get_by_label(answer)).to_be_checked()
    page.get_by_role("button", name="Save decision").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your decision is saved")


def test_reviewers_decisions_calibrate_the_next_run(page: Page, partnership: dict) -> None:
    journey = "linkage-calibration"
    truth: dict[str, str] = partnership["truth"]
    analyst: User = partnership["analyst"]

    # The reviewer decides the pairs left in the queue, with the keyboard.
    sign_in(page, partnership["reviewer"], journey)
    follow(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Linkage"))
    page.get_by_role("link", name="Review the pairs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pairs to review")
    expect(page.get_by_role("columnheader", name="Why queued")).to_be_visible()
    check_page(page, f"{journey}-01-queue")
    page.get_by_label("Why queued").select_option(label="Scored in the review band")
    follow(page.get_by_role("button", name="Show"))
    check_page(page, f"{journey}-02-queue-filtered")
    page.get_by_label("Why queued").select_option(label="Every reason")
    follow(page.get_by_role("button", name="Show"))
    check_page(page, f"{journey}-02-queue-every-reason")
    follow(page.get_by_role("link", name="Review").first)
    for number in range(LEFT_FOR_THE_JOURNEY):
        expect(page.get_by_role("heading", level=1)).to_have_text("Are these the same person?")
        check_page(page, f"{journey}-03-pair-{number + 1}")
        pair = ReviewPair.objects.get(pk=page.url.rstrip("/").rsplit("/", 1)[1])
        decide_by_keyboard(page, truth[str(pair.left_id)] == truth[str(pair.right_id)])
    expect(page.get_by_role("heading", level=1)).to_have_text("Pairs to review")
    expect(page.locator("main")).to_contain_text("No pairs are waiting for review")
    check_page(page, f"{journey}-03-queue-empty")
    sign_out(page)

    # The analyst reads the curve and its table.
    sign_in_again(page, analyst, journey)
    follow(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Linkage"))
    page.get_by_role("link", name="Calibrate the thresholds from the reviewers' decisions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calibrate the thresholds")
    chart = page.get_by_role(
        "img", name="Precision and recall by threshold, from reviewers' decisions"
    )
    expect(chart).to_be_visible()
    # Household pairs are never linked automatically, so they are not part of the curve.
    decisions = (
        ReviewPair.objects.filter(decision__isnull=False)
        .exclude(reason=ReviewPair.Reason.HOUSEHOLD)
        .count()
    )
    expect(page.locator("main")).to_contain_text(f"What {decisions:,} decisions say")
    page.get_by_text("The figures of the chart, threshold by threshold").click()
    table = page.get_by_role("table", name="Figures: precision and recall by threshold")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="0.5", exact=True)).to_be_visible()
    check_page(page, f"{journey}-04-calibration")

    # A mistake first: the review band above the threshold.
    page.get_by_label("Automatic-link threshold").fill("0.92")
    page.get_by_label("Review from").fill("0.95")
    page.get_by_label("Largest person").fill("10")
    page.get_by_role("button", name="Save the thresholds").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Start the review band below the threshold")
    expect(page.get_by_label("Automatic-link threshold")).to_have_value("0.92")
    check_page(page, f"{journey}-05-calibration-error")
    summary.get_by_role("link", name="Start the review band below the threshold").click()
    expect(page.get_by_label("Review from")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("0.6")
    page.get_by_label("Why these values (optional)").fill("From the first month of decisions")
    page.get_by_role("button", name="Save the thresholds").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the next run uses them")
    history = page.get_by_role("table", name="Earlier choices of the thresholds, latest first")
    expect(history).to_contain_text("From the first month of decisions")
    expect(history).to_contain_text("Harry Kaur")
    check_page(page, f"{journey}-06-calibrated")

    # The next run takes the chosen values.
    page.get_by_role("link", name="Record linkage").click()
    expect(page.get_by_label("Match threshold")).to_have_value("0.92")
    expect(page.get_by_label("Review from")).to_have_value("0.6")
    expect(page.get_by_label("Largest person")).to_have_value("10")
    check_page(page, f"{journey}-07-runs")
    page.get_by_role("button", name="Start the run").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Finished", timeout=180_000)
    main = page.locator("main")
    expect(main).to_contain_text(re.compile(r"Match threshold\s*0\.92"))
    expect(main).to_contain_text(
        re.compile(r"Calibration used\s*Chosen .* by Harry Kaur: threshold 0\.92, review from 0\.6")
    )
    check_page(page, f"{journey}-08-run")
    latest = LinkageRun.objects.first()
    assert latest is not None and latest.calibration is not None
    assert (latest.threshold, latest.review_floor, latest.max_cluster_size) == (0.92, 0.6, 10)
