"""Records into clusters (one partnership ID each) from scored pairs and people's decisions.

Pure Python: no Splink, no Django. Automatic links are taken strongest first (Kruskal's
order); a link that would put two records a person has said are different into one cluster
is left out, so the weakest links joining them are the ones cut. A person's "same" decision
always joins, whatever the scores (DOMAIN.md §14: a decision is never overturned).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


class ConflictingDecisions(ValueError):
    """People's decisions contradict each other: "same" chains join a "different" pair."""


class _Clusters:
    """Union-find over record ids, remembering which records each cluster must stay apart from."""

    def __init__(self, record_ids: Iterable[str]) -> None:
        self.parent = {record_id: record_id for record_id in record_ids}
        self.apart: dict[str, set[str]] = {}

    def find(self, record_id: str) -> str:
        root = record_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[record_id] != root:  # path compression
            self.parent[record_id], record_id = root, self.parent[record_id]
        return root

    def kept_apart(self, first: str, second: str) -> bool:
        smaller, larger = sorted((first, second), key=lambda root: len(self.apart.get(root, ())))
        return any(self.find(other) == larger for other in self.apart.get(smaller, ()))

    def join(self, first: str, second: str) -> None:
        first, second = self.find(first), self.find(second)
        if first == second:
            return
        if len(self.apart.get(first, ())) < len(self.apart.get(second, ())):
            first, second = second, first
        self.parent[second] = first
        if second in self.apart:
            self.apart.setdefault(first, set()).update(self.apart.pop(second))

    def keep_apart(self, first: str, second: str) -> None:
        self.apart.setdefault(self.find(first), set()).add(second)
        self.apart.setdefault(self.find(second), set()).add(first)


