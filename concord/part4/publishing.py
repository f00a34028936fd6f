"""The Part 4 return "for publication" (DOMAIN §11): the whole output protected as one set
of linked cells (concord.domain.linked_disclosure), with every relation its figures keep:

- in each line, the total is the sum of the types' figures when nobody is in two types'
  columns, and otherwise at least each type's figure and at most their sum;
- a breakdown's parts add up to its whole (sex and trans status to the adults, the reasons
  to all households that could not be supported or that stopped, the destinations to all
  that moved on) where they do, and each part is at most the whole where they do not
  (a household that left twice in the year, for two reasons);
- adults and children add up to the individuals; households, each characteristic and
  each kind of support are at most the individuals; households that stopped are at most
  those supported; those that moved on are those that stopped for moving on.

A relation is declared only where it holds for the figures (``relate_if_true``), so that
one that does not hold tells an attacker nothing. Bed spaces count places, not people:
they are published exactly, outside the linked cells. Trans status and the specialist
characteristics are the most sensitive breakdowns and hide more.
"""

from __future__ import annotations

from collections.abc import Sequence

from concord.domain.disclosure import Cell, DisclosureRule
from concord.domain.linked_disclosure import (
    LinkedOutput,
    Relation,
    at_least_sum_of,
    at_most_sum_of,
    protect,
    total_of,
)
from concord.part4.figures import ALL, COLUMNS, TOTAL, TYPES, Part4Figures

#: The sections that break the adults supported down, each by all its lines.
ADULTS_BY = ("sex", "trans")


def name(section: str, line: str, column: str) -> str:
    """A figure's cell: its section, line and column."""
    return f"{section}|{line}|{column}"


def linked_return(
    figures: Part4Figures, rule: DisclosureRule, sensitive: DisclosureRule
) -> LinkedOutput:
    """The figures about people as cells, with the relations between them."""
    output = LinkedOutput(rule)
    for section in figures.sections:
        if not section.about_people:
            continue
        threshold = sensitive.threshold if section.sensitive else None
        for line in section.lines:
            for column in COLUMNS:
                output.add_count(
                    name(section.key, line.key, column), line.values[column], threshold
                )
            _across_types(output, section.key, line.key)
    for column in COLUMNS:
        _within(output, figures, column)
    return output


def _across_types(output: LinkedOutput, section: str, line: str) -> None:
    total = name(section, line, TOTAL)
    parts = [name(section, line, column) for column in TYPES]
    _whole_of(output, total, parts)


def _whole_of(output: LinkedOutput, whole: str, parts: Sequence[str]) -> None:
    """``whole`` is the sum of ``parts`` if it is; else at most their sum and at least each."""
    if output.relate_if_true(total_of(whole, parts)):
        return
    output.relate_if_true(at_most_sum_of(whole, parts))
    for part in parts:
        output.relate_if_true(at_least_sum_of(whole, [part]))


def _within(output: LinkedOutput, figures: Part4Figures, column: str) -> None:
    def cell(section: str, line: str) -> str:
        return name(section, line, column)

    def lines(section: str) -> list[str]:
        return [line.key for line in figures.section(section).lines]

    individuals, adults = cell("supported", "individuals"), cell("supported", "adults")
    _whole_of(output, individuals, [adults, cell("supported", "children")])
    relations: list[Relation] = [at_least_sum_of(individuals, [cell("supported", "households")])]
    for section in ADULTS_BY:
        _whole_of(output, adults, [cell(section, line) for line in lines(section)])
    for section in ("characteristics", "support"):
        relations += [
            at_least_sum_of(individuals, [cell(section, line)]) for line in lines(section)
        ]
    for section in ("unable", "stopped", "destinations"):
        whole = figures.section(section).whole or ALL
        parts = [line for line in lines(section) if line not in (whole, "adults", "children")]
        _whole_of(output, cell(section, whole), [cell(section, part) for part in parts])
    unable = cell("unable", ALL)
    relations.append(at_least_sum_of(cell("unable", "adults"), [unable]))
    relations.append(at_least_sum_of(cell("supported", "households"), [cell("stopped", ALL)]))
    relations.append(total_of(cell("stopped", "moved_on"), [cell("destinations", ALL)]))
    for relation in relations:
        output.relate_if_true(relation)


def published_cells(
    figures: Part4Figures, rule: DisclosureRule, sensitive: DisclosureRule
) -> dict[str, Cell]:
    """Every figure about people as it may be published, none of its small cells pinned."""
    return protect(linked_return(figures, rule, sensitive))
