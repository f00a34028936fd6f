import pytest

from concord.linkage.evaluation import evaluate, true_pairs_from_groups

TRUTH = {("a", "b"), ("c", "d"), ("e", "f")}


def test_pairs_are_measured_as_given_in_either_order():
    quality = evaluate([("b", "a"), ("c", "d"), ("a", "c")], TRUTH)
    assert quality.precision == pytest.approx(2 / 3)
    assert quality.recall == pytest.approx(2 / 3)
    assert quality.f1 == pytest.approx(2 / 3)
    assert quality.blocking_recall is None
    assert (quality.true_pairs, quality.predicted_pairs) == (3, 3)


def test_clusters_are_measured_on_the_pairs_they_imply():
    # a, b, c, d in one cluster imply six pairs, of which two are true.
    clusters = {"a": "a", "b": "a", "c": "a", "d": "a", "e": "e", "f": "f"}
    quality = evaluate(clusters, TRUTH)
    assert quality.predicted_pairs == 6
    assert quality.precision == pytest.approx(2 / 6)
    assert quality.recall == pytest.approx(2 / 3)


def test_blocking_recall_from_pairs_or_from_a_test():
    assert evaluate([], TRUTH, blocked=[("b", "a"), ("x", "y")]).blocking_recall == pytest.approx(
        1 / 3
    )
    assert evaluate([], TRUTH, blocked=lambda a, b: a != "e").blocking_recall == pytest.approx(
        2 / 3
    )


def test_nothing_predicted_is_perfect_precision_and_no_recall():
    quality = evaluate([], TRUTH)
    assert (quality.precision, quality.recall, quality.f1) == (1.0, 0.0, 0.0)


def test_true_pairs_from_groups():
    assert true_pairs_from_groups({"x": "p1", "y": "p1", "z": "p1", "w": "p2"}) == {
        ("x", "y"),
        ("x", "z"),
        ("y", "z"),
    }
