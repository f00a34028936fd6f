"""The performance pack of the integrated specialist services (issues 5 and 14) for a
quarter or any range of days: headline figures, intake safeguarding, the perpetrator
programme, outcomes against their targets with a RAG status and MARAC, each line with its
definition; the strategy indicators over the financial year to the period's end against
their baselines and targets; the narrative of the providers' returns for the quarters the
period overlaps; and the four quarters ending with the one the period ends in, side by
side. Figures come from concord.indicators.engine; those leaving a service go through
disclosure control (concord.indicators.publishing) first, all of them together: the
sections, the strategy year to date and the trend's quarters are one set of linked figures
(quarters beside a longer period give away a hidden one), protected once.

One ``Pack`` is rendered as the page, the Excel workbook (concord.reporting.pack_workbook)
and the CSV, so they show the same figures. A line keeps its numbers (``PackLine.numerator``
and so on: None when hidden or not computed) beside the text printed on the page.

RAG: green when a figure meets its target, amber when it is within ``AMBER_MARGIN``
percentage points of it, red otherwise; no status for a hidden figure or one without a
target.

A strategy indicator is "Target met" when the figure has reached its target, "Better than
baseline" when it has moved the better way from the baseline but not yet that far, and "Not
better than baseline" otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.models import Agency
from concord.commissioning.lifecycle import ReturnStatus
from concord.commissioning.models import QuarterlyReturn
from concord.domain.disclosure import DisclosureRule
from concord.domain.numbers import number_text, percentage_text
from concord.domain.periods import Period, Quarter, financial_year_label
from concord.indicators.catalogue import INDICATORS, Better, Group, Indicator, Unit, get
from concord.indicators.engine import NO_GROUP, Result, compute
from concord.indicators.publishing import Block, PublishedFigure, published_together
from concord.people import reference as ref
from concord.strategy.models import StrategyTarget

AMBER_MARGIN = 5
# (group, title, short name: the Excel sheet's), in the order of the committee's paper.
SECTIONS: tuple[tuple[Group, str, str], ...] = (
    (Group.HEADLINE, "Headline figures", "Headline"),
    (Group.INTAKE, "Intake safeguarding of adults and children", "Safeguarding (intake)"),
    (Group.SAFEGUARDING_CHILDREN, "Safeguarding children", "Safeguarding children"),
    (Group.PERPETRATOR_PROGRAMME, "Perpetrator programme", "Programme"),
    (Group.OUTCOME, "Outcomes against their targets", "Outcomes"),
    (Group.MARAC, "MARAC", "MARAC"),
    (Group.VOICE, "Victims' voice: feedback and complaints", "Victims' voice"),
    (Group.STRATEGY, "Strategy indicators over the financial year to date", "Strategy"),
)
NONE_KNOWN = "None known"
STATUS_LABELS = {"green": "Met", "amber": "Nearly met", "red": "Not met"}
STRATEGY_STATUS_LABELS = {
    "green": "Target met",
    "amber": "Better than baseline",
    "red": "Not better than baseline",
}
DIRECTIONS = {Better.HIGHER: "Up", Better.LOWER: "Down", Better.NEITHER: "No direction"}


@dataclass(frozen=True)
class Count:
    """One number of a line as it may be shown: ``value`` None when hidden, ``text`` what
    to print in its place ("1,838", "<5", "[c]")."""

    value: int | None
    text: str


@dataclass(frozen=True)
class PackLine:
    indicator: Indicator
    figure: str  # "56% (154 of 273)", "1,234", "<5", "[c]"
    not_known: str  # "12 not known", or ""
    whole: int | None  # the figure as reported (None when hidden or not computed)
    # The numbers behind the figure, for exports (None: not computed, or no such number).
    numerator: Count | None = field(default=None, kw_only=True)  # a count, or a share's
    denominator: Count | None = field(default=None, kw_only=True)  # where it is known
    not_known_count: Count | None = field(default=None, kw_only=True)

    @property
    def share(self) -> Fraction | None:
        """A percentage's exact share (numerator over denominator, as shown), for exports;
        None for a count or when either is hidden or the denominator is 0."""
        if self.indicator.unit != Unit.PERCENTAGE or not self.numerator or not self.denominator:
            return None
        top, bottom = self.numerator.value, self.denominator.value
        return Fraction(top, bottom) if top is not None and bottom else None

    @property
    def target_share(self) -> Fraction | None:
        target = self.indicator.target
        return Fraction(target, 100) if target is not None else None

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
        shown = percentage_text if self.indicator.unit == Unit.PERCENTAGE else number_text
        return shown(value)

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


@dataclass(frozen=True)
class PackSection:
    title: str
    lines: tuple[PackLine, ...]
    name: str = ""  # short, for a sheet


def quarterly_pack(period: Period, *, agency: Agency | None = None) -> list[PackSection]:
    """The sections of ``period``'s pack alone, exact: a service's own figures (and what the
    indicators benchmark times). A pack that leaves a service is :func:`pack`, protected
    whole."""
    figures, strategy = _lines(_section_blocks(period, agency), None)
    voice, _ = voice_part(period, agency, None)
    return _sections(figures | voice, strategy)


def pack_blocks(period: Period, agency: Agency | None = None) -> list[Block]:
    """The figures of ``period``'s pack, exact, a block per period: the sections', the
    strategy year to date's, then each trend quarter's. Published together, they are
    protected together (a quarter's count beside the others' and a longer period's would
    give away a hidden one)."""
    quarters = period.trend_quarters(TREND_QUARTERS)
    trend = [Block(q.period, compute(TREND_CODES, q.period, agency=agency)) for q in quarters]
    return [*_section_blocks(period, agency), *trend]


def _section_blocks(period: Period, agency: Agency | None) -> list[Block]:
    strategy = [i.code for i in INDICATORS if i.group == Group.STRATEGY]
    others = [i.code for i in INDICATORS if i.group not in (Group.STRATEGY, Group.VOICE)]
    year_to_date = period.year_to_date()
    return [
        Block(period, compute(others, period, agency=agency)),
        Block(year_to_date, compute(strategy, year_to_date, agency=agency)),
    ]


def _sections(figures: dict[str, PackLine], strategy: dict[str, PackLine]) -> list[PackSection]:
    sections = [
        PackSection(title, tuple(figures[i.code] for i in INDICATORS if i.group == group), name)
        for group, title, name in SECTIONS
        if group != Group.STRATEGY
    ]
    plans = {plan.code: plan for plan in StrategyTarget.objects.all()}
    _, title, name = SECTIONS[-1]
    planned = tuple(
        with_plan(strategy[i.code], plans.get(i.code))
        for i in INDICATORS
        if i.group == Group.STRATEGY
    )
    return [*sections, PackSection(title, planned, name)]


def with_plan(line: PackLine, plan: StrategyTarget | None) -> StrategyLine:
    """``line`` beside the baseline and target the partnership set for it (the board pack
    also judges other indicators that have one)."""
    return StrategyLine(
        line.indicator,
        line.figure,
        line.not_known,
        line.whole,
        plan,
        numerator=line.numerator,
        denominator=line.denominator,
        not_known_count=line.not_known_count,
    )


def _lines(blocks: Sequence[Block], rule: DisclosureRule | None) -> list[dict[str, PackLine]]:
    """Each block's line per indicator it computed: exact, or all blocks protected together
    by ``rule``."""
    if rule is None:
        return [{r.code: _exact_line(r) for r in block.results} for block in blocks]
    return [
        {f.code: _protected_line(f) for f in figures if f.group is None}
        for figures in published_together(blocks, rule)
    ]


def _exact(value: int | None) -> Count | None:
    return None if value is None else Count(value, f"{value:,}")


def _exact_line(result: Result) -> PackLine:
    indicator = get(result.code)
    numbers = {
        "numerator": _exact(result.numerator),
        "denominator": _exact(result.denominator),
        "not_known_count": _exact(result.not_known),
    }
    if indicator.unit == Unit.COUNT:
        return PackLine(indicator, f"{result.numerator:,}", "", result.whole, **numbers)
    not_known = f"{result.not_known:,} not known" if result.not_known else ""
    if result.whole is None:
        return PackLine(indicator, NONE_KNOWN, not_known, None, **numbers)
    figure = f"{result.whole}% ({result.numerator:,} of {result.denominator:,})"
    return PackLine(indicator, figure, not_known, result.whole, **numbers)


def _shown(value: int | None, text: str | None) -> Count | None:
    return None if text is None else Count(value, text)


def _protected_line(figure: PublishedFigure) -> PackLine:
    indicator = get(figure.code)
    numbers = {
        "numerator": _shown(figure.numerator, figure.numerator_text),
        "denominator": _shown(figure.denominator, figure.denominator_text),
        "not_known_count": _shown(figure.not_known, figure.not_known_text),
    }
    if indicator.unit == Unit.COUNT:
        return PackLine(indicator, figure.numerator_text, "", figure.numerator, **numbers)
    not_known = (
        f"{figure.not_known_text} not known" if figure.not_known_text not in ("0", None) else ""
    )
    if figure.denominator == 0:
        return PackLine(indicator, NONE_KNOWN, not_known, None, **numbers)
    text = f"{figure.percentage_text} ({figure.numerator_text} of {figure.denominator_text})"
    return PackLine(indicator, text, not_known, figure.percentage, **numbers)


# The providers' narrative ---------------------------------------------------------------------


@dataclass(frozen=True)
class Narrative:
    """What one provider's return for the quarter says in words."""

    contract: str
    provider: str
    status: str
    parts: tuple[tuple[str, str], ...]  # (heading, text), only those written
    quarter: Quarter


