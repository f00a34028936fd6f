"""Indicator results as they may leave a service (DOMAIN §11). Everything published
together (one output: several periods, several indicators, their breakdown groups and
totals) is protected as one set of linked cells (concord.domain.linked_disclosure), with the
relations the catalogue declares:

- each breakdown's total is the sum of its groups;
- a percentage's denominator and not-known count add up to the records of its source (one
  figure for every indicator whose source names the same population, else its own), and
  its numerator is at most its denominator;
- the catalogue's links between indicators (``catalogue.LINKS``), within a period and group;
- over periods: a period's figure is at least that of any period within it, and for periods
  tiling it, the sum of theirs (``ADDITIVE_OVER_TIME``) or at most that sum
  (``DISTINCT_OVER_TIME``).

A relation is declared only where it holds for the figures (a relation that holds by
definition always does; one that does not, e.g. figures computed a moment apart while a
record was saved, is no help to an attacker either). Percentages are worked out from the
numbers as shown and hidden with their numerator or denominator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby
from uuid import UUID

import rules

from concord.accounts.models import Membership
from concord.domain.disclosure import Cell, DisclosureRule, protected_percentage
from concord.domain.linked_disclosure import (
    LinkedOutput,
    at_least_sum_of,
    at_most_sum_of,
    protect,
    total_of,
)
from concord.domain.periods import Period
from concord.indicators.catalogue import (
    ADDITIVE_OVER_TIME,
    BY_CODE,
    DISTINCT_OVER_TIME,
    LINKS,
)
from concord.indicators.engine import Result

#: Breakdowns by the most sensitive characteristics hide more (the sensitive threshold).
SENSITIVE_DISAGGREGATIONS = frozenset({"ethnicity_group", "disability", "sexual_orientation"})
TOTAL = "total"
NUMERATOR, DENOMINATOR, NOT_KNOWN = "numerator", "denominator", "not_known"
POPULATION = "population:"


@dataclass(frozen=True)
class PublishedFigure:
    """One line of an indicator: a group (or "total") with its numbers as they may be shown
    (``None`` when hidden) and the text to print."""

    code: str
    group: str | None
    numerator: int | None
    numerator_text: str
    denominator: int | None
    denominator_text: str | None
    not_known: int | None
    not_known_text: str | None
    percentage: int | None
    percentage_text: str | None


def sees_exact_figures(membership: Membership, agency_id: UUID | None) -> bool:
    """Practitioners and managers see their own agency's figures exactly; any other figure
    the member may see has left its service and is protected (DOMAIN §11)."""
    own_role = rules.test_rule("indicators.view_own_figures", membership)
    return own_role and agency_id is not None and membership.agency_id == agency_id


def is_sensitive(disaggregation: str | None) -> bool:
    return disaggregation in SENSITIVE_DISAGGREGATIONS


@dataclass(frozen=True)
class Block:
    """One period's results, as the engine gave them (``period`` None for an output of
    one period)."""

    period: Period | None
    results: Sequence[Result]


def published(results: Sequence[Result], rule: DisclosureRule) -> list[PublishedFigure]:
    """Every indicator's results (in the engine's order) of one period, protected by
    ``rule``."""
    (figures,) = published_together([Block(None, results)], rule)
    return figures


def published_together(
    blocks: Sequence[Block], rule: DisclosureRule
) -> list[list[PublishedFigure]]:
    """The figures of every block, protected together by ``rule``; a block per period (two
    blocks of the same period share their figures)."""
    cells = protect(linked_output(blocks, rule))
    return [list(_figures(block, cells)) for block in blocks]


def linked_output(blocks: Sequence[Block], rule: DisclosureRule) -> LinkedOutput:
    """The blocks' figures as cells, with every relation between them declared."""
    output = LinkedOutput(rule)
    for block in blocks:
        _declare_block(output, block)
    _declare_over_time(output, [block for block in blocks if block.period])
    return output


# Names of the cells -------------------------------------------------------------------------


def _key(period: Period | None) -> str:
    return f"{period.first}..{period.last}" if period else ""


def _name(key: str, code: str, group: str | None, figure: str) -> str:
    return f"{key}|{code}|{group or ''}|{figure}"


def _population(key: str, code: str, group: str | None) -> str:
    indicator = BY_CODE.get(code)  # a contract's own measure is not in the catalogue
    named = indicator.source.population if indicator and indicator.source else None
    if named is None:
        return _name(key, code, group, "records")
    return _term(key, POPULATION + named, group)


def _term(key: str, figure: str, group: str | None) -> str:
    """A catalogue link's "code.figure" or "population:name" as a cell's name."""
    if figure.startswith(POPULATION):
        return f"{key}|{figure}|{group or ''}"
    code, _, part = figure.partition(".")
    return _name(key, code, group, part)


def _by_code(results: Sequence[Result]) -> Iterator[tuple[str, list[Result]]]:
    for code, lines in groupby(results, key=lambda result: result.code):
        yield code, list(lines)


def _is_share(lines: list[Result]) -> bool:
    return lines[0].denominator is not None


def _counts(line: Result) -> dict[str, int]:
    if line.denominator is None:
        return {NUMERATOR: line.numerator}
    return {
        NUMERATOR: line.numerator,
        DENOMINATOR: line.denominator,
        NOT_KNOWN: line.not_known or 0,
    }


