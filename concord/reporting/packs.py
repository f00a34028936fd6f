"""The quarterly performance pack of the integrated specialist services (issue 5): headline
figures, outcomes against their targets with a RAG status, intake safeguarding, the
perpetrator programme and the strategy indicators, each line with its definition; and the
quarters of the financial year to date with their trend. Figures come from
concord.indicators.engine; those leaving a service go through disclosure control
(concord.indicators.publishing) first.

RAG: green when a figure meets its target, amber when it is within ``AMBER_MARGIN``
percentage points of it, red otherwise; no status for a hidden figure or one without a
target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from concord.accounts.models import Agency
from concord.indicators.catalogue import INDICATORS, Better, Group, Indicator, Unit, get
from concord.indicators.engine import Result, compute
from concord.indicators.publishing import PublishedFigure, published
from concord.reporting.disclosure import DisclosureRule
from concord.reporting.periods import Period, Quarter, quarters_between

AMBER_MARGIN = 5
SECTIONS: tuple[tuple[Group, str], ...] = (
    (Group.HEADLINE, "Headline figures"),
    (Group.OUTCOME, "Outcomes against their targets"),
    (Group.INTAKE, "Intake safeguarding of adults and children"),
    (Group.PERPETRATOR_PROGRAMME, "Perpetrator programme"),
    (Group.MARAC, "MARAC"),
    (Group.STRATEGY, "Strategy indicators"),
)
FROM_PARTNERSHIP_DATA = "From partnership data (not yet collected)"
HEADER = ("Section", "Code", "Indicator", "Figure", "Not known", "Target", "Status")


@dataclass(frozen=True)
class PackLine:
    indicator: Indicator
    figure: str  # "56% (154 of 273)", "1,234", "<5", "[c]"
    not_known: str  # "12 not known", or ""
    whole: int | None  # the figure as reported (None when hidden or not computed)

    @property
    def target(self) -> str:
        target = self.indicator.target
        return f"{target}%" if target is not None else ""

    @property
    def status(self) -> str:
        """ "green", "amber", "red" or "" (no target, or nothing to judge)."""
        target, figure = self.indicator.target, self.whole
        if target is None or figure is None:
            return ""
        gap = figure - target if self.indicator.better != Better.LOWER else target - figure
        if gap >= 0:
            return "green"
        return "amber" if gap >= -AMBER_MARGIN else "red"


@dataclass(frozen=True)
class PackSection:
    title: str
    lines: tuple[PackLine, ...]


def quarterly_pack(
    period: Period, *, agency: Agency | None = None, rule: DisclosureRule | None = None
) -> list[PackSection]:
    """Every section for ``period``: exact figures, or protected by ``rule``."""
    results = compute(None, period, agency=agency)
    lines = _lines(results, rule)
    return [
        PackSection(title, tuple(lines[i.code] for i in INDICATORS if i.group == group))
        for group, title in SECTIONS
    ]


def _lines(results: Sequence[Result], rule: DisclosureRule | None) -> dict[str, PackLine]:
    if rule is None:
        found = {result.code: _exact_line(result) for result in results}
    else:
        found = {f.code: _protected_line(f) for f in published(results, rule) if f.group is None}
    return {
        indicator.code: found.get(indicator.code)
        or PackLine(indicator, FROM_PARTNERSHIP_DATA, "", None)
        for indicator in INDICATORS
    }


def _exact_line(result: Result) -> PackLine:
    indicator = get(result.code)
    if indicator.unit == Unit.COUNT:
        return PackLine(indicator, f"{result.numerator:,}", "", result.whole)
    not_known = f"{result.not_known:,} not known" if result.not_known else ""
    if result.whole is None:
        return PackLine(indicator, "None known", not_known, None)
    figure = f"{result.whole}% ({result.numerator:,} of {result.denominator:,})"
    return PackLine(indicator, figure, not_known, result.whole)


def _protected_line(figure: PublishedFigure) -> PackLine:
    indicator = get(figure.code)
    if indicator.unit == Unit.COUNT:
        return PackLine(indicator, figure.numerator_text, "", figure.numerator)
    not_known = (
        f"{figure.not_known_text} not known" if figure.not_known_text not in ("0", None) else ""
    )
    if figure.denominator == 0:
        return PackLine(indicator, "None known", not_known, None)
    text = f"{figure.percentage_text} ({figure.numerator_text} of {figure.denominator_text})"
    return PackLine(indicator, text, not_known, figure.percentage)


def rows(sections: Sequence[PackSection]) -> list[list[str]]:
    """The pack as the cells of a CSV or Excel sheet (after HEADER)."""
    return [
        [
            section.title,
            line.indicator.code,
            line.indicator.title,
            line.figure,
            line.not_known,
            line.target,
            line.status,
        ]
        for section in sections
        for line in section.lines
    ]


# The financial year to date -----------------------------------------------------------------

TREND_CODES = (
    "people_accessing_victim_service",
    "out_of_hours_interventions",
    "safety_plans_completed",
    "homes_secured",
)


@dataclass(frozen=True)
class TrendLine:
    indicator: Indicator
    quarters: tuple[PackLine, ...]
    year_to_date: PackLine


def year_to_date(
    quarter: Quarter, *, agency: Agency | None = None, rule: DisclosureRule | None = None
) -> tuple[list[Quarter], list[TrendLine]]:
    """The headline counts of each quarter of the financial year up to ``quarter``, and of
    the year to date."""
    quarters = quarters_between(quarter.shifted(1 - quarter.number), quarter)
    periods = [q.period for q in quarters] + [quarter.year_to_date()]
    by_period = [_lines(compute(TREND_CODES, period, agency=agency), rule) for period in periods]
    trend = [
        TrendLine(
            get(code),
            tuple(lines[code] for lines in by_period[:-1]),
            by_period[-1][code],
        )
        for code in TREND_CODES
    ]
    return quarters, trend
