"""The sliding window behind every alert rule (pure Python)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from concord.oversight.watch import Sighting, bursts

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def seen(event_id: int, minute: float, record: str = "", actor: str = "amira") -> Sighting:
    return Sighting(
        event_id, actor, "haven", START + timedelta(minutes=minute), record or f"p{event_id}"
    )


def test_more_than_the_threshold_within_the_window_is_a_burst() -> None:
    found = bursts(
        [seen(i, i) for i in range(1, 5)], more_than=3, minutes=10, distinct_records=True
    )
    assert [burst.event_ids for burst in found] == [[1, 2, 3, 4]]


def test_as_many_as_the_threshold_is_not_a_burst() -> None:
    assert not bursts(
        [seen(i, i) for i in range(1, 4)], more_than=3, minutes=10, distinct_records=True
    )


def test_the_same_events_spread_beyond_the_window_are_not_a_burst() -> None:
    sightings = [seen(i, i * 10) for i in range(1, 10)]
    assert not bursts(sightings, more_than=3, minutes=10, distinct_records=True)


def test_the_same_record_opened_again_counts_once_when_records_are_distinct() -> None:
    sightings = [seen(i, i, record="p1") for i in range(1, 10)]
    assert not bursts(sightings, more_than=3, minutes=10, distinct_records=True)
    assert bursts(sightings, more_than=3, minutes=10, distinct_records=False)


def test_events_that_keep_it_firing_join_one_burst_and_a_later_one_starts_another() -> None:
    sightings = [seen(i, i) for i in range(1, 8)] + [seen(i, 60 + i) for i in range(8, 13)]
    found = bursts(sightings, more_than=3, minutes=10, distinct_records=True)
    assert [burst.event_ids for burst in found] == [list(range(1, 8)), list(range(8, 13))]


def test_each_user_is_judged_alone() -> None:
    sightings = [seen(i, i, actor="amira" if i % 2 else "beth") for i in range(1, 9)]
    assert not bursts(sightings, more_than=4, minutes=10, distinct_records=True)


def test_a_burst_fires_only_on_events_not_judged_before() -> None:
    sightings = [seen(i, i) for i in range(1, 6)]
    assert not bursts(sightings, more_than=3, minutes=10, distinct_records=True, new_after=5)
    found = bursts(sightings, more_than=3, minutes=10, distinct_records=True, new_after=4)
    assert found[0].event_ids == [1, 2, 3, 4, 5]


@given(st.lists(st.floats(min_value=0, max_value=600), max_size=40), st.integers(0, 10))
def test_every_burst_holds_more_than_the_threshold(minutes: list[float], more_than: int) -> None:
    sightings = [seen(i, minute) for i, minute in enumerate(minutes, start=1)]
    for burst in bursts(sightings, more_than=more_than, minutes=10, distinct_records=True):
        assert len(burst.event_ids) > more_than
