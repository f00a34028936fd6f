"""Linkage quality against known truth: pairwise precision, recall, F1 and blocking recall.

Pure Python. Measured on pairs of records: when clusters are given, a cluster of n records
implies n(n-1)/2 predicted pairs (its transitive closure), so a wrong link between two large
clusters costs what it should. Counting never lists a cluster's pairs, so a million records
fit in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class Quality:
    precision: float
    recall: float
    f1: float
    blocking_recall: float | None
    true_pairs: int
    predicted_pairs: int

    def as_dict(self, digits: int = 5) -> dict[str, float | int | None]:
        rounded: dict[str, float | int | None] = {
            "precision": round(self.precision, digits),
            "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
        }
        if self.blocking_recall is not None:
            rounded["blocking_recall"] = round(self.blocking_recall, digits)
        return rounded


def ordered(first: str, second: str) -> Pair:
    return (first, second) if first < second else (second, first)


def _pair_set(pairs: Iterable[Pair]) -> set[Pair]:
    return {ordered(first, second) for first, second in pairs if first != second}


def evaluate(
    predicted: Mapping[str, str] | Iterable[Pair],
    true_pairs: Iterable[Pair],
    *,
    blocked: Iterable[Pair] | Callable[[str, str], bool] | None = None,
) -> Quality:
    """Compare predicted links with the true ones.

    ``predicted`` is either clusters (record id to cluster key; measured on the pairs they
    imply) or pairs already cut at a threshold (measured as given). ``blocked`` is the true
    pairs that blocking made candidates; without it blocking recall is None.
    """
    truth = _pair_set(true_pairs)
    if isinstance(predicted, Mapping):
        sizes = Counter(predicted.values())
        predicted_count = sum(size * (size - 1) // 2 for size in sizes.values())
        found = sum(
            1
            for first, second in truth
            if first in predicted and predicted[first] == predicted.get(second)
        )
    else:
        predicted_pairs = _pair_set(predicted)
        predicted_count = len(predicted_pairs)
        found = len(truth & predicted_pairs)
    precision = found / predicted_count if predicted_count else 1.0
    recall = found / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    blocking_recall = None
    if blocked is not None:
        if callable(blocked):
            reached = sum(1 for first, second in truth if blocked(first, second))
        else:
            reached = len(truth & _pair_set(blocked))
        blocking_recall = reached / len(truth) if truth else 1.0
    return Quality(precision, recall, f1, blocking_recall, len(truth), predicted_count)


def true_pairs_from_groups(members: Mapping[str, str]) -> set[Pair]:
    """The true pairs when each record id maps to the id of the person it belongs to."""
    groups: dict[str, list[str]] = {}
    for record_id, person in members.items():
        groups.setdefault(person, []).append(record_id)
    pairs: set[Pair] = set()
    for records in groups.values():
        records.sort()
        pairs.update(
            (first, second)
            for index, first in enumerate(records)
            for second in records[index + 1 :]
        )
    return pairs
