"""The attacker of an output, written apart from the protector: it knows only what is
published (each cell's text and shown number) and the relations declared true of the
figures, and solves, for every cell shown as small ("<t"), the least and greatest value the
rest allows. Used by the tests of every output that leaves a service."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from scipy.optimize import linprog

from concord.domain.disclosure import Cell
from concord.domain.linked_disclosure import Comparison, Relation

SLACK_WHEN_ROUNDED = 2


def intervals(
    cells: Mapping[str, Cell], relations: Iterable[Relation], *, rounded: bool = False
) -> dict[str, tuple[float, float]]:
    """Each cell shown as small: the interval the published figures leave for it."""
    relations = list(relations)
    names = sorted({name for r in relations for name in r.names} | set(cells))
    column = {name: index for index, name in enumerate(names)}
    bounds = [_bounds(cells.get(name), rounded) for name in names]
    equal = [r for r in relations if r.comparison is Comparison.EQUAL]
    at_most = [r for r in relations if r.comparison is Comparison.AT_MOST]

    def rows(chosen: list[Relation]) -> list[list[float]] | None:
        if not chosen:
            return None
        found = [[0.0] * len(names) for _ in chosen]
        for row, relation in zip(found, chosen, strict=True):
            for name, coefficient in relation.terms:
                row[column[name]] += coefficient
        return found

    equal_rows, at_most_rows = rows(equal), rows(at_most)

    def best(objective: list[float]) -> float:
        solved = linprog(
            objective,
            A_ub=at_most_rows,
            b_ub=[0.0] * len(at_most) if at_most else None,
            A_eq=equal_rows,
            b_eq=[0.0] * len(equal) if equal else None,
            bounds=bounds,
            method="highs",
        )
        if solved.status == 3:
            return -math.inf
        assert solved.status == 0, solved.message
        return float(solved.fun)

    found: dict[str, tuple[float, float]] = {}
    for name, cell in cells.items():
        if not cell.text.startswith("<"):
            continue
        objective = [0.0] * len(names)
        objective[column[name]] = 1.0
        low = best(objective)
        objective[column[name]] = -1.0
        found[name] = (low, -best(objective))
    return found


def pinned(
    cells: Mapping[str, Cell], relations: Iterable[Relation], *, rounded: bool = False
) -> dict[str, tuple[float, float]]:
    """The small cells whose interval is narrower than their threshold (the number in
    their "<t" text)."""
    return {
        name: (low, high)
        for name, (low, high) in intervals(cells, relations, rounded=rounded).items()
        if high - low < int(cells[name].text[1:]) - 1e-6
    }


def _bounds(cell: Cell | None, rounded: bool) -> tuple[float, float | None]:
    if cell is None or cell.shown is None:  # an unknown, or a hidden cell
        return (0.0, None)
    if not rounded:
        return (float(cell.shown), float(cell.shown))
    return (max(0.0, cell.shown - SLACK_WHEN_ROUNDED), float(cell.shown + SLACK_WHEN_ROUNDED))
