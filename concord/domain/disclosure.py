"""Disclosure control for figures that leave a service (DOMAIN §11). Pure Python: no Django.

A table of counts is published with its row, column and grand totals. Three steps keep
small groups of people from being picked out:

1. **Small numbers.** A count from 1 to ``threshold - 1`` (a cell or a total) is hidden and
   shown as ``"<5"`` (or ``"<10"`` for the most sensitive breakdowns). Zero is shown as 0:
   as in UK official statistics, a zero says nobody and points at no one; hiding zeros would
   only make every table harder to read.
2. **Secondary suppression.** A hidden number must not be recoverable by subtraction from
   the totals. Each line of the table (a row with its total, a column with its total, the
   row of column totals with the grand total...) is one sum; a line with exactly one hidden
   number gives it away, and so can a chain of lines. The hidden numbers are the edges of a
   graph between rows and columns: a hidden number is recoverable exactly when its edge is a
   bridge (on no cycle). So, until no bridge is left, the cheapest further numbers that put
   a bridge on a cycle are hidden too ("the next smallest" in its row and column, usually),
   shown as ``"[c]"``. Zeros are chosen only when nothing else will do: hiding a zero beside
   a small number barely hides it.
3. **Rounding** (optional): every number still shown is rounded to the nearest 5 (0 stays 0);
   totals are rounded on their own, so they may not add up.

Percentages are worked out from the numbers as shown (so rounding cannot be undone) and
are hidden, ``"[c]"``, when their numerator or denominator is. The denominator is the
records where the item is *known*; the caller reports the number not known beside it
(DOMAIN §7). Reports show whole percentages rounded half up; exports use the exact value.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

SMALL_NUMBER_THRESHOLD = 5
SENSITIVE_THRESHOLD = 10  # the most sensitive breakdowns
HIDDEN_TO_PROTECT = "[c]"  # as in UK official statistics: "confidential"
NOT_APPLICABLE = "[z]"  # a percentage of nothing
ROUNDING_BASE = 5

Position = tuple[int, int]


class Suppression(StrEnum):
    SMALL = "small"  # 1 to threshold - 1
    SECONDARY = "secondary"  # hidden so that a small number cannot be worked out


@dataclass(frozen=True)
class DisclosureRule:
    threshold: int = SMALL_NUMBER_THRESHOLD
    round_to_five: bool = False

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("The disclosure threshold must be at least 1")

    @property
    def small_text(self) -> str:
        return f"<{self.threshold}"

    def is_small(self, count: int) -> bool:
        return 0 < count < self.threshold


STANDARD = DisclosureRule()


@dataclass(frozen=True)
class Cell:
    """One published count: ``value`` is the exact count (never to be shown when
    ``suppressed``), ``shown`` the number that may be shown (rounded when the rule rounds;
    None when hidden) and ``text`` what to print."""

    value: int
    shown: int | None
    text: str
    suppressed: Suppression | None

    @property
    def is_hidden(self) -> bool:
        return self.suppressed is not None


@dataclass(frozen=True)
class ProtectedTable:
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    total: Cell


@dataclass(frozen=True)
class ProtectedSeries:
    cells: tuple[Cell, ...]
    total: Cell


# Percentages -------------------------------------------------------------------------------


def round_half_up(value: Fraction) -> int:
    """The nearest whole number, halves going up (12.5 -> 13, 2.5 -> 3), unlike Python's
    round(), which goes to the even neighbour."""
    return math.floor(value + Fraction(1, 2))


@dataclass(frozen=True)
class Percentage:
    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.denominator <= 0:
            raise ValueError("A percentage needs a denominator above 0")

    @property
    def exact(self) -> Fraction:
        """For exports."""
        return Fraction(100 * self.numerator, self.denominator)

    @property
    def whole(self) -> int:
        """For reports: rounded half up to a whole number."""
        return round_half_up(self.exact)

    @property
    def text(self) -> str:
        return f"{self.whole}%"


def percentage(numerator: int, denominator: int) -> Percentage | None:
    """``numerator`` of ``denominator`` (the records where the item is known) as a
    percentage; None when nothing is known."""
    return Percentage(numerator, denominator) if denominator else None


@dataclass(frozen=True)
class ProtectedPercentage:
    percentage: Percentage | None  # None when hidden or of nothing
    text: str
    suppressed: bool


def protected_percentage(numerator: Cell, denominator: Cell) -> ProtectedPercentage:
    """A percentage of two published counts, from the numbers as shown."""
    if numerator.shown is None or denominator.shown is None:
        return ProtectedPercentage(None, HIDDEN_TO_PROTECT, suppressed=True)
    share = percentage(numerator.shown, denominator.shown)
    return ProtectedPercentage(share, share.text if share else NOT_APPLICABLE, suppressed=False)


# Tables ------------------------------------------------------------------------------------


def protect_series(counts: Sequence[int], rule: DisclosureRule = STANDARD) -> ProtectedSeries:
    """One row of counts with its total (e.g. referrals by agency)."""
    table = protect_table([counts], rule)
    return ProtectedSeries(cells=table.cells[0], total=table.row_totals[0])


def protect_table(
    counts: Sequence[Sequence[int]], rule: DisclosureRule = STANDARD
) -> ProtectedTable:
    """Rows by columns of counts, with their totals worked out and every number protected."""
    grid = with_totals(counts)
    small = small_positions(grid, rule)
    hidden = complete_suppression(grid, small)
    cells = [
        [_cell(value, (row, column), small, hidden, rule) for column, value in enumerate(line)]
        for row, line in enumerate(grid)
    ]
    *body, column_totals = cells
    return ProtectedTable(
        cells=tuple(tuple(line[:-1]) for line in body),
        row_totals=tuple(line[-1] for line in body),
        column_totals=tuple(column_totals[:-1]),
        total=column_totals[-1],
    )


def with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The counts with each row's total at its end and a last row of column totals ending
    in the grand total."""
    if not counts or not counts[0]:
        raise ValueError("A table needs at least one row and one column")
    width = len(counts[0])
    if any(len(line) != width for line in counts):
        raise ValueError("Every row of a table needs the same number of columns")
    if any(value < 0 for line in counts for value in line):
        raise ValueError("Counts cannot be negative")
    rows = [[*line, sum(line)] for line in counts]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def small_positions(grid: Sequence[Sequence[int]], rule: DisclosureRule) -> set[Position]:
    return {
        (row, column)
        for row, line in enumerate(grid)
        for column, value in enumerate(line)
        if rule.is_small(value)
    }


