"""How good each threshold would be, judged by the reviewers' decisions (issue 19, point 5).

Pure Python: no Django. A labelled pair is a pair some run scored, with a reviewer's
decision: the same person or not. For a candidate threshold, the pairs scored at or above it
are the ones it would link: precision is the share of those a reviewer found to be the same
person (with a 95% Wilson interval, honest about small counts), recall the share of all the
"same" decisions it would link. The labelled pairs are not a random sample of every pair:
the review band's pairs and a check sample of the automatic links (``ReviewPair.Reason``),
so the figures are estimates for the partnership's analyst to judge, never a guarantee.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

Z_95 = 1.959963984540054  # the normal quantile for a two-sided 95% interval
DEFAULT_TARGET = 0.95
DEFAULT_MINIMUM_DECISIONS = 30
LOWEST, HIGHEST = 50, 99  # the grid of candidate thresholds, in hundredths


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson(successes: int, trials: int, z: float = Z_95) -> Interval | None:
    """The Wilson score interval of a share: sound near 0 and 1 and for few trials, where
    the usual "plus or minus" interval is not. None when there are no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError("Successes must be between 0 and the number of trials")
    share = successes / trials
    z2 = z * z
    centre = (share + z2 / (2 * trials)) / (1 + z2 / trials)
    spread = z * math.sqrt(share * (1 - share) / trials + z2 / (4 * trials * trials))
    spread /= 1 + z2 / trials
    low = 0.0 if successes == 0 else max(0.0, centre - spread)
    high = 1.0 if successes == trials else min(1.0, centre + spread)
    return Interval(low, high)


@dataclass(frozen=True)
class Point:
    """One candidate threshold and what the decisions say of it."""

    threshold: float
    linked: int  # labelled pairs scored at or above it
    linked_same: int  # of those, decided the same person
    same: int  # every "same" decision
    precision: float | None  # None when it links no labelled pair
    interval: Interval | None
    recall: float | None  # None when nobody has said "same" yet

    @property
    def wrong_links(self) -> int:
        return self.linked - self.linked_same


@dataclass(frozen=True)
class Curve:
    points: tuple[Point, ...]
    decisions: int
    same: int
    reliable: bool  # enough decisions to trust the curve
    minimum: int
    target: float
    suggested: Point | None  # the lowest threshold whose precision's lower bound reaches target
    suggested_floor: float | None  # where the review band should start

    def at(self, threshold: float) -> Point | None:
        """The point at ``threshold`` (to two decimals), if the curve has it."""
        wanted = round(threshold, 2)
        return next((p for p in self.points if round(p.threshold, 2) == wanted), None)


def candidates(scores: Iterable[float]) -> list[float]:
    """0.50 to 0.99 by 0.01, and each score of a labelled pair in that range (a threshold
    just at a score is where the figures change)."""
    grid = {step / 100 for step in range(LOWEST, HIGHEST + 1)}
    grid |= {round(s, 4) for s in scores if LOWEST / 100 <= s <= HIGHEST / 100}
    return sorted(grid)


def curve(
    labelled: Iterable[tuple[float, bool]],
    *,
    target: float = DEFAULT_TARGET,
    minimum: int = DEFAULT_MINIMUM_DECISIONS,
) -> Curve:
    """The curve from ``(probability, same)`` pairs, one per decided pair, with the
    suggested threshold and review band."""
    pairs = [(float(p), bool(same)) for p, same in labelled]
    same_total = sum(1 for _, same in pairs if same)
    points = tuple(
        _point(threshold, pairs, same_total) for threshold in candidates(p for p, _ in pairs)
    )
    suggested = next(
        (p for p in points if p.interval is not None and p.interval.low >= target), None
    )
    return Curve(
        points=points,
        decisions=len(pairs),
        same=same_total,
        reliable=len(pairs) >= minimum,
        minimum=minimum,
        target=target,
        suggested=suggested,
        suggested_floor=None if suggested is None else _floor(suggested, pairs),
    )


def at_threshold(labelled: Iterable[tuple[float, bool]], threshold: float) -> Point:
    """What the decisions say of one threshold (the one an analyst chose, say)."""
    pairs = [(float(p), bool(same)) for p, same in labelled]
    return _point(threshold, pairs, sum(1 for _, same in pairs if same))


def _point(threshold: float, pairs: list[tuple[float, bool]], same_total: int) -> Point:
    linked = [same for p, same in pairs if p >= threshold]
    linked_same = sum(linked)
    return Point(
        threshold=threshold,
        linked=len(linked),
        linked_same=linked_same,
        same=same_total,
        precision=linked_same / len(linked) if linked else None,
        interval=wilson(linked_same, len(linked)),
        recall=linked_same / same_total if same_total else None,
    )


def _floor(suggested: Point, pairs: list[tuple[float, bool]]) -> float:
    """The review band starts at the lowest score of a "same" decision below the suggested
    threshold (no such pair would have gone unreviewed), at least 0.05 below the threshold
    and, when the threshold allows, not below 0.5."""
    below = [p for p, same in pairs if same and p < suggested.threshold]
    highest_floor = suggested.threshold - 0.05
    wanted = min([*below, highest_floor])
    floor = max(LOWEST / 100, math.floor(round(wanted * 100, 6)) / 100)
    return round(floor if floor < suggested.threshold else highest_floor, 2)
