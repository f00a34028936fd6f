"""Disclosure control over a whole output (DOMAIN §11). Pure Python: no Django.

:mod:`concord.domain.disclosure` protects one table against its own totals. An output such
as the quarterly pack publishes many lines that are linked beyond that: two percentages
share a denominator, a percentage's denominator and its "not known" count add up to all the
records of its source (which another line may count), a suitable/unsuitable split adds up to
the assessments, and the quarters of a year add up to the year to date. A number hidden in
one line can be worked out from the others. Here the whole output is one set of linked
cells:

- **cells**: the published counts, each exact, with its own threshold;
- **unknowns**: figures never published but fixed by the data (the records of a source);
- **relations**: linear equalities and inequalities true of the exact figures, such as
  ``whole = part + part`` or ``part <= whole``. Every name in a relation is a cell or an
  unknown. Every figure is at least 0.

**Protection.** Cells from 1 to their threshold - 1 are hidden (primary suppression, shown
``"<5"``). Then the output is audited as an attacker would: for each cell hidden for being
small, the least and the greatest value it could take are solved by linear programming,
given every shown value (fixed; with rounding to 5, anywhere within 2 of the shown value),
the relations, and every figure being at least 0. While a small cell is *pinned*, the
cheapest further cell related to it is hidden too (shown ``"[c]"``): the one fewest
relations away, not zero if anything else will do, smallest first, preferring one whose
hiding widens the pinned cell's interval; then the output is audited again.

**Pinned.** A small cell hidden with threshold ``t`` is pinned when the attacker's interval
for it is narrower than ``t``: ``max - min < t``. Not pinned means the published figures
allow at least ``t + 1`` whole values for it, as many as the "<t" text alone allows (0 to
t - 1 together with the true value's neighbours), so the other figures tell an attacker no
more than the rule already says. The attacker is assumed not to use the "<t" text itself
(it says the cell is 1 to t - 1, which every small cell says anyway) and to reason over real
numbers: for the sums and differences of counts published here the linear bounds are the
whole-number bounds. Cells hidden only to protect others (``"[c]"``) are not themselves
sensitive (they are 0 or at least ``t``) and may be pinned: the audit of the small cells
already takes whatever can be worked out about them into account.

The audit only re-solves what a change can affect: hiding a cell only widens intervals, so
a small cell once safe stays safe, and the output splits into groups of cells linked by
relations, each protected on its own.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from scipy.optimize import linprog

from concord.domain.disclosure import (
    HIDDEN_TO_PROTECT,
    ROUNDING_BASE,
    STANDARD,
    Cell,
    DisclosureRule,
    Suppression,
)

#: With rounding to 5, a shown value is within this of the exact one.
ROUNDING_SLACK = ROUNDING_BASE // 2
#: How many of the cheapest cells to try, in turn, for one that widens a pinned interval.
CANDIDATES_TRIED = 8
_EPSILON = 1e-6


class Comparison(StrEnum):
    EQUAL = "="  # the sum of the terms is 0
    AT_MOST = "<="  # the sum of the terms is at most 0


@dataclass(frozen=True)
class Relation:
    """``sum(coefficient * figure) = 0`` (or ``<= 0``) over named cells and unknowns."""

    terms: tuple[tuple[str, int], ...]
    comparison: Comparison

    def __post_init__(self) -> None:
        if not self.terms:
            raise ValueError("A relation needs at least one term")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.terms)

    def holds(self, values: Mapping[str, int]) -> bool:
        total = sum(coefficient * values[name] for name, coefficient in self.terms)
        return total == 0 if self.comparison is Comparison.EQUAL else total <= 0


def total_of(whole: str, parts: Iterable[str]) -> Relation:
    """``whole`` is the sum of ``parts`` (a total, parts and their complement, or, with one
    part, the same figure published twice)."""
    return Relation(((whole, 1), *((part, -1) for part in parts)), Comparison.EQUAL)


def at_least_sum_of(whole: str, parts: Iterable[str]) -> Relation:
    """``whole`` is at least the sum of ``parts`` (parts of a whole that has others too)."""
    return Relation(((whole, -1), *((part, 1) for part in parts)), Comparison.AT_MOST)


def at_most_sum_of(whole: str, parts: Iterable[str]) -> Relation:
    """``whole`` is at most the sum of ``parts`` (people over periods: some are in several)."""
    return Relation(((whole, 1), *((part, -1) for part in parts)), Comparison.AT_MOST)


@dataclass
class LinkedOutput:
    """Everything published together: cells, unknowns and the relations between them."""

    rule: DisclosureRule = STANDARD
    counts: dict[str, int] = field(default_factory=dict)
    thresholds: dict[str, int] = field(default_factory=dict)
    unknowns: dict[str, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def add_count(self, name: str, value: int, threshold: int | None = None) -> None:
        """A published count (its exact value); ``threshold`` when not the rule's."""
        _check_value(name, value)
        if name in self.unknowns or self.counts.get(name, value) != value:
            raise ValueError(f"{name} is already in the output with another value")
        if threshold is not None and threshold < 1:
            raise ValueError("A disclosure threshold must be at least 1")
        self.counts[name] = value
        self.thresholds[name] = threshold or self.rule.threshold

    def add_unknown(self, name: str, value: int) -> None:
        """A figure never published (e.g. all the records of a source), exactly."""
        _check_value(name, value)
        if name in self.counts or self.unknowns.get(name, value) != value:
            raise ValueError(f"{name} is already in the output with another value")
        self.unknowns[name] = value

    def relate(self, relation: Relation) -> None:
        """A relation true of the exact figures: a ValueError when it names a figure not in
        the output or does not hold."""
        values = self.counts | self.unknowns
        missing = [name for name in relation.names if name not in values]
        if missing:
            raise ValueError(f"A relation names figures not in the output: {missing}")
        if not relation.holds(values):
            raise ValueError(f"A relation does not hold for the figures: {relation}")
        self.relations.append(relation)

    def relate_if_true(self, relation: Relation) -> bool:
        """``relate`` when every figure is in the output and the relation holds. For
        relations only assumed (an attacker assuming a relation that holds learns no more
        than one who knows it; one that does not hold tells nothing here)."""
        values = self.counts | self.unknowns
        if all(name in values for name in relation.names) and relation.holds(values):
            self.relations.append(relation)
            return True
        return False


