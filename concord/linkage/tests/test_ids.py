"""Stable partnership IDs: a person keeps their ID across runs; splits and merges settle
deterministically; no ID ever names two people."""

from __future__ import annotations

from itertools import count

from hypothesis import given
from hypothesis import strategies as st

from concord.linkage.ids import assign

records = st.lists(st.text("abcdefgh", min_size=1, max_size=3), min_size=1, unique=True)


def issuer(start: int = 100):
    numbers = count(start)
    return lambda: next(numbers)


@st.composite
def runs(draw):
    """Clusters of some records, and the IDs an earlier run gave some of them."""
    keys = draw(records)
    clusters = {key: draw(st.sampled_from(keys)) for key in keys}
    earlier = draw(st.lists(st.sampled_from(keys), unique=True))
    previous = {key: draw(st.integers(1, 5)) for key in earlier}
    return clusters, previous


@given(runs())
def test_one_id_per_cluster_and_one_cluster_per_id(run):
    clusters, previous = run

    ids = assign(clusters, previous, issuer()).ids

    assert set(ids) == set(clusters)
    by_cluster = {clusters[key]: ids[key] for key in clusters}
    assert all(ids[key] == by_cluster[clusters[key]] for key in clusters)
    assert len(set(by_cluster.values())) == len(by_cluster)


@given(runs())
def test_the_same_clusters_again_keep_every_id(run):
    clusters, previous = run
    first = assign(clusters, previous, issuer()).ids

    again = assign(clusters, first, issuer(1000))

    assert again.ids == first
    assert again.new == frozenset() and again.retired == frozenset()


@given(runs())
def test_an_old_id_only_ever_goes_to_records_that_carried_it(run):
    clusters, previous = run

    result = assign(clusters, previous, issuer())

    for key, person in result.ids.items():
        if person not in result.new:
            holders = {clusters[k] for k in previous if previous[k] == person}
            assert clusters[key] in holders
    assert result.retired == set(previous.values()) - set(result.ids.values())


def test_a_new_record_joins_a_known_person_and_takes_their_id():
    clusters = {"police:1": "A", "health:7": "A", "idva:3": "B"}

    result = assign(clusters, {"police:1": 41}, issuer())

    assert result.ids == {"police:1": 41, "health:7": 41, "idva:3": 100}
    assert result.new == {100}


def test_a_split_leaves_the_old_id_with_the_larger_part():
    previous = {"a": 7, "b": 7, "c": 7}
    clusters = {"a": "a", "b": "a", "c": "c"}

    result = assign(clusters, previous, issuer())

    assert result.ids == {"a": 7, "b": 7, "c": 100}


def test_a_merge_keeps_the_id_of_the_more_records_and_retires_the_other():
    previous = {"a": 9, "b": 7, "c": 7}
    clusters = {"a": "a", "b": "a", "c": "a"}

    result = assign(clusters, previous, issuer())

    assert set(result.ids.values()) == {7}
    assert result.retired == {9}


def test_between_equal_claims_the_older_id_wins():
    result = assign({"a": "a", "b": "a"}, {"a": 12, "b": 5}, issuer())

    assert set(result.ids.values()) == {5}
    assert result.retired == {12}