# Declaring the output -----------------------------------------------------------------------


def _add(output: LinkedOutput, name: str, value: int) -> None:
    """A cell, once: the same period in another block is the same figure."""
    if name not in output.counts:
        output.add_count(name, value)


def _declare_block(output: LinkedOutput, block: Block) -> None:
    key = _key(block.period)
    groups: set[str | None] = set()
    for code, lines in _by_code(block.results):
        for line in lines:
            groups.add(line.group)
            _declare_line(output, key, line)
        if [line.group for line in lines] != [None]:
            _declare_total(output, key, code, lines)
    for group in groups:
        for link in LINKS:
            names = [_term(key, figure, group) for figure in (link.whole, *link.parts)]
            relate = total_of if link.exact else at_least_sum_of
            output.relate_if_true(relate(names[0], names[1:]))


def _declare_line(output: LinkedOutput, key: str, line: Result) -> None:
    counts = _counts(line)
    for figure, value in counts.items():
        _add(output, _name(key, line.code, line.group, figure), value)
    if line.denominator is None:
        return
    numerator, denominator, not_known = (
        _name(key, line.code, line.group, figure) for figure in (NUMERATOR, DENOMINATOR, NOT_KNOWN)
    )
    population = _population(key, line.code, line.group)
    if population not in output.unknowns:
        output.add_unknown(population, counts[DENOMINATOR] + counts[NOT_KNOWN])
    output.relate_if_true(total_of(population, [denominator, not_known]))
    output.relate_if_true(at_least_sum_of(denominator, [numerator]))


def _declare_total(output: LinkedOutput, key: str, code: str, lines: list[Result]) -> None:
    for figure in _counts(lines[0]):
        parts = [_name(key, code, line.group, figure) for line in lines]
        whole = _name(key, code, TOTAL, figure)
        _add(output, whole, sum(output.counts[part] for part in parts))
        output.relate_if_true(total_of(whole, parts))


def _declare_over_time(output: LinkedOutput, blocks: list[Block]) -> None:
    """Each period's figures against those of the periods within it."""
    periods = [block.period for block in blocks if block.period]
    distinct = sorted({(p.first, p.last): p for p in periods}.values(), key=lambda p: p.first)
    within = {
        _key(whole): [_key(p) for p in distinct if p != whole and _inside(p, whole)]
        for whole in distinct
    }
    tiled = {_key(whole): _tiles(whole, distinct) for whole in distinct}
    by_figure: dict[tuple[str, str | None, str], set[str]] = defaultdict(set)
    for block in blocks:
        for line in block.results:
            if line.code in ADDITIVE_OVER_TIME | DISTINCT_OVER_TIME:
                for figure in _counts(line):
                    by_figure[(line.code, line.group, figure)].add(_key(block.period))
    for (code, group, figure), keys in by_figure.items():

        def cell(
            key: str, code: str = code, group: str | None = group, figure: str = figure
        ) -> str:
            return _name(key, code, group, figure)

        for whole in keys:
            for part in within.get(whole, []):
                output.relate_if_true(at_least_sum_of(cell(whole), [cell(part)]))
            parts = tiled.get(whole)
            if parts:
                relate = total_of if code in ADDITIVE_OVER_TIME else at_most_sum_of
                output.relate_if_true(relate(cell(whole), [cell(part) for part in parts]))


def _inside(part: Period, whole: Period) -> bool:
    return whole.first <= part.first and part.last <= whole.last


def _tiles(whole: Period, periods: list[Period]) -> list[str]:
    """The keys of periods within ``whole`` that cover it one after another, if any do
    (the first such chain, by start)."""
    chain: list[str] = []
    day = whole.first
    while day <= whole.last:
        following = [p for p in periods if p.first == day and p != whole and _inside(p, whole)]
        if not following:
            return []
        step = max(following, key=lambda p: p.last)
        chain.append(_key(step))
        day = step.last + timedelta(days=1)
    return chain


# Reading the protected figures --------------------------------------------------------------


def _figures(block: Block, cells: dict[str, Cell]) -> Iterator[PublishedFigure]:
    key = _key(block.period)
    for code, lines in _by_code(block.results):
        groups = [line.group for line in lines]
        if groups != [None]:
            groups.append(TOTAL)
        for group in groups:

            def at(figure: str, group: str | None = group, code: str = code) -> Cell:
                return cells[_name(key, code, group, figure)]

            share = _is_share(lines)
            yield _figure(
                code,
                group,
                at(NUMERATOR),
                at(DENOMINATOR) if share else None,
                at(NOT_KNOWN) if share else None,
            )


def _figure(
    code: str, group: str | None, numerator: Cell, denominator: Cell | None, not_known: Cell | None
) -> PublishedFigure:
    share = protected_percentage(numerator, denominator) if denominator else None
    return PublishedFigure(
        code=code,
        group=group,
        numerator=numerator.shown,
        numerator_text=numerator.text,
        denominator=denominator.shown if denominator else None,
        denominator_text=denominator.text if denominator else None,
        not_known=not_known.shown if not_known else None,
        not_known_text=not_known.text if not_known else None,
        percentage=share.percentage.whole if share and share.percentage else None,
        percentage_text=share.text if share else None,
    )