def complete_suppression(
    grid: Sequence[Sequence[int]], hidden: Iterable[Position]
) -> set[Position]:
    """``hidden`` and the fewest, smallest further numbers of ``grid`` (counts with totals,
    as from :func:`with_totals`) needed so that none of them can be worked out from the
    others."""
    result = set(hidden)
    while bridge := _first_bridge(grid, result):
        result |= _cheapest_cycle_through(bridge, grid, result)
    return result


def _cell(
    value: int,
    position: Position,
    small: set[Position],
    hidden: set[Position],
    rule: DisclosureRule,
) -> Cell:
    if position in small:
        return Cell(value, None, rule.small_text, Suppression.SMALL)
    if position in hidden:
        return Cell(value, None, HIDDEN_TO_PROTECT, Suppression.SECONDARY)
    shown = _round_to_five(value) if rule.round_to_five else value
    return Cell(value, shown, f"{shown:,}", None)


def _round_to_five(value: int) -> int:
    return (value + ROUNDING_BASE // 2) // ROUNDING_BASE * ROUNDING_BASE


# The graph of hidden numbers: a vertex per line of the grid (rows are 0..R-1, columns
# R..R+C-1), an edge per hidden number joining its row and its column. Moving values round
# a cycle of hidden numbers (+d, -d, +d, ...) keeps every sum, so a number on a cycle cannot
# be pinned down; one on no cycle (a bridge) can.


def _first_bridge(grid: Sequence[Sequence[int]], hidden: set[Position]) -> Position | None:
    bridges = _bridges(len(grid), hidden)
    return min(
        bridges, key=lambda position: (grid[position[0]][position[1]], position), default=None
    )


def _bridges(row_count: int, hidden: set[Position]) -> set[Position]:
    """Tarjan's bridge-finding, without recursion."""
    neighbours: dict[int, list[tuple[int, Position]]] = {}
    for row, column in sorted(hidden):
        neighbours.setdefault(row, []).append((row_count + column, (row, column)))
        neighbours.setdefault(row_count + column, []).append((row, (row, column)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    bridges: set[Position] = set()
    for root in neighbours:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[int, Position | None, int]] = [(root, None, 0)]
        while stack:
            vertex, via, index = stack.pop()
            if index < len(neighbours[vertex]):
                stack.append((vertex, via, index + 1))
                nearby, edge = neighbours[vertex][index]
                if edge == via:
                    continue
                if nearby in order:
                    low[vertex] = min(low[vertex], order[nearby])
                else:
                    order[nearby] = low[nearby] = len(order)
                    stack.append((nearby, edge, 0))
            elif via is not None:
                parent = via[0] if vertex != via[0] else row_count + via[1]
                low[parent] = min(low[parent], low[vertex])
                if low[vertex] > order[parent]:
                    bridges.add(via)
    return bridges


def _cheapest_cycle_through(
    bridge: Position, grid: Sequence[Sequence[int]], hidden: set[Position]
) -> set[Position]:
    """The numbers to hide, least in total, that join the bridge's row to its column by
    another path (Dijkstra over the grid: hidden numbers cost nothing, zeros the most)."""
    row_count, column_count = len(grid), len(grid[0])
    zero_cost = grid[-1][-1] + 1  # more than any number in the grid

    def cost(position: Position) -> tuple[int, int]:
        if position in hidden:
            return (0, 0)
        value = grid[position[0]][position[1]]
        return (value or zero_cost, 1)

    start, goal = bridge[0], row_count + bridge[1]
    best: dict[int, tuple[int, int]] = {start: (0, 0)}
    came_by: dict[int, Position] = {}
    queue: list[tuple[tuple[int, int], int]] = [((0, 0), start)]
    while queue:
        so_far, vertex = heapq.heappop(queue)
        if vertex == goal:
            break
        if so_far > best[vertex]:
            continue
        if vertex < row_count:
            steps = [((vertex, column), row_count + column) for column in range(column_count)]
        else:
            column = vertex - row_count
            steps = [((row, column), row) for row in range(row_count)]
        for position, nearby in steps:
            if position == bridge:
                continue
            price, count = cost(position)
            reached = (so_far[0] + price, so_far[1] + count)
            if nearby not in best or reached < best[nearby]:
                best[nearby] = reached
                came_by[nearby] = position
                heapq.heappush(queue, (reached, nearby))
    path: set[Position] = set()
    vertex = goal
    while vertex != start:
        position = came_by[vertex]
        path.add(position)
        vertex = position[0] if vertex != position[0] else row_count + position[1]
    return path - hidden
