"""The board pack (issue 17 item 8): what the Local Partnership Board reads each quarter
and each year, as tables (concord.core.pack_parts.PackTable) that the page, the workbook
and the PDF all print the same way.

Each part of the pack is made by a "part maker" in ``PART_MAKERS``: a function taking the
pack's period and returning its tables. Adding a part is one line there.

The strategy KPIs and the MARAC measures are lines of the quarterly performance pack
(concord.reporting.packs.pack) for the same period, protected by the same disclosure rule as
one set of linked figures: the board pack shows a subset of the cells that pack publishes,
read from one computation, so the two can never disagree. The safe accommodation figures
are the signed-off Part 4 return's figures for publication, and the partnership data
headlines are tables of the partnership data report, each protected as the output it comes
from (ADR 0030 says why they are not linked with each other).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings

from concord.accounts.disclosure import disclosure_rule
from concord.board import pack as board_parts
from concord.commissioning import funding_pack
from concord.core.pack_parts import PackTable
from concord.dhr import pack as dhr_parts
from concord.domain.periods import (
    Period,
    financial_year,
    financial_year_label,
    parse_financial_year,
    parse_quarter,
)
from concord.indicators.catalogue import Group
from concord.part4.figures import TOTAL, Line, Part4Figures, Section, part4_figures
from concord.part4.models import Part4Return
from concord.part4.publishing import name as part4_cell
from concord.part4.publishing import published_cells
from concord.reporting import packs, partnership_pack
from concord.reporting.forms import financial_year_code
from concord.reporting.pack_workbook import disclosure_text
from concord.strategy import pack as strategy_parts
from concord.strategy import risk_pack
from concord.strategy.models import StrategyTarget
from concord.voice import pack as voice_parts

# The partnership data report's tables that the board reads as headlines, by section.
PARTNERSHIP_HEADLINES = ("Records and people", "Repeat victimisation")
# The Part 4 return's sections the board reads, as totals over every accommodation type.
PART4_SECTIONS = ("supported", "unable", "bed_spaces")
KPI_HEADERS = ("Indicator", "Baseline", "Direction", "Target", "Actual", "Counted over", "Status")
FIGURE_HEADERS = ("Measure", "Figure", "Not known", "Target", "Status")


@dataclass(frozen=True)
class BoardPackPeriod:
    """What a pack covers: a quarter ("2025Q1") or a financial year ("2025-26")."""

    code: str
    period: Period
    year: int  # the financial year, by the calendar year it starts in
    quarter: int | None  # 1 to 4, or None for a whole year

    @property
    def first(self) -> date:
        return self.period.first

    @property
    def last(self) -> date:
        return self.period.last

    @property
    def label(self) -> str:
        return self.period.label

    @property
    def kind(self) -> str:
        return "Quarterly" if self.quarter else "Annual"

    @cached_property
    def performance_pack(self) -> packs.Pack:
        """The quarterly pack of the same period, protected whole: computed once for every
        part that reads it."""
        return packs.pack(self.period, whose=settings.PARTNERSHIP_NAME, rule=disclosure_rule())


def parse_pack_period(text: str) -> BoardPackPeriod:
    """A quarter written like 2025Q1 or a financial year like 2025-26; ValueError saying
    so for anything else."""
    cleaned = text.strip().upper()
    if (start_year := parse_financial_year(cleaned)) is not None:
        return BoardPackPeriod(
            financial_year_code(start_year), financial_year(start_year), start_year, None
        )
    try:
        quarter = parse_quarter(cleaned)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a period: write a quarter like 2025Q1 (April to June 2025) "
            "or a financial year like 2025-26"
        ) from None
    return BoardPackPeriod(str(quarter), quarter.period, quarter.year, quarter.number)


# The parts --------------------------------------------------------------------------------


def strategy_kpi_tables(period: BoardPackPeriod) -> list[PackTable]:
    """The strategy indicators against their baselines and targets, as the quarterly pack
    shows them, then any other indicator the partnership has set a target for."""
    found = period.performance_pack
    strategy = found.strategy.lines
    year_to_date = found.strategy_period.label
    planned = {plan.code: plan for plan in StrategyTarget.objects.all()}
    others = [
        packs.with_plan(line, planned[line.indicator.code])
        for section in found.figures
        for line in section.lines
        if line.indicator.code in planned
    ]
    rows = [_kpi_row(line, year_to_date) for line in strategy]
    rows += [_kpi_row(line, found.period.label) for line in others]
    return [
        PackTable(
            "Strategy KPIs against baseline and target",
            KPI_HEADERS,
            tuple(rows),
            "No strategy indicators are in the catalogue.",
            (
                "Status: “Target met” when the figure has reached its target, “Better than "
                "baseline” when it has moved the better way but not yet that far.",
            ),
        )
    ]


def _kpi_row(line: packs.PackLine, counted_over: str) -> tuple[str, ...]:
    return (
        line.indicator.title,
        line.baseline or "Not set",
        packs.DIRECTIONS[line.indicator.better],
        line.target or "Not set",
        _with_not_known(line),
        counted_over,
        line.status_label,
    )


def _with_not_known(line: packs.PackLine) -> str:
    return f"{line.figure} ({line.not_known})" if line.not_known else line.figure


def marac_tables(period: BoardPackPeriod) -> list[PackTable]:
    """The MARAC measures of the quarterly pack, as it shows them."""
    found = period.performance_pack
    (section,) = [s for s in found.figures if s.lines and s.lines[0].indicator.group == Group.MARAC]
    return [_figures_table("MARAC measures", section, found)]


def _figures_table(title: str, section: packs.PackSection, found: packs.Pack) -> PackTable:
    """A section of the quarterly pack's figures; the pack's disclosure control is said once,
    at its start."""
    rows = tuple(
        (line.indicator.title, line.figure, line.not_known, line.target, line.status_label)
        for line in section.lines
    )
    return PackTable(
        title,
        FIGURE_HEADERS,
        rows,
        "No measures in this section.",
        (f"Counted over {found.period.label}.",),
    )


def safe_accommodation_tables(period: BoardPackPeriod) -> list[PackTable]:
    """The signed-off Part 4 return of the pack's financial year, as published."""
    year = period.year
    code = financial_year_code(year)
    signed = Part4Return.objects.latest_of(year)
    title = f"Safe accommodation (Part 4) for {financial_year_label(year)}"
    headers = ("Figure", "Total")
    if signed is None:
        return [PackTable(title, headers, (), f"No signed-off Part 4 return for {code}.")]
    figures = _signed_figures(signed)
    rule, sensitive = disclosure_rule(), disclosure_rule(sensitive=True)
    cells = published_cells(figures, rule, sensitive)
    rows = tuple(
        (f"{section.title}: {line.label}", _part4_total(cells, section, line))
        for section in figures.sections
        if section.key in PART4_SECTIONS
        for line in section.lines
    )
    return [
        PackTable(
            title,
            headers,
            rows,
            f"No signed-off Part 4 return for {code}.",
            (
                f"Version {signed.version} of the return, as signed off, for publication: "
                "totals over every kind of safe accommodation. Bed spaces count places, not "
                "people, and are exact; trans status and specialist characteristics hide "
                f"counts below {sensitive.threshold}.",
            ),
        )
    ]