def narratives(period: Period, *, agency: Agency | None = None) -> list[Narrative]:
    """The narrative of every return for a quarter ``period`` overlaps that its provider has
    submitted (of ``agency``'s contracts only, when given), oldest quarter first. Drafts
    stay with the provider."""
    returns = (
        QuarterlyReturn.objects.exclude(status=ReturnStatus.DRAFT)
        .filter(contract__starts_on__lte=period.last, contract__ends_on__gte=period.first)
        .select_related("contract__provider")
        .order_by("contract__title")
    )
    if agency is not None:
        returns = returns.filter(contract__provider=agency)
    quarters = period.quarters
    overlapping = [told for told in returns if told.financial_quarter in quarters]
    return [_narrative(told) for told in sorted(overlapping, key=lambda r: r.financial_quarter)]


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
        found.financial_quarter,
    )


# The last four quarters -----------------------------------------------------------------------

TREND_QUARTERS = 4
TREND_CODES = tuple(i.code for i in INDICATORS if i.group == Group.HEADLINE)


@dataclass(frozen=True)
class TrendLine:
    indicator: Indicator
    quarters: tuple[PackLine, ...]


# Victims' voice by service and equality strand (DOMAIN §17, ADR 0034) --------------------------
#
# The voice indicators are counted once per breakdown, and their section's lines are the
# breakdowns' totals. Published, they are one set of linked figures of their own (no other
# figure of the pack is related to them), protected with the sensitive threshold: ethnic
# group and disability are among the breakdowns, and every breakdown shares the totals.