def cluster(
    record_ids: Iterable[str],
    pairs: Iterable[tuple[str, str, float]],
    threshold: float,
    *,
    same: Iterable[tuple[str, str]] = (),
    different: Iterable[tuple[str, str]] = (),
    apart: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """Map every record id to its cluster key: the smallest record id in its cluster.

    Clusters are the connected components of the pairs scored at or above ``threshold``,
    plus every ``same`` pair, with no ``different`` pair inside one cluster. ``apart`` pairs
    (two people of one household) are kept apart by automatic links like ``different``
    ones, but a person's ``same`` decision overrides them. Raises ConflictingDecisions when
    the ``same`` decisions alone join a ``different`` pair, and ValueError for a pair naming
    a record not in ``record_ids``.
    """
    clusters = _Clusters(record_ids)
    known = clusters.parent

    def checked(first: str, second: str) -> tuple[str, str]:
        for record_id in (first, second):
            if record_id not in known:
                raise ValueError(
                    f"A pair names a record that is not being clustered: {record_id!r}"
                )
        return first, second

    for first, second in same:
        clusters.join(*checked(first, second))
    for first, second in different:
        first, second = checked(first, second)
        if clusters.find(first) == clusters.find(second):
            raise ConflictingDecisions("A 'different' decision contradicts 'same' decisions")
        clusters.keep_apart(first, second)
    for first, second in apart:
        first, second = checked(first, second)
        if clusters.find(first) != clusters.find(second):
            clusters.keep_apart(first, second)

    links: list[tuple[float, str, str]] = []
    for first, second, probability in pairs:
        if probability >= threshold and first != second:
            first, second = sorted(checked(first, second))
            links.append((-probability, first, second))
    links.sort()  # strongest first; ties in record id order, whatever order pairs came in
    for _, first, second in links:
        first_root, second_root = clusters.find(first), clusters.find(second)
        if first_root != second_root and not clusters.kept_apart(first_root, second_root):
            clusters.join(first_root, second_root)

    smallest: dict[str, str] = {}
    for record_id in known:
        root = clusters.find(record_id)
        if root not in smallest or record_id < smallest[root]:
            smallest[root] = record_id
    return {record_id: smallest[clusters.find(record_id)] for record_id in known}


@dataclass(frozen=True)
class Split:
    """Clusters after oversized or contradictory ones were split.

    ``found`` maps every record id to its cluster key (the smallest id in its cluster);
    ``cut`` are the pairs scored at or above the threshold that now lie between two
    clusters, lower id first (for a person to review); ``split`` is how many clusters were
    split.
    """

    found: dict[str, str]
    cut: list[tuple[str, str, float]]
    split: int


#: How many times a cluster is re-clustered, each time halfway from the last threshold to 1.
SPLIT_ROUNDS = 4

Pair = tuple[str, str]


def split_oversized(
    found: dict[str, str],
    pairs: list[tuple[str, str, float]],
    threshold: float,
    *,
    max_size: int,
    contradicts: Callable[[list[str]], bool],
    apart: Iterable[Pair] = (),
    same: Iterable[Pair] = (),
    different: Iterable[Pair] = (),
) -> Split:
    """Split the clusters no real person makes: more than ``max_size`` records, or records
    that ``contradicts`` says are two people (a parent and child chained together).

    Such a cluster is clustered again from its own pairs at a higher threshold (halfway to
    1), up to SPLIT_ROUNDS times, until each part is small enough and consistent. A part
    still contradictory at the last round is broken into its records (held together only
    by people's "same" decisions); one merely large but consistent stays as it is. The
    pairs at or above ``threshold`` that end up between parts are ``cut``, to be reviewed.
    """
    groups: dict[str, list[str]] = {}
    for record_id, key in found.items():
        groups.setdefault(key, []).append(record_id)
    splitter = _Splitter(threshold, max_size, contradicts, same, different, apart)
    wrong = {key for key, group in groups.items() if splitter.wrong(group)}
    internal: dict[str, list[tuple[str, str, float]]] = {key: [] for key in wrong}
    for first, second, probability in pairs:
        owner = found.get(first)
        if owner is not None and owner in internal and found.get(second) == owner:
            internal[owner].append((first, second, probability))
    result = dict(found)
    split = 0
    for key in wrong:
        parts = splitter.parts(groups[key], internal[key])
        split += len(parts) > 1
        for part in parts:
            key = min(part)
            result.update((record_id, key) for record_id in part)
    cut = sorted(
        _ordered(first, second, probability)
        for first, second, probability in pairs
        if probability >= threshold
        and found.get(first) == found.get(second)
        and result.get(first) != result.get(second)
    )
    return Split(result, cut, split)


def _ordered(first: str, second: str, probability: float) -> tuple[str, str, float]:
    return (first, second, probability) if first < second else (second, first, probability)


class _Splitter:
    """Re-clusters one wrong cluster at rising thresholds (see ``split_oversized``)."""

    def __init__(
        self,
        threshold: float,
        max_size: int,
        contradicts: Callable[[list[str]], bool],
        same: Iterable[Pair],
        different: Iterable[Pair],
        apart: Iterable[Pair],
    ) -> None:
        self.threshold = threshold
        self.max_size, self.contradicts = max_size, contradicts
        self.same, self.different, self.apart = list(same), list(different), list(apart)

    def wrong(self, group: list[str]) -> bool:
        return len(group) > 1 and (len(group) > self.max_size or self.contradicts(sorted(group)))

    def parts(self, group: list[str], internal: list[tuple[str, str, float]]) -> list[list[str]]:
        pending, done = [(group, self.threshold, 0)], []
        while pending:
            part, level, rounds = pending.pop()
            if not self.wrong(part):
                done.append(part)
            elif rounds < SPLIT_ROUNDS:
                higher = (level + 1) / 2
                pending.extend(
                    (piece, higher, rounds + 1) for piece in self._recluster(part, internal, higher)
                )
            elif self.contradicts(sorted(part)):
                # Still two people at the top: each record alone, but for "same" decisions.
                done.extend(self._recluster(part, [], 1.0))
            else:
                done.append(part)  # large, but nothing says it is more than one person
        return done

    def _recluster(
        self, part: list[str], internal: list[tuple[str, str, float]], level: float
    ) -> list[list[str]]:
        inside = set(part)
        found = cluster(
            part,
            [(a, b, p) for a, b, p in internal if a in inside and b in inside],
            level,
            same=_within(inside, self.same),
            different=_within(inside, self.different),
            apart=_within(inside, self.apart),
        )
        pieces: dict[str, list[str]] = {}
        for record_id, key in found.items():
            pieces.setdefault(key, []).append(record_id)
        return list(pieces.values())


def _within(inside: set[str], pairs: Iterable[Pair]) -> list[Pair]:
    return [(first, second) for first, second in pairs if first in inside and second in inside]


#: The reason a pair is held when one of its records is ambiguous (see ``hold_ambiguous``).
AMBIGUOUS = "ambiguous"


def hold_ambiguous(
    pairs: Iterable[tuple[str, str, float]],
    threshold: float,
    held: Mapping[Pair, str],
    *,
    apart: Callable[[str, str], str | None],
    blind: Callable[[str, str, str, str], bool],
    different: Iterable[Pair] = (),
) -> dict[Pair, str]:
    """``held`` with every automatic link of an ambiguous record held too (reason AMBIGUOUS).

    A record is ambiguous when its automatic links (pairs at or above ``threshold`` not
    themselves held or apart) reach two records that are two people — a held pair, a
    person's "different" decision, or ``apart`` (the household rules) — and the record
    could be either (``blind(record, first, second, reason)``: a mother's or a daughter's
    record with no date of birth; a twin's with no given name). It is linked to neither
    automatically and its pairs go to review, so no chain runs through it.
    """
    kept = dict(held)
    refused = {pair_key(first, second): "different" for first, second in different}

    def reason(first: str, second: str) -> str | None:
        key = pair_key(first, second)
        return kept.get(key) or refused.get(key) or apart(first, second)

    links: dict[str, list[str]] = {}
    strong: list[Pair] = []
    for first, second, probability in pairs:
        if probability >= threshold and first != second and reason(first, second) is None:
            links.setdefault(first, []).append(second)
            links.setdefault(second, []).append(first)
            strong.append(pair_key(first, second))
    ambiguous = {
        record_id
        for record_id, linked in links.items()
        if _reaches_two_people(record_id, linked, reason, blind)
    }
    for pair in strong:
        if pair[0] in ambiguous or pair[1] in ambiguous:
            kept[pair] = AMBIGUOUS
    return kept


def _reaches_two_people(
    record_id: str,
    linked: list[str],
    reason: Callable[[str, str], str | None],
    blind: Callable[[str, str, str, str], bool],
) -> bool:
    """Whether two of a record's automatic links are two people it could be either of."""
    for index, first in enumerate(linked):
        for second in linked[index + 1 :]:
            why = reason(first, second)
            if why is not None and blind(record_id, first, second, why):
                return True
    return False


def pair_key(first: str, second: str) -> Pair:
    """The pair in one order, lower id first."""
    return (first, second) if first < second else (second, first)