def _signed_figures(signed: Part4Return) -> Part4Figures:
    """The figures as signed off, with each line's words from today's return."""
    kept: dict[str, dict[str, dict[str, int]]] = signed.figures.get("sections", {})
    today = part4_figures(signed.year)
    sections = tuple(
        Section(
            section.key,
            section.title,
            tuple(
                Line(line.key, line.label, line.definition, kept[section.key][line.key])
                for line in section.lines
                if line.key in kept.get(section.key, {})
            ),
            section.about_people,
            section.sensitive,
            section.whole,
        )
        for section in today.sections
    )
    return Part4Figures(signed.year, sections)


def _part4_total(cells: dict[str, Any], section: Section, line: Line) -> str:
    found = cells.get(part4_cell(section.key, line.key, TOTAL))
    if found is None:  # not about people: exact
        return f"{line.values.get(TOTAL, 0):,}"
    return str(found.text)


def partnership_tables(period: BoardPackPeriod) -> list[PackTable]:
    """Headline tables of the partnership data report (agencies' files), protected as that
    report is."""
    report = partnership_pack.partnership_report(period.period)
    return [
        _from_report(table)
        for section in report.sections
        if section.key in PARTNERSHIP_HEADLINES
        for table in section.tables
    ]


def _from_report(table: partnership_pack.ReportTable) -> PackTable:
    rows = [tuple(figure.text for figure in row) for row in table.rows]
    if table.total:
        rows.append(tuple(figure.text for figure in table.total))
    return PackTable(
        f"Partnership data: {table.caption}",
        table.head,
        tuple(rows),
        "No agency has sent records for this period.",
        (table.meaning,),
    )