def protect(output: LinkedOutput) -> dict[str, Cell]:
    """Every cell of ``output`` as it may be shown, none of its small cells pinned."""
    small = {name for name, value in output.counts.items() if 0 < value < output.thresholds[name]}
    hidden = set(small)
    near = _neighbours(output)
    for group in _linked_groups(output, near):
        relations = [r for r in output.relations if r.names[0] in group]
        _protect_group(_Group(output, group, relations, near), small & group, hidden)
    return {name: _cell(output, name, small, hidden) for name in output.counts}


def shown_value(value: int, rule: DisclosureRule) -> int:
    """The number shown for an exact ``value`` not hidden."""
    if not rule.round_to_five:
        return value
    return (value + ROUNDING_SLACK) // ROUNDING_BASE * ROUNDING_BASE


def _check_value(name: str, value: int) -> None:
    if not name:
        raise ValueError("A figure needs a name")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number, at least 0 (it is {value!r})")


def _cell(output: LinkedOutput, name: str, small: set[str], hidden: set[str]) -> Cell:
    value = output.counts[name]
    if name in small:
        return Cell(value, None, f"<{output.thresholds[name]}", Suppression.SMALL)
    if name in hidden:
        return Cell(value, None, HIDDEN_TO_PROTECT, Suppression.SECONDARY)
    shown = shown_value(value, output.rule)
    return Cell(value, shown, f"{shown:,}", None)


# Groups of linked cells --------------------------------------------------------------------


def _neighbours(output: LinkedOutput) -> dict[str, set[str]]:
    """Each figure's figures in a relation with it."""
    found: dict[str, set[str]] = {name: set() for name in output.counts | output.unknowns}
    for relation in output.relations:
        for name in relation.names:
            found[name].update(relation.names)
    for name, near in found.items():
        near.discard(name)
    return found


def _linked_groups(output: LinkedOutput, near: Mapping[str, set[str]]) -> list[set[str]]:
    """The figures linked by relations, one set per group with a small cell in it."""
    seen: set[str] = set()
    groups = []
    for name in sorted(output.counts):
        if name in seen or not 0 < output.counts[name] < output.thresholds[name]:
            continue
        group = _reachable(name, near)
        seen |= group
        groups.append(group)
    return groups


def _reachable(start: str, near: Mapping[str, set[str]]) -> set[str]:
    found = {start}
    queue = deque([start])
    while queue:
        for name in near[queue.popleft()] - found:
            found.add(name)
            queue.append(name)
    return found


# The audit ----------------------------------------------------------------------------------


_Rows = tuple[list[list[float]], list[float]]  # coefficients and right-hand sides


@dataclass(frozen=True)
class _Problem:
    """The attacker's linear programme over one group of figures."""

    names: tuple[str, ...]
    bounds: tuple[tuple[float, float | None], ...]
    equal: _Rows | None
    at_most: _Rows | None

    def interval(self, name: str) -> tuple[float, float]:
        index = self.names.index(name)
        objective = [0.0] * len(self.names)
        objective[index] = 1.0
        low = self._solve(objective)
        objective[index] = -1.0
        high = self._solve(objective)
        return (low or 0.0, math.inf if high is None else -high)

    def _solve(self, objective: list[float]) -> float | None:
        """The least value of ``objective``, None when unbounded."""
        solved = linprog(
            objective,
            A_ub=self.at_most[0] if self.at_most else None,
            b_ub=self.at_most[1] if self.at_most else None,
            A_eq=self.equal[0] if self.equal else None,
            b_eq=self.equal[1] if self.equal else None,
            bounds=self.bounds,
            method="highs",
        )
        if solved.status == 3:
            return None
        if solved.status != 0:
            raise ArithmeticError(f"The disclosure audit could not be solved: {solved.message}")
        return float(solved.fun)


