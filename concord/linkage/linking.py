"""From scored pairs to people, the one way a run, ``link_records`` and the benchmark do it.
Pure Python: no Django, no Splink.

Household pairs, and every link of a record that could be either of two people of one
household, are held: never made automatically. The rest are clustered strongest first with
the reviewers' decisions, and a person too large or holding two generations is clustered
again at a higher threshold, the links cut going to review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from concord.linkage import clusters, households

Pair = tuple[str, str]


@dataclass(frozen=True)
class Linked:
    """Every record id's cluster key, the pairs held (with reasons), the links cut from
    people split at a higher threshold, and how many people were split."""

    found: dict[str, str]
    held: dict[Pair, str]
    cut: list[tuple[str, str, float]]
    split: int


def link(
    record_ids: Sequence[str],
    records: Iterable[Mapping[str, Any]],
    pairs: Sequence[tuple[str, str, float]],
    held: Mapping[Pair, str],
    threshold: float,
    *,
    max_size: int,
    same: Sequence[Pair] = (),
    different: Sequence[Pair] = (),
) -> Linked:
    """People from ``pairs`` scored by the engine (``held``: the engine's household pairs).
    ``records`` are the engine's records (read once); ``same`` and ``different`` the
    reviewers' decisions, which always win."""
    rules = households.rules_for(records)
    all_held = clusters.hold_ambiguous(
        pairs, threshold, held, apart=rules.apart, blind=rules.blind, different=different
    )
    found = clusters.cluster(
        record_ids, pairs, threshold, same=same, different=different, apart=list(all_held)
    )
    parted = clusters.split_oversized(
        found,
        list(pairs),
        threshold,
        max_size=max_size,
        contradicts=rules.contradicts,
        apart=list(all_held),
        same=same,
        different=different,
    )
    return Linked(parted.found, all_held, parted.cut, parted.split)
