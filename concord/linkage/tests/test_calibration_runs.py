"""Calibration in the runs: the reasons pairs are queued for (the review band, households,
people cut from oversized clusters, a check sample of the automatic links), the analyst's
chosen thresholds taken by the next run, and ``calibrate`` itself."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.core.models import AuditEvent
from concord.linkage import clusters, engine, services
from concord.linkage.models import Decision, LinkageCalibration, ReviewPair
from concord.linkage.tests.helpers import FakeScored, FixedScores, person_of, run

pytestmark = pytest.mark.django_db
Reason = ReviewPair.Reason


def _reasons() -> dict[frozenset[str], str]:
    return {
        frozenset((str(p.left_id), str(p.right_id))): p.reason for p in ReviewPair.objects.all()
    }


def _keys(*identities) -> frozenset[str]:
    return frozenset(str(i.key) for i in identities)


def test_every_run_queues_a_check_sample_of_its_automatic_links(settings, analyst, five, scored):
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 1
    a, b, c, d, _ = five

    done = run(analyst)

    reasons = _reasons()
    assert reasons.pop(_keys(a, d)) == Reason.UNCERTAIN
    [(checked, reason)] = reasons.items()  # one of the two automatic links, a-b or b-c
    assert reason == Reason.CHECK and checked in {_keys(a, b), _keys(b, c)}
    assert done.checked_links == 1 and done.to_review == 2


def test_the_check_sample_is_never_larger_than_the_links_nor_holds_a_decided_pair(
    settings, analyst, reviewer, five, scored
):
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 20
    a, b, c, d, _ = five
    Decision.objects.create(left_id=a.key, right_id=b.key, same=True, decided_by=reviewer.user)

    done = run(analyst)

    assert _reasons() == {_keys(a, d): Reason.UNCERTAIN, _keys(b, c): Reason.CHECK}
    assert done.checked_links == 1


def test_the_check_sample_is_the_same_for_the_same_run(settings, analyst, five, scored):
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 1
    done = run(analyst)
    first = _reasons()
    links = [(str(p.left_id), str(p.right_id), p.probability) for p in ReviewPair.objects.all()]
    ReviewPair.objects.all().delete()
    found = {str(i.key): str(five[0].key) for i in five[:3]}
    found |= {str(i.key): str(i.key) for i in five[3:]}
    queue = services.Queue(scored=[*links, *scored_pairs(five)], held={}, cut=[], found=found)

    services._queue_reviews(done, queue, services.decided())

    assert _reasons() == first


def scored_pairs(five):
    return FixedScores(five, {("a", "b"): 0.99, ("b", "c"): 0.95, ("a", "d"): 0.7}).pairs


@pytest.fixture
def household(monkeypatch, settings, five):
    """Sarah's three records as before, and e scored 0.97 with a but held: a daughter."""
    settings.CONCORD_LINKAGE_CHECK_SAMPLE = 0
    monkeypatch.setattr(engine, "train", lambda records, **options: '{"fixed": true}')
    table = {("a", "b"): 0.99, ("b", "c"): 0.95, ("a", "e"): 0.97}
    pairs = FixedScores(five, table).pairs
    held_pair = tuple(sorted((str(five[0].key), str(five[4].key))))

    def score(records, model_json, **options):
        found = FakeScored(pairs)
        found.held = {held_pair: "age_gap"}
        found.placeholders = {"dob": 2, "phone": 1}
        return found

    monkeypatch.setattr(engine, "score", score)
    return held_pair


def test_a_household_pair_is_never_linked_and_goes_to_review(analyst, five, household):
    a, b, _, _, e = five

    done = run(analyst)

    assert person_of(a) == person_of(b)
    assert person_of(e) != person_of(a)
    assert _reasons() == {_keys(a, e): Reason.HOUSEHOLD}
    assert done.held_pairs == 1
    assert done.placeholders == {"dob": 2, "phone": 1}


def test_a_held_pair_decided_different_is_no_wrong_link_in_the_runs_quality(
    analyst, reviewer, five, household
):
    a, b, *_ = five
    run(analyst)
    services.decide(reviewer, ReviewPair.objects.get(reason=Reason.HOUSEHOLD), same=False)
    Decision.objects.create(left_id=a.key, right_id=b.key, same=True, decided_by=reviewer.user)

    again = run(analyst)

    assert (again.labelled_pairs, again.precision, again.recall) == (2, 1.0, 1.0)


def test_a_reviewers_same_decision_overrides_the_household_rule(analyst, reviewer, five, household):
    a, _, _, _, e = five
    Decision.objects.create(left_id=a.key, right_id=e.key, same=True, decided_by=reviewer.user)

    run(analyst)

    assert person_of(e) == person_of(a)
    assert not ReviewPair.objects.exists()


def test_decided_household_pairs_say_nothing_of_a_threshold(analyst, reviewer, five, household):
    """No threshold links a household pair automatically, so its decision is left out of the
    calibration curve; a decided pair of the review band is in it."""
    run(analyst)
    held = ReviewPair.objects.get(reason=Reason.HOUSEHOLD)
    services.decide(reviewer, held, same=False)
    assert services.labelled_pairs() == []

    uncertain = ReviewPair.objects.create(
        run=held.run, left_id=five[2].key, right_id=five[3].key, probability=0.6
    )
    services.decide(reviewer, uncertain, same=False)
    assert services.labelled_pairs() == [(0.6, False)]


