import pytest
from hypothesis import given
from hypothesis import strategies as st

from concord.linkage.clusters import (
    AMBIGUOUS,
    ConflictingDecisions,
    cluster,
    hold_ambiguous,
    split_oversized,
)

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


def never(members):
    return False


def test_a_chain_over_the_size_limit_is_split_at_its_weakest_link():
    links = [("a", "b", 0.99), ("b", "c", 0.92), ("c", "d", 0.99)]
    found = cluster("abcd", links, 0.9)
    split = split_oversized(found, links, 0.9, max_size=3, contradicts=never)
    assert split.found == {"a": "a", "b": "a", "c": "c", "d": "c"}
    assert split.cut == [("b", "c", 0.92)]
    assert split.split == 1


def test_a_contradictory_cluster_is_split_even_when_small():
    links = [("a", "b", 0.99), ("c", "b", 0.92)]
    found = cluster("abc", links, 0.9)
    split = split_oversized(
        found, links, 0.9, max_size=20, contradicts=lambda m: "a" in m and "c" in m
    )
    assert split.found == {"a": "a", "b": "a", "c": "c"}
    assert split.cut == [("b", "c", 0.92)]


def test_a_cluster_contradictory_at_the_top_is_broken_but_for_same_decisions():
    links = [("a", "b", 0.9999), ("b", "c", 0.9999)]
    found = cluster("abcd", links, 0.9, same=[("a", "b")])
    split = split_oversized(
        found,
        links,
        0.9,
        max_size=20,
        contradicts=lambda m: "a" in m and "c" in m,
        same=[("a", "b")],
    )
    assert split.found == {"a": "a", "b": "a", "c": "c", "d": "d"}
    assert split.cut == [("b", "c", 0.9999)]


def test_a_large_consistent_cluster_stays():
    links = [("a", "b", 0.9999), ("b", "c", 0.9999), ("c", "d", 0.9999)]
    found = cluster("abcd", links, 0.9)
    split = split_oversized(found, links, 0.9, max_size=2, contradicts=never)
    assert split.found == found
    assert (split.cut, split.split) == ([], 0)


def test_splitting_keeps_held_pairs_apart_and_leaves_good_clusters_alone():
    links = [("a", "b", 0.99), ("b", "c", 0.95), ("x", "y", 0.99)]
    found = cluster("abcxy", links, 0.9)
    split = split_oversized(found, links, 0.9, max_size=2, contradicts=never, apart=[("a", "c")])
    assert split.found["x"] == split.found["y"] == "x"
    assert split.found["a"] == split.found["b"] != split.found["c"]


@given(pairs, st.floats(min_value=0.01, max_value=0.99), st.integers(min_value=1, max_value=4))
def test_split_clusters_are_within_the_limit_or_unsplittable(links, threshold, max_size):
    found = cluster(IDS, links, threshold)
    split = split_oversized(found, links, threshold, max_size=max_size, contradicts=never)
    assert set(split.found) == set(IDS)
    assert all(found[a] == found[b] for a, b in ((r, k) for r, k in split.found.items()))
    assert all(split.found[a] != split.found[b] and p >= threshold for a, b, p in split.cut)


def two_generations(first, second):
    """The household rules of a small world: m (mother) and d (daughter) are two people."""
    return "age_gap" if {first, second} == {"m", "d"} else None


def no_birth_year(record_id, first, second, reason):
    return record_id == "u"


def test_a_record_linked_to_two_people_of_one_household_is_held_with_all_its_links():
    links = [("m", "u", 0.999), ("d", "u", 0.998), ("m", "m2", 0.999), ("u", "z", 0.95)]
    held = hold_ambiguous(
        links, 0.99, {("d", "m"): "age_gap"}, apart=two_generations, blind=no_birth_year
    )
    assert held == {("d", "m"): "age_gap", ("m", "u"): AMBIGUOUS, ("d", "u"): AMBIGUOUS}
    found = cluster(["m", "m2", "d", "u", "z"], links, 0.99, apart=list(held))
    assert found == {"m": "m", "m2": "m", "d": "d", "u": "u", "z": "z"}


def test_the_household_rules_find_two_people_who_were_never_scored():
    links = [("m", "u", 0.999), ("d", "u", 0.998)]
    held = hold_ambiguous(links, 0.99, {}, apart=two_generations, blind=no_birth_year)
    assert set(held) == {("m", "u"), ("d", "u")}


def test_a_record_that_can_tell_the_two_people_apart_is_not_ambiguous():
    links = [("m", "x", 0.999), ("d", "x", 0.998)]
    held = hold_ambiguous(
        links, 0.99, {("d", "m"): "age_gap"}, apart=two_generations, blind=no_birth_year
    )
    assert held == {("d", "m"): "age_gap"}


def test_links_below_the_threshold_or_held_make_no_record_ambiguous():
    below = [("m", "u", 0.999), ("d", "u", 0.98)]
    assert hold_ambiguous(below, 0.99, {}, apart=two_generations, blind=no_birth_year) == {}
    # u's link to d is itself held: u is told apart from d, so it is m's record
    held = {("d", "u"): "twins"}
    links = [("m", "u", 0.999), ("d", "u", 0.999)]
    assert hold_ambiguous(links, 0.99, held, apart=two_generations, blind=no_birth_year) == held


def test_a_record_linked_to_two_records_people_said_are_different_is_held():
    links = [("a", "u", 0.999), ("b", "u", 0.999)]
    held = hold_ambiguous(
        links,
        0.99,
        {},
        apart=lambda first, second: None,
        blind=lambda *args: True,
        different=[("b", "a")],
    )
    assert held == {("a", "u"): AMBIGUOUS, ("b", "u"): AMBIGUOUS}


def test_holding_ambiguous_records_leaves_the_held_pairs_given_alone():
    given = {("d", "m"): "age_gap"}
    hold_ambiguous(
        [("m", "u", 0.999), ("d", "u", 0.999)],
        0.99,
        given,
        apart=two_generations,
        blind=no_birth_year,
    )
    assert given == {("d", "m"): "age_gap"}
