"""The calibration curve from reviewers' decisions, checked against figures worked by hand."""

from __future__ import annotations

import pytest

from concord.linkage.calibration import candidates, curve, wilson

# Five decided pairs: three the same person (0.98, 0.96, 0.80), two not (0.92, 0.60).
FIVE = [(0.98, True), (0.96, True), (0.92, False), (0.80, True), (0.60, False)]


def test_the_wilson_interval_matches_the_worked_figures():
    # 9 of 10: centre (0.9 + 1.96²/20) / (1 + 1.96²/10) = 0.7890, half-width 0.1931.
    nine = wilson(9, 10)
    assert nine is not None
    assert nine.low == pytest.approx(0.5958, abs=1e-4)
    assert nine.high == pytest.approx(0.9821, abs=1e-4)
    # All of 10: the lower bound is 10 / (10 + 1.96²) = 0.7225, the upper bound 1.
    every = wilson(10, 10)
    assert every is not None
    assert every.low == pytest.approx(0.7225, abs=1e-4)
    assert every.high == 1.0
    none = wilson(0, 4)
    assert none is not None and none.low == 0.0
    assert wilson(0, 0) is None


def test_the_wilson_interval_refuses_more_successes_than_trials():
    with pytest.raises(ValueError, match="between 0"):
        wilson(5, 4)


def test_the_candidates_are_the_grid_and_the_scores_in_it():
    found = candidates([0.925, 0.3, 0.995, 0.8])

    assert found[0] == 0.5 and found[-1] == 0.99
    assert 0.925 in found
    assert 0.3 not in found and 0.995 not in found
    assert len(found) == 51  # 50 steps of the grid and 0.925


def test_precision_and_recall_at_each_threshold_are_counted_from_the_decisions():
    found = curve(FIVE)

    lowest = found.at(0.5)
    assert lowest is not None
    assert (lowest.linked, lowest.linked_same, lowest.same) == (5, 3, 3)
    assert lowest.precision == pytest.approx(0.6)
    assert lowest.recall == 1.0
    above_the_wrong_one = found.at(0.81)
    assert above_the_wrong_one is not None
    assert (above_the_wrong_one.linked, above_the_wrong_one.wrong_links) == (3, 1)
    assert above_the_wrong_one.precision == pytest.approx(2 / 3)
    assert above_the_wrong_one.recall == pytest.approx(2 / 3)
    clean = found.at(0.93)
    assert clean is not None and clean.precision == 1.0
    at_a_score = found.at(0.96)  # at or above: the pair scored 0.96 is linked
    assert at_a_score is not None and at_a_score.linked == 2
    top = found.at(0.99)
    assert top is not None
    assert top.linked == 0 and top.precision is None and top.interval is None
    assert top.recall == 0.0


def test_few_decisions_are_said_to_be_unreliable():
    found = curve(FIVE)

    assert found.decisions == 5 and found.same == 3
    assert not found.reliable
    assert found.suggested is None  # five pairs never give a lower bound of 0.95
    assert curve(FIVE * 6).reliable  # thirty decisions: the default minimum
    assert not curve(FIVE * 6, minimum=31).reliable


def test_the_suggestion_is_the_lowest_threshold_whose_lower_bound_reaches_the_target():
    found = curve(FIVE, target=0.3)

    # At 0.60 the five pairs give 3/5, lower bound 0.2307; from 0.61 the four pairs above
    # 0.60 give 3/4, lower bound 0.3006.
    assert found.at(0.6).interval.low == pytest.approx(0.2307, abs=1e-4)
    assert found.suggested is not None
    assert found.suggested.threshold == 0.61
    assert found.suggested.interval.low == pytest.approx(0.3006, abs=1e-4)
    assert found.suggested_floor == 0.56  # no "same" decision below: 0.05 under the threshold


def test_the_review_band_reaches_down_to_the_lowest_same_decision_below_the_suggestion():
    # 80 clean pairs at 0.95 (lower bound 80 / 83.84 = 0.954), one "same" at 0.727 and a
    # "different" at 0.9 just below.
    labelled = [(0.95, True)] * 80 + [(0.9, False), (0.727, True)]

    found = curve(labelled)

    assert found.reliable
    assert found.suggested is not None and found.suggested.threshold == 0.91
    assert found.suggested_floor == 0.72
    lowest = curve([(0.95, True)] * 80 + [(0.2, True)])  # suggested 0.5: the band just under
    assert lowest.suggested is not None and lowest.suggested.threshold == 0.5
    assert lowest.suggested_floor == 0.45


def test_no_decisions_make_an_empty_but_whole_curve():
    found = curve([])

    assert found.decisions == 0 and not found.reliable and found.suggested is None
    assert len(found.points) == 50
    assert all(point.precision is None and point.recall is None for point in found.points)
