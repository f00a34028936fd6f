"""The performance pack as a committee reads it in Excel, and as CSV: a title sheet (whose
figures, the period, the disclosure rule and the key to its symbols), a sheet per section
as the paper's tables, the strategy, the providers' narrative, and the last four quarters
side by side with a chart per headline indicator. Every figure shown is a number cell
(counts ``#,##0``; percentages their exact share, shown ``0%``); a hidden one is its
symbol. Made from the same ``Pack`` as the page, so both show the same figures."""

from __future__ import annotations

from datetime import date

from concord.core.export import (
    DECIMAL_FORMAT,
    PERCENTAGE_FORMAT,
    Chart,
    Number,
    Sheet,
    Symbol,
    xlsx_sheets,
)
from concord.domain.disclosure import HIDDEN_TO_PROTECT, DisclosureRule
from concord.domain.periods import day_label, financial_year_label
from concord.indicators.catalogue import Unit
from concord.reporting.packs import Count, Pack, PackLine, PackSection, StrategyLine

FIGURES_HEADER = (
    "Indicator",
    "Figure",
    "Number",
    "Out of (known)",
    "Not known",
    "Target",
    "Status",
    "Definition",
    "Code",
)
FIGURES_WIDTHS = (48, 11, 11, 11, 11, 9, 12, 70, 14)
STRATEGY_HEADER = (
    "Indicator",
    "Baseline",
    "Baseline year",
    "Direction",
    "Target",
    "Target year",
    "Year to date",
    "Status",
    "Definition",
    "Code",
)
STRATEGY_WIDTHS = (44, 11, 13, 11, 11, 13, 12, 22, 60, 14)
NARRATIVE_HEADER = ("Quarter", "Contract", "Provider", "Return", "Heading", "What it says")
CSV_HEADER = (
    "Section",
    "Indicator",
    "Figure",
    "Number",
    "Out of (known)",
    "Not known",
    "Percentage",
    "Target",
    "Status",
    "Code",
)
DEFINITION_COLUMN = 7
STRATEGY_DEFINITION_COLUMN = 8


def pack_workbook(pack: Pack, *, made_on: date) -> bytes:
    return xlsx_sheets(
        [
            title_sheet(pack, made_on),
            *[_figures_sheet(pack, section) for section in pack.figures],
            _strategy_sheet(pack),
            _narrative_sheet(pack),
            _trend_sheet(pack),
        ]
    )


# Cells --------------------------------------------------------------------------------------


def count_cell(count: Count | None, otherwise: str = "") -> object:
    """A count as a number, its symbol when hidden, ``otherwise`` when there is none."""
    if count is None:
        return otherwise or None
    return Number(count.value) if count.value is not None else Symbol(count.text)


def figure_cell(line: PackLine) -> object:
    """The line's figure: a count, or a percentage as its exact share; a hidden one as its
    symbol; words where there is no figure ("None known", from partnership data)."""
    if line.indicator.unit == Unit.COUNT:
        return count_cell(line.numerator, line.figure)
    share = line.share
    if share is not None:
        return Number(float(share), PERCENTAGE_FORMAT)
    if line.numerator is None or (line.denominator and line.denominator.value == 0):
        return line.figure  # nothing computed, or none known
    return Symbol(HIDDEN_TO_PROTECT)


def _share_parts(line: PackLine) -> list[object]:
    if line.indicator.unit == Unit.COUNT:
        return [None, None, None]
    return [
        count_cell(line.numerator),
        count_cell(line.denominator),
        count_cell(line.not_known_count),
    ]


def _target_cell(line: PackLine) -> object:
    share = line.target_share
    return Number(float(share), PERCENTAGE_FORMAT) if share is not None else None


# Sheets -------------------------------------------------------------------------------------


def title_sheet(pack: Pack, made_on: date) -> Sheet:
    period = pack.period
    rows: list[tuple[object, ...]] = [
        ("Figures of", pack.whose),
        ("Period", period.label),
        ("From", day_label(period.first)),
        ("To", day_label(period.last)),
        ("Strategy indicators", f"Counted over {pack.strategy_period.label}"),
        ("Quarters side by side", ", ".join(q.label for q in pack.trend_quarters)),
        ("Made on", day_label(made_on)),
        ("Disclosure control", disclosure_text(pack.rule)),
        ("", ""),
        ("Key", ""),
        *key(pack.rule),
        ("", ""),
        ("Sheets", ""),
        *[(section.name, section.title) for section in pack.sections],
        ("Narrative", "What the providers' returns say in words"),
        ("Trend", "The last four quarters side by side, with a chart per headline figure"),
    ]
    return Sheet(
        "About this pack",
        f"{pack.whose}: performance pack, {period.label}",
        rows=tuple(rows),
        widths=(24, 100),
        wrapped=frozenset({1}),
    )


def disclosure_text(rule: DisclosureRule | None) -> str:
    if rule is None:
        return (
            "None: these are a service's own exact figures, for its staff. Do not share them "
            "outside the service."
        )
    rounding = (
        "Every count still shown is rounded to the nearest 5, so totals may not add up."
        if rule.round_to_five
        else "Counts shown are not rounded."
    )
    return (
        f"Counts from 1 to {rule.threshold - 1} are hidden ({rule.small_text}); a further "
        f"figure that would let someone work a hidden one out is hidden too "
        f"({HIDDEN_TO_PROTECT}), and so is a percentage whose number or whole is hidden. "
        f"{rounding} Percentages are worked out from the numbers as shown."
    )


