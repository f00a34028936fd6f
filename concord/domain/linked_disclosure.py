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
cheapest further cell related to it is hidden too (shown ``"[c]"``): of the shown cells in
a relation with the figures it is linked to, not zero if anything else will do, smallest
first, preferring one whose hiding widens the pinned cell's interval; then the output is
audited again. Last, each cell hidden on the way is shown again, largest first, where that
pins no small cell (checked where at most ``RECHECKED_AT_MOST`` small cells are linked to
it; beyond that it stays hidden).

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

The audit only solves what a change can affect: hiding a cell only widens intervals, so a
small cell once safe is not solved again; and since a value shown exactly is a constant,
a small cell's programme has only the figures linked to it through figures not shown.
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
CANDIDATES_TRIED = 3
#: A cell hidden on the way is shown again only when at most this many small cells need
#: checking (each needs two programmes): beyond that it stays hidden, which is safe.
RECHECKED_AT_MOST = 12
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
    _Audit(output, small, hidden).run()
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


# The audit ----------------------------------------------------------------------------------
#
# A shown value (without rounding) is a constant, so only the figures not shown link one
# relation to another: the attacker's programme for a small cell needs only the figures
# reachable from it through relations over figures not shown (its "component"), the shown
# ones moved to the right-hand side. With rounding every shown value is a variable within
# 2 of it, and links too.


_Rows = tuple[list[list[float]], list[float]]  # coefficients and right-hand sides