@dataclass(frozen=True)
class _Group:
    """Figures linked by relations, with their relations, protected on their own."""

    output: LinkedOutput
    names: set[str]
    relations: list[Relation]
    near: Mapping[str, set[str]]


def _problem(group: _Group, hidden: set[str]) -> _Problem:
    output, relations = group.output, group.relations
    names = tuple(sorted(group.names))
    index = {name: position for position, name in enumerate(names)}
    bounds = tuple(_bounds(output, name, hidden) for name in names)

    def matrix(comparison: Comparison) -> _Rows | None:
        chosen = [r for r in relations if r.comparison is comparison]
        if not chosen:
            return None
        rows = [[0.0] * len(names) for _ in chosen]
        for row, relation in zip(rows, chosen, strict=True):
            for name, coefficient in relation.terms:
                row[index[name]] += coefficient
        return rows, [0.0] * len(chosen)

    return _Problem(names, bounds, matrix(Comparison.EQUAL), matrix(Comparison.AT_MOST))


def _bounds(output: LinkedOutput, name: str, hidden: set[str]) -> tuple[float, float | None]:
    if name in output.unknowns or name in hidden:
        return (0.0, None)
    shown = shown_value(output.counts[name], output.rule)
    if not output.rule.round_to_five:
        return (float(shown), float(shown))
    return (float(max(0, shown - ROUNDING_SLACK)), float(shown + ROUNDING_SLACK))


def _pinned(output: LinkedOutput, problem: _Problem, name: str) -> bool:
    low, high = problem.interval(name)
    return high - low < output.thresholds[name] - _EPSILON


def _protect_group(group: _Group, small: set[str], hidden: set[str]) -> None:
    """Hide further cells of ``group`` until none of its ``small`` cells is pinned."""
    output = group.output
    waiting = sorted(small)
    added: list[str] = []
    while waiting:
        problem = _problem(group, hidden)
        waiting = [name for name in waiting if _pinned(output, problem, name)]
        if not waiting:
            break
        chosen = _cheapest_cover(group, waiting[0], hidden)
        if chosen is None:
            break  # everything linked to it is hidden already
        hidden.add(chosen)
        added.append(chosen)
    _show_again_what_is_not_needed(group, small, hidden, added)


def _show_again_what_is_not_needed(
    group: _Group, small: set[str], hidden: set[str], added: list[str]
) -> None:
    """Hiding one cell at a time may hide one that later ones made unneeded: show each
    again, the largest first, where no small cell is then pinned that was not before."""
    output = group.output
    problem = _problem(group, hidden)
    still_pinned = {name for name in small if _pinned(output, problem, name)}
    for name in sorted(added, key=lambda name: (-output.counts[name], name)):
        trial = hidden - {name}
        problem = _problem(group, trial)
        if all(not _pinned(output, problem, cell) for cell in small - still_pinned):
            hidden.discard(name)


def _cheapest_cover(group: _Group, pinned: str, hidden: set[str]) -> str | None:
    """The cell to hide next for ``pinned``: of the cheapest few, the first whose hiding
    widens its interval, else the cheapest."""
    candidates = _candidates(group.output, pinned, group.near, hidden)
    if not candidates:
        return None
    before = _width(_problem(group, hidden), pinned)
    for candidate in candidates[:CANDIDATES_TRIED]:
        widened = _width(_problem(group, hidden | {candidate}), pinned)
        if widened > before + _EPSILON:
            return candidate
    return candidates[0]


def _width(problem: _Problem, name: str) -> float:
    low, high = problem.interval(name)
    return high - low


def _candidates(
    output: LinkedOutput, pinned: str, near: Mapping[str, set[str]], hidden: set[str]
) -> list[str]:
    """The shown cells linked to ``pinned``, cheapest first: non-zero before zero, then
    fewest relations away, then smallest."""
    distance = {pinned: 0}
    queue = deque([pinned])
    while queue:
        name = queue.popleft()
        for other in sorted(near[name] - distance.keys()):
            distance[other] = distance[name] + 1
            queue.append(other)
    shown = [name for name in distance if name in output.counts and name not in hidden]
    return sorted(
        shown,
        key=lambda name: (
            output.counts[name] == 0,
            distance[name],
            output.counts[name],
            name,
        ),
    )
