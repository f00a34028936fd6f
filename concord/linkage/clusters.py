"""Records into clusters (one partnership ID each) from scored pairs and people's decisions.

Pure Python: no Splink, no Django. Automatic links are taken strongest first (Kruskal's
order); a link that would put two records a person has said are different into one cluster
is left out, so the weakest links joining them are the ones cut. A person's "same" decision
always joins, whatever the scores (DOMAIN.md §14: a decision is never overturned).
"""

from __future__ import annotations

from collections.abc import Iterable


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
