"""The quarterly performance pack of the integrated specialist services (issue 5): headline
figures, outcomes against their targets with a RAG status, intake safeguarding, the
perpetrator programme and MARAC, each line with its definition; the strategy indicators over
the financial year to date against their baselines and targets; the narrative of the
providers' quarterly returns; and the quarters of the financial year to date with their
trend. Figures come from
concord.indicators.engine; those leaving a service go through disclosure control
(concord.indicators.publishing) first.

RAG: green when a figure meets its target, amber when it is within ``AMBER_MARGIN``
percentage points of it, red otherwise; no status for a hidden figure or one without a
target.

A strategy indicator is "Target met" when the figure has reached its target, "Better than
baseline" when it has moved the better way from the baseline but not yet that far, and "Not
better than baseline" otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from concord.accounts.models import Agency
from concord.commissioning.lifecycle import ReturnStatus
from concord.commissioning.models import QuarterlyReturn
from concord.domain.disclosure import DisclosureRule
from concord.domain.periods import (
    Period,
    Quarter,
    financial_year,
    financial_year_label,
    financial_year_of,
    quarters_between,
)
from concord.indicators.catalogue import INDICATORS, Better, Group, Indicator, Unit, get
from concord.indicators.engine import Result, compute
from concord.indicators.models import StrategyTarget
from concord.indicators.publishing import PublishedFigure, published

AMBER_MARGIN = 5
SECTIONS: tuple[tuple[Group, str], ...] = (
    (Group.HEADLINE, "Headline figures"),
    (Group.OUTCOME, "Outcomes against their targets"),
    (Group.INTAKE, "Intake safeguarding of adults and children"),
    (Group.SAFEGUARDING_CHILDREN, "Safeguarding children"),
    (Group.PERPETRATOR_PROGRAMME, "Perpetrator programme"),
    (Group.MARAC, "MARAC"),
    (Group.STRATEGY, "Strategy indicators over the financial year to date"),
)
FROM_PARTNERSHIP_DATA = "From partnership data (not yet collected)"
HEADER = ("Section", "Code", "Indicator", "Figure", "Not known", "Baseline", "Target", "Status")
STATUS_LABELS = {"green": "Met", "amber": "Nearly met", "red": "Not met"}
STRATEGY_STATUS_LABELS = {
    "green": "Target met",
    "amber": "Better than baseline",
    "red": "Not better than baseline",
}
DIRECTIONS = {Better.HIGHER: "Up", Better.LOWER: "Down", Better.NEITHER: "No direction"}


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

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def baseline(self) -> str:
        return ""


@dataclass(frozen=True)
class StrategyLine(PackLine):
    """A strategy indicator's figure with the baseline and target the partnership set."""

    plan: StrategyTarget | None = None

    @property
    def direction(self) -> str:
        return DIRECTIONS[self.indicator.better]

    @property
    def baseline(self) -> str:
        if self.plan is None:
            return ""
        figure = self._figure(self.plan.baseline)
        return f"{figure} in {financial_year_label(self.plan.baseline_year)}"

    @property
    def target(self) -> str:
        if self.plan is None:
            return ""
        return f"{self._figure(self.plan.target)} by {financial_year_label(self.plan.target_year)}"

    def _figure(self, value: Decimal) -> str:
        percent = "%" if self.indicator.unit == Unit.PERCENTAGE else ""
        return f"{_number(value)}{percent}"

    @property
    def status(self) -> str:
        if self.plan is None or self.whole is None:
            return ""
        if self._better_or_equal(self.whole, self.plan.target):
            return "green"
        if self.whole != self.plan.baseline and self._better_or_equal(
            self.whole, self.plan.baseline
        ):
            return "amber"
        return "red"

    @property
    def status_label(self) -> str:
        return STRATEGY_STATUS_LABELS.get(self.status, "")

    def _better_or_equal(self, figure: int, mark: Decimal) -> bool:
        if self.indicator.better == Better.LOWER:
            return figure <= mark
        return figure >= mark


def _number(value: Decimal) -> str:
    return f"{value.normalize():,f}"


@dataclass(frozen=True)
class PackSection:
    title: str
    lines: tuple[PackLine, ...]


def quarterly_pack(
    period: Period, *, agency: Agency | None = None, rule: DisclosureRule | None = None
) -> list[PackSection]:
    """Every section for ``period``: exact figures, or protected by ``rule``. The strategy
    indicators are counted over the financial year up to the period's last day."""
    codes = [i.code for i in INDICATORS if i.group != Group.STRATEGY]
    lines = _lines(compute(codes, period, agency=agency), rule)
    sections = [
        PackSection(title, tuple(lines[i.code] for i in INDICATORS if i.group == group))
        for group, title in SECTIONS
        if group != Group.STRATEGY
    ]
    return [*sections, _strategy_section(period, agency, rule)]


def _strategy_section(
    period: Period, agency: Agency | None, rule: DisclosureRule | None
) -> PackSection:
    indicators = [i for i in INDICATORS if i.group == Group.STRATEGY]
    year_to_date = Period(
        financial_year(financial_year_of(period.last)).first, period.last, "year to date"
    )
    results = compute([i.code for i in indicators], year_to_date, agency=agency)
    lines = _lines(results, rule)
    plans = {plan.code: plan for plan in StrategyTarget.objects.all()}
    return PackSection(
        SECTIONS[-1][1],
        tuple(
            _planned(lines[indicator.code], plans.get(indicator.code)) for indicator in indicators
        ),
    )


def _planned(line: PackLine, plan: StrategyTarget | None) -> StrategyLine:
    return StrategyLine(line.indicator, line.figure, line.not_known, line.whole, plan)


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


def rows(sections: Sequence[PackSection], narratives: Sequence[Narrative] = ()) -> list[list[str]]:
    """The pack as the cells of a CSV or Excel sheet (after HEADER)."""
    figures = [
        [
            section.title,
            line.indicator.code,
            line.indicator.title,
            line.figure,
            line.not_known,
            line.baseline,
            line.target,
            line.status_label,
        ]
        for section in sections
        for line in section.lines
    ]
    told = [
        [f"Narrative: {story.contract}", "", heading, text, "", "", "", ""]
        for story in narratives
        for heading, text in story.parts
    ]
    return figures + told


# The providers' narrative ---------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    """What one provider's return for the quarter says in words."""

    contract: str
    provider: str
    status: str
    parts: tuple[tuple[str, str], ...]  # (heading, text), only those written


def narratives(quarter: Quarter, *, agency: Agency | None = None) -> list[Narrative]:
    """The narrative of every return for ``quarter`` that its provider has submitted (of
    ``agency``'s contracts only, when given). Drafts stay with the provider."""
    returns = (
        QuarterlyReturn.objects.exclude(status=ReturnStatus.DRAFT)
        .filter(contract__starts_on__lte=quarter.last, contract__ends_on__gte=quarter.first)
        .select_related("contract__provider")
        .order_by("contract__title")
    )
    if agency is not None:
        returns = returns.filter(contract__provider=agency)
    return [_narrative(found) for found in returns if found.financial_quarter == quarter]


def _narrative(found: QuarterlyReturn) -> Narrative:
    parts = (
        ("Successes", found.successes),
        ("Stumbling blocks", found.stumbling_blocks),
        ("Areas of focus for next quarter", found.focus_next_quarter),
    )
    return Narrative(
        found.contract.title,
        found.contract.provider.name,
        found.status_label,
        tuple((heading, text) for heading, text in parts if text.strip()),
    )


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
