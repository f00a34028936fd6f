"""From scored pairs to people, the one way a run, ``link_records`` and the benchmark do it.
Pure Python: no Django, no Splink.

Household pairs, and every link of a record that could be either of two people of one
household, are held: never made automatically. So is a link of a record lacking a birth
year or a given name without the person's own evidence (``households.unproven``), unless
other links join the two records. The rest are clustered strongest first with the
reviewers' decisions, and a person too large or holding two generations is clustered again
at a higher threshold, the links cut going to review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from concord.linkage import clusters, households

Pair = tuple[str, str]
#: The reason a pair is held when it lacks the person's own evidence (households.unproven).
UNPROVEN = "unproven"


@dataclass(frozen=True)
class Linked:
    """Every record id's cluster key, the pairs held (with reasons: a household rule,
    ambiguous, or unproven and left in two people), the links cut from people split at a
    higher threshold, and how many people were split."""

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
    require_evidence: bool = True,
) -> Linked:
    """People from ``pairs`` scored by the engine (``held``: the engine's household pairs).
    ``records`` are the engine's records (read once); ``same`` and ``different`` the
    reviewers' decisions, which always win. ``require_evidence`` (the partnership's
    CONCORD_LINKAGE_REQUIRE_EVIDENCE) withholds the unproven pairs' links."""
    rules = households.rules_for(records)
    withheld = _unproven(pairs, threshold, held, rules) if require_evidence else set()
    usable = [pair for pair in pairs if clusters.pair_key(pair[0], pair[1]) not in withheld]
    all_held = clusters.hold_ambiguous(
        usable, threshold, held, apart=rules.apart, blind=rules.blind, different=different
    )
    found = clusters.cluster(
        record_ids, usable, threshold, same=same, different=different, apart=list(all_held)
    )
    parted = clusters.split_oversized(
        found,
        usable,
        threshold,
        max_size=max_size,
        contradicts=rules.contradicts,
        apart=list(all_held),
        same=same,
        different=different,
    )
    apart_still = {
        pair: UNPROVEN for pair in withheld if parted.found[pair[0]] != parted.found[pair[1]]
    }
    return Linked(parted.found, all_held | apart_still, parted.cut, parted.split)


def _unproven(
    pairs: Sequence[tuple[str, str, float]],
    threshold: float,
    held: Mapping[Pair, str],
    rules: households.Rules,
) -> set[Pair]:
    """The pairs at or above the threshold, not held already, that lack the person's own
    evidence."""
    return {
        key
        for first, second, probability in pairs
        if probability >= threshold
        and (key := clusters.pair_key(first, second)) not in held
        and rules.unproven(first, second)
    }