VOICE_BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("service", "By service"),
    ("sex", "By sex"),
    ("ethnicity_group", "By ethnic group"),
    ("disability", "By disability"),
    ("age_band", "By age band"),
)
TOTAL_GROUP = "total"


@dataclass(frozen=True)
class BreakdownRow:
    group: str  # as printed: "Female", "Asian or Asian British", "Not known"
    lines: tuple[PackLine, ...]  # one per indicator, in the breakdown's order


@dataclass(frozen=True)
class Breakdown:
    title: str
    indicators: tuple[Indicator, ...]
    rows: tuple[BreakdownRow, ...]


def _voice_indicators() -> list[Indicator]:
    return [i for i in INDICATORS if i.group == Group.VOICE]


def voice_blocks(period: Period, agency: Agency | None = None) -> list[Block]:
    """The voice indicators of ``period`` broken down each way, a block per breakdown, each
    group named by its breakdown ("sex:female") so no two breakdowns share a group."""
    codes = [i.code for i in _voice_indicators()]
    return [
        Block(
            period,
            [
                replace(result, group=f"{name}:{result.group}")
                for result in compute(codes, period, agency=agency, disaggregation=name)
            ],
        )
        for name, _ in VOICE_BREAKDOWNS
    ]


def voice_rule(rule: DisclosureRule) -> DisclosureRule:
    sensitive = disclosure_rule(sensitive=True).threshold
    return replace(rule, threshold=max(rule.threshold, sensitive))


GROUP_LABELS: dict[str, dict[str, str]] = {
    "sex": dict(ref.SEXES),
    "ethnicity_group": dict(ref.ETHNIC_GROUPS),
    "disability": dict(ref.DISABILITY),
}