def test_pairs_cut_from_an_oversized_person_go_to_review(monkeypatch, analyst, five, scored):
    a, b, c, _, _ = five
    asked = {}

    def split_oversized(found, pairs, threshold, *, max_size, contradicts, **kept):
        asked.update(kept, max_size=max_size, threshold=threshold, contradicts=contradicts)
        # c leaves Sarah's cluster, whose key (its smallest record id) may have been c's.
        rest = min(str(a.key), str(b.key))
        parted = dict(found) | {str(a.key): rest, str(b.key): rest, str(c.key): str(c.key)}
        cut = [(left, right, p) for left, right, p in pairs if _keys(c) & {left, right}]
        return type("Split", (), {"found": parted, "cut": cut, "split": 1})

    monkeypatch.setattr(clusters, "split_oversized", split_oversized, raising=False)

    done = run(analyst, max_cluster_size=2)

    assert person_of(a) == person_of(b) != person_of(c)
    assert _reasons()[_keys(b, c)] == Reason.CLUSTER
    assert done.split_clusters == 1
    assert asked["max_size"] == 2 and asked["threshold"] == 0.9
    assert callable(asked["contradicts"]) and list(asked["apart"]) == []


def test_the_next_run_takes_the_latest_calibration(analyst, five, scored):
    services.calibrate(analyst, threshold=0.96, review_floor=0.6, max_cluster_size=8)
    chosen = services.calibrate(analyst, threshold=0.97, review_floor=0.65, max_cluster_size=9)

    done = run(analyst)

    assert done.calibration == chosen
    assert (done.threshold, done.review_floor, done.max_cluster_size) == (0.97, 0.65, 9)
    a, b, c, _, _ = five
    assert person_of(a) == person_of(b) != person_of(c)  # b-c at 0.95 is below 0.97 now


def test_a_run_with_its_own_values_does_not_claim_the_calibration(analyst, five, scored):
    services.calibrate(analyst, threshold=0.96, review_floor=0.6, max_cluster_size=8)

    done = run(analyst, threshold=0.9)

    assert done.calibration is None
    assert (done.threshold, done.review_floor, done.max_cluster_size) == (0.9, 0.6, 8)


def test_without_a_calibration_runs_take_the_defaults(analyst, five, scored):
    done = run(analyst)

    assert done.calibration is None
    assert (done.threshold, done.review_floor, done.max_cluster_size) == (0.9, 0.5, 20)


def test_calibrating_keeps_the_estimates_at_the_threshold_and_is_audited(
    analyst, reviewer, five, scored
):
    done = run(analyst)
    a, _, _, d, _ = five
    for left, right, same in ((a, d, False),):
        pair = ReviewPair.objects.get(
            left_id__in=[left.key, right.key], right_id__in=[left.key, right.key]
        )
        services.decide(reviewer, pair, same=same)
    extra = ReviewPair.objects.create(
        run=done, left_id=five[1].key, right_id=five[4].key, probability=0.8
    )
    services.decide(reviewer, extra, same=True)

    chosen = services.calibrate(
        analyst, threshold=0.75, review_floor=0.55, max_cluster_size=12, note="  After April  "
    )

    assert chosen.decisions == 2
    assert chosen.precision == 1.0  # only the 0.8 "same" pair is at or above 0.75
    assert chosen.recall == 1.0
    assert chosen.note == "After April" and chosen.chosen_by == analyst.user
    event = AuditEvent.objects.get(action="linkage.calibrated")
    assert event.actor_id == analyst.user.pk and event.object_id == str(chosen.pk)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"threshold": 0.6, "review_floor": 0.7, "max_cluster_size": 5}, "threshold"),
        ({"threshold": 1.0, "review_floor": 0.7, "max_cluster_size": 5}, "threshold"),
        ({"threshold": 0.9, "review_floor": 0.0, "max_cluster_size": 5}, "threshold"),
        ({"threshold": 0.9, "review_floor": 0.5, "max_cluster_size": 1}, "max_cluster_size"),
    ],
)
def test_impossible_thresholds_are_refused(analyst, values, field):
    with pytest.raises(ValidationError) as refused:
        services.calibrate(analyst, **values)

    assert field in refused.value.message_dict
    assert not LinkageCalibration.objects.exists()


def test_only_the_analyst_calibrates(reviewer):
    with pytest.raises(PermissionDenied):
        services.calibrate(reviewer, threshold=0.9, review_floor=0.5, max_cluster_size=5)
    assert not AuditEvent.objects.filter(action="linkage.calibrated").exists()


def test_the_run_keeps_the_prior_its_model_estimated(monkeypatch, analyst, five, scored):
    model = '{"comparisons": [], "concord": {"matches_per_record": 0.42, "records": 5}}'
    monkeypatch.setattr(engine, "train", lambda records, **options: model)

    done = run(analyst)

    assert done.matches_per_record == 0.42


@pytest.mark.parametrize(
    "model",
    ['{"fixed": true}', '{"concord": {}}', '{"concord": {"matches_per_record": "many"}}'],
)
def test_a_model_without_a_prior_says_none(model):
    assert services.model_prior(model) is None
