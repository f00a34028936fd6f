"""Which records are the same person, from links between pairs of records (DOMAIN §14).
Pure Python: no Django.

Concord's own records are not in record linkage yet (issue 19), so a figure that counts
people across services joins records only where a link says so, e.g. an accepted referral
joins the referring service's record of a person to the record the receiving service made.
Links chain: records joined through any record, counted or not, are one person."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from typing import TypeVar

R = TypeVar("R", bound=Hashable)


def representatives(links: Iterable[tuple[R, R]], counted: Collection[R]) -> dict[R, R]:
    """For each ``counted`` record joined (through any chain of links) to another counted
    record: the record its person is counted by, the least counted record of the group.
    Records not joined to another counted record are left out: each counts as itself."""
    parent: dict[R, R] = {}

    def find(record: R) -> R:
        root = parent.setdefault(record, record)
        while parent[root] != root:
            root = parent[root]
        while parent[record] != root:  # path compression
            parent[record], record = root, parent[record]
        return root

    for first, second in links:
        first_root, second_root = find(first), find(second)
        if first_root != second_root:
            parent[second_root] = first_root
    groups: dict[R, list[R]] = {}
    for record in counted:
        if record in parent:
            groups.setdefault(find(record), []).append(record)
    found: dict[R, R] = {}
    for members in groups.values():
        if len(members) > 1:
            least = min(members)  # type: ignore[type-var]
            found.update((member, least) for member in members)
    return found