def group_label(group: str) -> str:
    """A breakdown's group as printed ("sex:female" reads "Female")."""
    if group == TOTAL_GROUP:
        return "Total"
    name, _, value = group.partition(":")
    if value == NO_GROUP:
        return "Not known"
    return GROUP_LABELS.get(name, {}).get(value, value)


def _nothing(indicator: Indicator) -> PackLine:
    """The line of an indicator with no record in the period (or in a group)."""
    if indicator.unit == Unit.PERCENTAGE:
        return _exact_line(Result(indicator.code, 0, 0, 0))
    return _exact_line(Result(indicator.code, 0))


def voice_part(
    period: Period, agency: Agency | None, rule: DisclosureRule | None
) -> tuple[dict[str, PackLine], tuple[Breakdown, ...]]:
    """The voice section's lines (the breakdowns' totals) and the breakdowns, exact or
    protected together by the sensitive version of ``rule``."""
    indicators = _voice_indicators()
    blocks = voice_blocks(period, agency)
    if rule is None:
        by_block = [_exact_groups(block) for block in blocks]
    else:
        by_block = [
            {(f.code, f.group): _protected_line(f) for f in figures}
            for figures in published_together(blocks, voice_rule(rule))
        ]
    first = by_block[0]
    totals = {i.code: first.get((i.code, TOTAL_GROUP)) or _nothing(i) for i in indicators}
    breakdowns = tuple(
        _breakdown(title, indicators, lines)
        for (_, title), lines in zip(VOICE_BREAKDOWNS, by_block, strict=True)
    )
    return totals, breakdowns


def _exact_groups(block: Block) -> dict[tuple[str, str | None], PackLine]:
    lines = {(r.code, r.group): _exact_line(r) for r in block.results}
    for code in {r.code for r in block.results}:
        mine = [r for r in block.results if r.code == code]
        total = Result(
            code,
            sum(r.numerator for r in mine),
            None if mine[0].denominator is None else sum(r.denominator or 0 for r in mine),
            None if mine[0].not_known is None else sum(r.not_known or 0 for r in mine),
        )
        lines[(code, TOTAL_GROUP)] = _exact_line(total)
    return lines


def _breakdown(
    title: str, indicators: list[Indicator], lines: dict[tuple[str, str | None], PackLine]
) -> Breakdown:
    groups = sorted({group for _, group in lines if group and group != TOTAL_GROUP})
    rows = tuple(
        BreakdownRow(
            group_label(group),
            tuple(lines.get((i.code, group)) or _nothing(i) for i in indicators),
        )
        for group in [*groups, TOTAL_GROUP]
        if group != TOTAL_GROUP or groups
    )
    return Breakdown(title, tuple(indicators), rows)


# The whole pack ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pack:
    """Everything a pack shows, rendered as the page, Excel and CSV alike."""

    period: Period
    whose: str  # the partnership's name, or the agency's
    rule: DisclosureRule | None  # None: exact figures (a service's own)
    sections: tuple[PackSection, ...]  # the last is the strategy section
    narratives: tuple[Narrative, ...]
    trend_quarters: tuple[Quarter, ...]
    trend: tuple[TrendLine, ...]
    breakdowns: tuple[Breakdown, ...] = ()  # the victims' voice figures by service and strand

    @property
    def figures(self) -> tuple[PackSection, ...]:
        return self.sections[:-1]

    @property
    def strategy(self) -> PackSection:
        return self.sections[-1]

    @property
    def strategy_period(self) -> Period:
        """What the strategy indicators count: the financial year to the period's end."""
        return self.period.year_to_date()


def pack(
    period: Period,
    *,
    whose: str,
    agency: Agency | None = None,
    rule: DisclosureRule | None = None,
) -> Pack:
    """The pack of ``period``: the partnership's (``agency`` None) or one agency's, exact
    or (``rule``) protected as one set of linked figures, the trend's included."""
    figures, strategy, *by_quarter = _lines(pack_blocks(period, agency), rule)
    voice, breakdowns = voice_part(period, agency, rule)
    trend = tuple(
        TrendLine(get(code), tuple(lines[code] for lines in by_quarter)) for code in TREND_CODES
    )
    return Pack(
        period,
        whose,
        rule,
        tuple(_sections(figures | voice, strategy)),
        tuple(narratives(period, agency=agency)),
        tuple(period.trend_quarters(TREND_QUARTERS)),
        trend,
        breakdowns,
    )