def key(rule: DisclosureRule | None) -> list[tuple[str, str]]:
    hidden = (
        [
            (rule.small_text, f"a count from 1 to {rule.threshold - 1}, hidden"),
            (HIDDEN_TO_PROTECT, "hidden so that a small count cannot be worked out"),
        ]
        if rule
        else []
    )
    return [
        *hidden,
        ("None known", "a percentage of no records where the item is known"),
        ("From partnership data", "not recorded in Concord; comes from partner agencies"),
    ]


def _figures_sheet(pack: Pack, section: PackSection) -> Sheet:
    rows = tuple(
        (
            line.indicator.title,
            figure_cell(line),
            *_share_parts(line),
            _target_cell(line),
            line.status_label,
            line.indicator.definition,
            line.indicator.code,
        )
        for line in section.lines
    )
    return Sheet(
        section.name,
        f"{section.title}: {pack.period.label}",
        FIGURES_HEADER,
        rows,
        notes=(pack.whose,),
        widths=FIGURES_WIDTHS,
        wrapped=frozenset({0, DEFINITION_COLUMN}),
    )


def _strategy_sheet(pack: Pack) -> Sheet:
    rows = tuple(
        _strategy_row(line) for line in pack.strategy.lines if isinstance(line, StrategyLine)
    )
    return Sheet(
        pack.strategy.name,
        f"Strategy indicators: {pack.strategy_period.label}",
        STRATEGY_HEADER,
        rows,
        notes=(pack.whose,),
        widths=STRATEGY_WIDTHS,
        wrapped=frozenset({0, STRATEGY_DEFINITION_COLUMN}),
    )


def _strategy_row(line: StrategyLine) -> tuple[object, ...]:
    plan = line.plan
    return (
        line.indicator.title,
        Number(float(plan.baseline), DECIMAL_FORMAT) if plan else None,
        financial_year_label(plan.baseline_year) if plan else "Not set",
        line.direction,
        Number(float(plan.target), DECIMAL_FORMAT) if plan else None,
        financial_year_label(plan.target_year) if plan else "Not set",
        figure_cell(line),
        line.status_label,
        line.indicator.definition,
        line.indicator.code,
    )


def _narrative_sheet(pack: Pack) -> Sheet:
    rows = tuple(
        (story.quarter.label, story.contract, story.provider, story.status, heading, text)
        for story in pack.narratives
        for heading, text in story.parts
    )
    quarters = ", ".join(q.label for q in pack.period.quarters)
    return Sheet(
        "Narrative",
        f"Narrative from the providers: {quarters}",
        NARRATIVE_HEADER,
        rows or (("", "No provider has submitted a return for these quarters yet."),),
        widths=(20, 30, 24, 14, 24, 90),
        wrapped=frozenset({1, 5}),
    )


def _trend_sheet(pack: Pack) -> Sheet:
    labels = tuple(q.label for q in pack.trend_quarters)
    rows = tuple(
        (
            line.indicator.title,
            *[figure_cell(found) for found in line.quarters],
            line.indicator.code,
        )
        for line in pack.trend
    )
    charts = tuple(
        Chart(line.indicator.title, labels, tuple(found.whole for found in line.quarters))
        for line in pack.trend
    )
    return Sheet(
        "Trend",
        f"Headline figures, the last four quarters to {pack.trend_quarters[-1].label}",
        ("Indicator", *labels, "Code"),
        rows,
        notes=(pack.whose,),
        widths=(48, *[16 for _ in labels], 14),
        wrapped=frozenset({0}),
        charts=charts,
    )


# CSV ----------------------------------------------------------------------------------------


def csv_rows(pack: Pack) -> list[list[object]]:
    """The pack's figures, one line each, numbers in their own columns (a hidden one as its
    symbol), then the providers' narrative, for CSV (after ``CSV_HEADER``)."""
    figures = [_csv_row(section, line) for section in pack.sections for line in section.lines]
    told: list[list[object]] = [
        [f"Narrative: {story.contract}, {story.quarter.label}", heading, text]
        for story in pack.narratives
        for heading, text in story.parts
    ]
    return figures + told


def _csv_row(section: PackSection, line: PackLine) -> list[object]:
    share = line.share
    return [
        section.title,
        line.indicator.title,
        _plain(figure_cell(line) if line.indicator.unit == Unit.COUNT else _whole(line)),
        *[_plain(cell) for cell in _share_parts(line)],
        f"{float(share) * 100:.2f}" if share is not None else "",
        line.target,
        line.status_label,
        line.indicator.code,
    ]


def _whole(line: PackLine) -> object:
    figure = figure_cell(line)
    return Number(line.whole) if isinstance(figure, Number) and line.whole is not None else figure


def _plain(cell: object) -> object:
    if isinstance(cell, Number):
        return cell.value
    if isinstance(cell, Symbol):
        return cell.text
    return "" if cell is None else cell