def delivery_tables(period: BoardPackPeriod) -> list[PackTable]:
    """The year's delivery plan: its RAG summary and the actions off track or at risk."""
    return strategy_parts.delivery_tables(period.year, period.last)


def review_tables(period: BoardPackPeriod) -> list[PackTable]:
    """Deaths notified and homicide-review recommendations outstanding (counts only)."""
    return dhr_parts.review_tables(period.first, period.last)


def risk_tables(period: BoardPackPeriod) -> list[PackTable]:
    return [risk_pack.top_risk_table(period.last)]


def board_tables(period: BoardPackPeriod) -> list[PackTable]:
    return board_parts.board_tables(period.first, period.last)


def spend_tables(period: BoardPackPeriod) -> list[PackTable]:
    """Grant spend to the end of the pack's quarter; a year's pack, to the year's end."""
    return funding_pack.spend_tables(period.year, period.quarter or 4)


def involvement_tables(period: BoardPackPeriod) -> list[PackTable]:
    """Survivor involvement activities held in the period and what changed as a result."""
    return voice_parts.involvement_tables(period.first, period.last)


PartMaker = Callable[[BoardPackPeriod], Sequence[PackTable]]
# The pack's parts in the order the board reads them.
PART_MAKERS: list[PartMaker] = [
    strategy_kpi_tables,
    delivery_tables,
    marac_tables,
    safe_accommodation_tables,
    partnership_tables,
    review_tables,
    risk_tables,
    board_tables,
    spend_tables,
    involvement_tables,
]


# The whole pack ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardPackContent:
    """The pack as generated: kept as JSON with the record, read back for the page."""

    title: str
    whose: str
    period_code: str
    period_label: str
    made_on: date
    disclosure: str
    tables: tuple[PackTable, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "whose": self.whose,
            "period_code": self.period_code,
            "period_label": self.period_label,
            "made_on": self.made_on.isoformat(),
            "disclosure": self.disclosure,
            "tables": [asdict(table) for table in self.tables],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BoardPackContent:
        return cls(
            data["title"],
            data["whose"],
            data["period_code"],
            data["period_label"],
            date.fromisoformat(data["made_on"]),
            data["disclosure"],
            tuple(_table(table) for table in data["tables"]),
        )


def _table(data: dict[str, Any]) -> PackTable:
    return PackTable(
        data["title"],
        tuple(data["headers"]),
        tuple(tuple(row) for row in data["rows"]),
        data["empty"],
        tuple(data.get("notes", ())),
    )


def board_pack_content(
    period: BoardPackPeriod,
    *,
    made_on: date,
    makers: Sequence[PartMaker] | None = None,
) -> BoardPackContent:
    """Every part of the pack for ``period``, its figures computed now."""
    chosen = PART_MAKERS if makers is None else makers
    tables = tuple(table for make in chosen for table in make(period))
    return BoardPackContent(
        f"{period.kind} board pack: {period.label}",
        settings.PARTNERSHIP_NAME,
        period.code,
        period.label,
        made_on,
        disclosure_text(disclosure_rule()),
        tables,
    )