class _Audit:
    def __init__(self, output: LinkedOutput, small: set[str], hidden: set[str]) -> None:
        self.output = output
        self.small = small
        self.hidden = hidden
        self.relations_of: dict[str, list[Relation]] = {
            name: [] for name in output.counts | output.unknowns
        }
        for relation in output.relations:
            for name in set(relation.names):
                self.relations_of[name].append(relation)
        self.values = output.counts | output.unknowns
        self.equalities = [r for r in output.relations if r.comparison is Comparison.EQUAL]
        self.known_cache: dict[frozenset[str], set[str]] = {}

    def run(self) -> None:
        """Hide further cells until no small cell is pinned (or nothing linked to it is
        left to hide), then show again those that later ones made unneeded."""
        added: list[str] = []
        waiting = [name for name in sorted(self.small) if self.is_pinned(name, self.hidden)]
        stuck: set[str] = set()
        while open_ := [name for name in waiting if name not in stuck]:
            chosen = self.cheapest_cover(open_[0])
            if chosen is None:
                stuck.add(open_[0])  # everything linked to it is hidden already
                continue
            self.hidden.add(chosen)
            added.append(chosen)
            waiting = [
                name
                for name in waiting
                if chosen not in self.component(name, self.hidden)
                or self.is_pinned(name, self.hidden)
            ]
        self.show_again_what_is_not_needed(added, set(waiting))
        self.hide_all_linked_to_any_still_pinned()

    def hide_all_linked_to_any_still_pinned(self) -> None:
        """The last check: a small cell the steps above left pinned has every cell linked
        to it hidden (a small count is at least 1, so relations among hidden figures alone
        cannot pin it)."""
        for name in sorted(self.small):
            if self.is_pinned(name, self.hidden):
                self.hidden.update(self.candidates(name))

    def cost(self, name: str) -> tuple[bool, int, str]:
        """Cheapest first: not zero before zero, then smallest."""
        value = self.output.counts[name]
        return (value == 0, value, name)

    def known(self, hidden: set[str]) -> set[str]:
        """The figures the attacker knows exactly: those shown (unless rounded), and any
        that an equality gives away with all its other figures known."""
        key = frozenset(hidden)
        if key not in self.known_cache:
            self.known_cache[key] = self._known(hidden)
        return self.known_cache[key]

    def _known(self, hidden: set[str]) -> set[str]:
        if self.output.rule.round_to_five:
            return set()
        found = {name for name in self.output.counts if name not in hidden}
        changed = True
        while changed:
            changed = False
            for relation in self.equalities:
                rest = {name for name in relation.names if name not in found}
                if len(rest) == 1:
                    found |= rest
                    changed = True
        return found

    def varies(self, name: str, hidden: set[str]) -> bool:
        """Whether the attacker does not know ``name`` exactly."""
        return name not in self.known(hidden)

    def component(self, start: str, hidden: set[str]) -> set[str]:
        known = self.known(hidden)
        found = {start}
        queue = deque([start])
        while queue:
            for relation in self.relations_of[queue.popleft()]:
                for name in relation.names:
                    if name not in found and name not in known:
                        found.add(name)
                        queue.append(name)
        return found

    def interval(self, name: str, hidden: set[str]) -> tuple[float, float]:
        if name in self.known(hidden):
            return (float(self.values[name]), float(self.values[name]))
        return self.problem(self.component(name, hidden), hidden).interval(name)

    def is_pinned(self, name: str, hidden: set[str]) -> bool:
        low, high = self.interval(name, hidden)
        return high - low < self.output.thresholds[name] - _EPSILON

    def problem(self, component: set[str], hidden: set[str]) -> _Problem:
        output = self.output
        names = tuple(sorted(component))
        index = {name: position for position, name in enumerate(names)}
        relations = list({id(r): r for name in names for r in self.relations_of[name]}.values())
        rows: dict[Comparison, tuple[list[list[float]], list[float]]] = {
            Comparison.EQUAL: ([], []),
            Comparison.AT_MOST: ([], []),
        }
        for relation in relations:
            row, constant = [0.0] * len(names), 0.0
            for term, coefficient in relation.terms:
                if term in index:
                    row[index[term]] += coefficient
                else:  # known exactly
                    constant += coefficient * self.values[term]
            coefficients, sides = rows[relation.comparison]
            coefficients.append(row)
            sides.append(-constant)
        equal, at_most = rows[Comparison.EQUAL], rows[Comparison.AT_MOST]
        return _Problem(
            names,
            tuple(_bounds(output, name, hidden) for name in names),
            equal if equal[0] else None,
            at_most if at_most[0] else None,
        )

    def cheapest_cover(self, pinned: str) -> str | None:
        """The cell to hide next for ``pinned``: of the cheapest few, the first whose hiding
        widens its interval, else the cheapest."""
        candidates = self.candidates(pinned)
        if not candidates:
            return None
        before = _width(self.interval(pinned, self.hidden))
        for candidate in candidates[:CANDIDATES_TRIED]:
            if _width(self.interval(pinned, self.hidden | {candidate})) > before + _EPSILON:
                return candidate
        return candidates[0]

    def candidates(self, pinned: str) -> list[str]:
        """The shown cells linked to ``pinned``, cheapest first: not zero before zero, then
        fewest relations away, then smallest."""
        counts = self.output.counts
        distance = {pinned: 0}
        queue = deque([pinned])
        while queue:
            name = queue.popleft()
            for relation in self.relations_of[name]:
                for other in relation.names:
                    if other not in distance:
                        distance[other] = distance[name] + 1
                        queue.append(other)
        shown = [name for name in distance if name in counts and name not in self.hidden]
        return sorted(
            shown, key=lambda name: (counts[name] == 0, distance[name], *self.cost(name)[1:])
        )

    def show_again_what_is_not_needed(self, added: list[str], still_pinned: set[str]) -> None:
        """Hiding one cell at a time may hide one that later ones made unneeded: show each
        again, the largest first, where no small cell is then pinned that was not before."""
        counts = self.output.counts
        for name in sorted(added, key=lambda name: (-counts[name], name)):
            affected = (self.component(name, self.hidden) & self.small) - still_pinned
            if len(affected) > RECHECKED_AT_MOST:
                continue  # too dear to check: it stays hidden
            trial = self.hidden - {name}
            if not any(self.is_pinned(cell, trial) for cell in sorted(affected)):
                self.hidden.discard(name)


@dataclass(frozen=True)
class _Problem:
    """The attacker's linear programme over one component."""

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


def _bounds(output: LinkedOutput, name: str, hidden: set[str]) -> tuple[float, float | None]:
    if name in output.unknowns or name in hidden:
        return (0.0, None)
    shown = shown_value(output.counts[name], output.rule)
    if not output.rule.round_to_five:
        return (float(shown), float(shown))
    return (float(max(0, shown - ROUNDING_SLACK)), float(shown + ROUNDING_SLACK))


def _width(interval: tuple[float, float]) -> float:
    low, high = interval
    return high - low
