"""Stable partnership IDs (DOMAIN §14): each cluster of records a linkage run finds is one
person, and that person keeps the ID they had in the last run. Pure Python.

For each new cluster, the candidate IDs are those its records carried before, the most
common first (the older ID first when as many records carry each). When a person's records
are split between clusters, the cluster with more of them (then: with the smallest record
key) keeps the old ID and the others take their next candidate or a new ID. When two
people's records meet in one cluster, it keeps the ID of the more records and the other ID
is retired. A cluster of records never seen before gets a new ID.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Assigned:
    ids: dict[str, int]  # record key -> partnership ID
    new: frozenset[int]  # IDs issued by this assignment
    retired: frozenset[int]  # IDs no record carries any more


def assign(
    clusters: Mapping[str, str],
    previous: Mapping[str, int],
    next_id: Callable[[], int],
) -> Assigned:
    """Partnership IDs for every record of ``clusters`` (record key -> cluster key), given
    the IDs of ``previous`` (record key -> ID); ``next_id`` issues a new ID."""
    members: dict[str, list[str]] = defaultdict(list)
    for record, cluster in clusters.items():
        members[cluster].append(record)
    claims = {
        cluster: Counter(previous[record] for record in records if record in previous)
        for cluster, records in members.items()
    }
    chosen = _choose(claims, {cluster: min(records) for cluster, records in members.items()})
    issued: set[int] = set()
    ids: dict[str, int] = {}
    for cluster in sorted(members, key=lambda c: min(members[c])):
        person = chosen.get(cluster)
        if person is None:
            person = next_id()
            issued.add(person)
        for record in members[cluster]:
            ids[record] = person
    carried = set(ids.values())
    retired = {person for person in previous.values() if person not in carried}
    return Assigned(ids, frozenset(issued), frozenset(retired))


def _choose(claims: Mapping[str, Counter[int]], first_record: Mapping[str, str]) -> dict[str, int]:
    """Give each old ID to at most one cluster: the strongest claims are settled first."""
    offers = sorted(
        (
            (-count, person, first_record[cluster], cluster)
            for cluster, counted in claims.items()
            for person, count in counted.items()
        ),
    )
    chosen: dict[str, int] = {}
    taken: set[int] = set()
    for _, person, _, cluster in offers:
        if cluster not in chosen and person not in taken:
            chosen[cluster] = person
            taken.add(person)
    return chosen
