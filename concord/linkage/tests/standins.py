"""Stand-ins for helper "engine"'s ``clusters.split_oversized`` and ``households`` (issue 19,
INTERFACE.md) while this branch does not have them: installed by the linkage tests' fixture
only when the real ones are missing. Never imported by Concord's own code."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from concord.linkage import clusters


@dataclass(frozen=True)
class Split:
    found: dict[str, str]
    cut: list[tuple[str, str, float]]
    split: int


def split_oversized(
    found: dict[str, str],
    pairs: list[tuple[str, str, float]],
    threshold: float,
    *,
    max_size: int,
    contradicts: Callable[[list[str]], bool],
    apart: Iterable[tuple[str, str]] = (),
    same: Iterable[tuple[str, str]] = (),
    different: Iterable[tuple[str, str]] = (),
) -> Split:
    """Each cluster over ``max_size`` (or contradictory) clustered again at a threshold half
    way to 1; the pairs at or above the first threshold now between clusters are cut."""
    members: dict[str, list[str]] = {}
    for record, key in found.items():
        members.setdefault(key, []).append(record)
    result, cut, split = dict(found), [], 0
    higher = (1 + threshold) / 2
    for group in members.values():
        if len(group) <= max_size and not contradicts(group):
            continue
        inside = set(group)
        own = [(a, b, p) for a, b, p in pairs if a in inside and b in inside]
        again = clusters.cluster(group, own, higher, apart=apart)
        if len(set(again.values())) > 1:
            split += 1
            result.update(again)
            cut += [(a, b, p) for a, b, p in own if p >= threshold and again[a] != again[b]]
    return Split(result, cut, split)


def never_contradicts(records: object) -> Callable[[list[str]], bool]:
    return lambda group: False


def install(monkeypatch) -> None:
    """Put the stand-ins where the real ones will be, when they are not there yet."""
    import concord.linkage

    if not hasattr(clusters, "split_oversized"):
        monkeypatch.setattr(clusters, "split_oversized", split_oversized, raising=False)
    try:
        import concord.linkage.households
    except ImportError:
        module = types.ModuleType("concord.linkage.households")
        module.contradicts_factory = never_contradicts  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "concord.linkage.households", module)
        monkeypatch.setattr(concord.linkage, "households", module, raising=False)
