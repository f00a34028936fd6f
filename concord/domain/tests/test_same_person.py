from hypothesis import given
from hypothesis import strategies as st

from concord.domain.same_person import representatives


def test_records_joined_through_an_uncounted_record_are_one_person():
    # a help point's record referred on to a refuge and to second-stage accommodation
    links = [("help", "refuge"), ("help", "second")]
    assert representatives(links, {"refuge", "second"}) == {"refuge": "refuge", "second": "refuge"}


def test_a_record_joined_to_no_other_counted_record_is_left_out():
    assert representatives([("help", "refuge")], {"refuge", "other"}) == {}


def test_chains_and_cycles_end_in_one_group():
    links = [("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")]
    found = representatives(links, {"a", "c", "x", "y"})
    assert found == {"a": "a", "c": "a", "x": "x", "y": "x"}


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), max_size=30))
def test_each_group_counts_once(links):
    counted = set(range(0, 21, 2))
    found = representatives(links, counted)
    people = {found.get(record, record) for record in counted}
    # the number of people is the number of groups among the counted records
    groups: list[set[int]] = [{record} for record in range(21)]
    for first, second in links:
        a = next(g for g in groups if first in g)
        b = next(g for g in groups if second in g)
        if a is not b:
            groups.remove(b)
            a |= b
    assert len(people) == sum(1 for group in groups if group & counted)
