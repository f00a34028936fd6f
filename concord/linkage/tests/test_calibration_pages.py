"""The calibration page (the partnership analyst's only), the run form's values from the
latest calibration, the run page's new facts and the queue's reasons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.core.tests.pages import named
from concord.linkage import services
from concord.linkage.models import Decision, LinkageCalibration, LinkageRun, ReviewPair
from concord.linkage.tests.helpers import run

pytestmark = pytest.mark.django_db
PAGE = reverse("linkage:calibration")
RUNS = reverse("linkage:runs")
QUEUE = reverse("linkage:review")
GOOD = {"threshold": "0.93", "review_floor": "0.6", "max_cluster_size": "12", "note": "April"}


def decided_pairs(reviewer, done, five, count: int) -> None:
    """``count`` decided pairs on the run: the first three "same" at 0.95, the rest
    "different" at 0.7 (a table worked by hand: 3 of 3 above 0.9, 3 of ``count`` from 0.5)."""
    keys = [i.key for i in five]
    pairs = [(keys[i], keys[j]) for i in range(5) for j in range(i + 1, 5)][:count]
    for number, (left, right) in enumerate(pairs):
        same = number < 3
        decision = Decision.objects.create(
            left_id=left, right_id=right, same=same, decided_by=reviewer.user
        )
        ReviewPair.objects.create(
            run=done,
            left_id=left,
            right_id=right,
            probability=0.95 if same else 0.7,
            decision=decision,
        )


def test_with_no_decisions_the_page_says_so_and_offers_the_form(signed_in, analyst):
    page = signed_in(analyst).get(PAGE).content.decode()

    assert "No decisions yet" in page
    assert "<svg" not in page
    assert 'value="0.9"' in page and 'value="20"' in page  # the defaults in force
    assert "None yet: runs use Concord" in page


def test_the_analyst_sees_the_curve_and_its_table(signed_in, analyst, reviewer, five, scored):
    done = run(analyst)
    ReviewPair.objects.all().delete()
    decided_pairs(reviewer, done, five, 5)

    page = signed_in(analyst).get(PAGE).content.decode()

    assert "<svg" in page and 'role="img"' in page
    assert "Figures: precision and recall by threshold" in page
    assert "Only 5 decisions so far: the curve is not yet reliable" in page
    assert "3 of the 5 decided pairs were the same person" in page
    # At 0.5: 3 of 5 linked pairs were the same (60.0%), recall 100.0%; at 0.9: 3 of 3.
    assert "60.0%" in page and "100.0%" in page
    assert not named(page, "Sarah", "Kaur")


def test_the_analyst_chooses_the_thresholds_and_the_next_run_offers_them(signed_in, analyst):
    client = signed_in(analyst)

    saved = client.post(PAGE, GOOD)

    assert saved.status_code == 302 and saved["Location"] == PAGE
    chosen = LinkageCalibration.objects.get()
    assert (chosen.threshold, chosen.review_floor, chosen.max_cluster_size) == (0.93, 0.6, 12)
    assert AuditEvent.objects.filter(action="linkage.calibrated", actor=analyst.user).exists()
    again = client.get(PAGE).content.decode()
    assert "The thresholds are saved" in again
    assert "April" in again  # in the history
    runs_page = client.get(RUNS).content.decode()
    assert 'value="0.93"' in runs_page and 'value="0.6"' in runs_page
    assert 'value="12"' in runs_page


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (GOOD | {"review_floor": "0.95"}, "Start the review band below the threshold"),
        (GOOD | {"threshold": "1.2"}, "Enter the automatic-link threshold from 0.01 to 0.99"),
        (GOOD | {"threshold": "high"}, "Enter the automatic-link threshold as a number"),
        (GOOD | {"max_cluster_size": "1"}, "Enter a largest person of 2 records or more"),
        (GOOD | {"max_cluster_size": ""}, "Enter the largest number of records"),
    ],
)
def test_bad_thresholds_keep_the_values_and_show_the_errors(signed_in, analyst, posted, message):
    response = signed_in(analyst).post(PAGE, posted)

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert f'value="{posted["threshold"]}"' in page
    assert not LinkageCalibration.objects.exists()
    assert not AuditEvent.objects.filter(action="linkage.calibrated").exists()


def test_the_reviewer_and_other_roles_may_not_calibrate(request, signed_in, reviewer):
    for membership in (
        reviewer,
        *(request.getfixturevalue(p) for p in ("idva", "manager_a", "police_rep", "commissioner")),
    ):
        client = signed_in(membership)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, GOOD).status_code == 403
    assert not LinkageCalibration.objects.exists()


def test_the_run_page_and_list_say_which_calibration_and_what_was_held(
    signed_in, analyst, five, scored
):
    services.calibrate(analyst, threshold=0.92, review_floor=0.55, max_cluster_size=7)
    done = run(analyst)
    LinkageRun.objects.filter(pk=done.pk).update(
        model_source="default", model_note="Too few records to train", matches_per_record=0.125
    )
    client = signed_in(analyst)

    page = client.get(reverse("linkage:run", args=[done.pk])).content.decode()
    listing = client.get(RUNS).content.decode()

    for text in (
        "Calibration used",
        "threshold 0.92, review from 0.55",
        "Concord&#x27;s default model",
        "Too few records to train",
        "0.125",
        "Pairs held for review, never linked automatically",
        "Automatic links sampled for checking",
        "7 records",
    ):
        assert text in page, text
    assert reverse("linkage:calibration") in page
    assert "Chosen" in listing and "0.92" in listing and reverse("linkage:calibration") in listing


def test_the_reviewer_sees_the_run_page_without_the_calibration_link(
    signed_in, analyst, reviewer, five, scored
):
    done = run(analyst)

    page = signed_in(reviewer).get(reverse("linkage:run", args=[done.pk])).content.decode()

    assert "Calibration used" in page
    assert reverse("linkage:calibration") not in page


def test_the_queue_shows_why_each_pair_is_there_and_filters_by_it(
    settings, signed_in, analyst, reviewer, five, scored
):
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 1
    run(analyst)
    client = signed_in(reviewer)

    every = client.get(QUEUE).content.decode()
    checks = client.get(QUEUE, {"reason": "check"}).content.decode()
    households = client.get(QUEUE, {"reason": "household"}).content.decode()
    unknown = client.get(QUEUE, {"reason": "nonsense"})

    assert every.count(">Review<") == 2
    assert "Scored in the review band" in every and "A sample of automatic links" in every
    assert checks.count(">Review<") == 1
    assert "No pairs are waiting for review for this reason" in households
    assert unknown.status_code == 200 and unknown.content.decode().count(">Review<") == 2
    checked = ReviewPair.objects.get(reason=ReviewPair.Reason.CHECK)
    pair_page = client.get(reverse("linkage:review-pair", args=[checked.pk])).content.decode()
    assert "Why it is here: a sample of automatic links, to check." in pair_page


def test_the_page_takes_the_same_queries_for_more_decisions(
    signed_in, analyst, reviewer, five, scored
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    done = run(analyst)
    ReviewPair.objects.all().delete()
    client = signed_in(analyst)
    decided_pairs(reviewer, done, five, 2)
    services.calibrate(analyst, threshold=0.9, review_floor=0.5, max_cluster_size=5)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    ReviewPair.objects.all().delete()
    decided_pairs(reviewer, done, five, 10)
    services.calibrate(analyst, threshold=0.92, review_floor=0.5, max_cluster_size=5)

    with CaptureQueriesContext(connection) as more:
        page = client.get(PAGE).content.decode()

    assert "What 10 decisions say" in page
    assert len(more) == len(few)
