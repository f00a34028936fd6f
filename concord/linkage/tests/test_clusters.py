import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.linkage.clusters import ConflictingDecisions, cluster

IDS = [f"r{number}" for number in range(8)]
record_ids = st.sampled_from(IDS)
pairs = st.lists(
    st.tuples(record_ids, record_ids, st.floats(min_value=0, max_value=1)), max_size=20
)
decisions = st.lists(st.tuples(record_ids, record_ids).filter(lambda p: p[0] != p[1]), max_size=4)


def test_pairs_at_or_above_the_threshold_join_and_the_key_is_the_smallest_id():
    found = cluster(["c", "b", "a", "d"], [("c", "b", 0.95), ("b", "a", 0.9), ("a", "d", 0.4)], 0.9)
    assert found == {"a": "a", "b": "a", "c": "a", "d": "d"}


def test_a_same_decision_joins_whatever_the_score():
    assert cluster(["a", "b"], [("a", "b", 0.1)], 0.9, same=[("a", "b")])["b"] == "a"


def test_a_different_decision_cuts_the_weakest_link_of_a_chain():
    links = [("a", "b", 0.99), ("b", "c", 0.91), ("c", "d", 0.98)]
    found = cluster("abcd", links, 0.9, different=[("a", "d")])
    assert found == {"a": "a", "b": "a", "c": "c", "d": "c"}


def test_contradicting_decisions_are_refused():
    with pytest.raises(ConflictingDecisions):
        cluster("abc", [], 0.9, same=[("a", "b"), ("b", "c")], different=[("a", "c")])


def test_a_pair_naming_an_unknown_record_is_refused():
    with pytest.raises(ValueError, match="not being clustered"):
        cluster(["a"], [("a", "zz", 0.99)], 0.9)


def _consistent(same, different):
    try:
        cluster(IDS, [], 0.5, same=same, different=different)
    except ConflictingDecisions:
        return False
    return True


@given(pairs, st.floats(min_value=0.01, max_value=1), decisions, decisions, st.randoms())
def test_clusters_respect_decisions_and_ignore_pair_order(links, threshold, same, different, rng):
    if not _consistent(same, different):
        return
    found = cluster(IDS, links, threshold, same=same, different=different)
    assert set(found) == set(IDS)
    for key in set(found.values()):
        assert key == min(r for r, k in found.items() if k == key)
        assert found[key] == key
    assert all(found[a] == found[b] for a, b in same)
    assert all(found[a] != found[b] for a, b in different)
    shuffled = [(b, a, p) if rng.random() < 0.5 else (a, b, p) for a, b, p in links]
    rng.shuffle(shuffled)
    assert cluster(IDS, shuffled, threshold, same=same, different=different) == found


@given(pairs, st.floats(min_value=0.01, max_value=1))
def test_without_decisions_linked_records_share_a_cluster(links, threshold):
    found = cluster(IDS, links, threshold)
    assert all(found[a] == found[b] for a, b, p in links if p >= threshold)
