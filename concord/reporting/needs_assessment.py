"""The needs-assessment pack for safe accommodation (issue 16 item 6, DOMAIN §12): demand,
supply, who is under-served against the area's population, and the trend, over three
financial years, as tables ready to show, chart or export, each with its definition.

The pack leaves the services (the partnership analyst and the contract monitoring officer
read it), so every count of people or households is protected by disclosure control
(DOMAIN §11), all three years as one set of linked cells (concord.domain.linked_disclosure):
each table with its totals, and the relations between tables (the outcomes add up to the
referrals by type, the reasons to those unable to be supported, the groups of the people
referred and supported to their totals, the people referred to the referrals and the adults
of outside referrals). Bed spaces and bed-nights count beds, not people, so they are exact;
a median or quartile is shown only where the stays it is taken from number at least the
threshold and are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from concord.accommodation import vocabulary as v
from concord.accounts.disclosure import disclosure_rule
from concord.core.charts import Chart, Point, bar_chart, trend_chart
from concord.domain.disclosure import HIDDEN_TO_PROTECT, Cell, DisclosureRule, round_half_up
from concord.domain.linked_disclosure import LinkedOutput, at_least_sum_of, protect, total_of
from concord.domain.periods import Period, financial_year_label, months_label
from concord.domain.quartiles import Quartiles, quartiles
from concord.people import reference as ref
from concord.reporting import needs as counts
from concord.reporting.partnership_pack import Figure, ReportTable
from concord.reporting.population import Population, PopulationFileError, configured_population

NOT_KNOWN_LABEL = "Not known"
PER = 10_000
OUTSIDE = "outside"
OUTCOMES: tuple[tuple[str, str], ...] = (
    (counts.ACCEPTED, "Accepted"),
    (counts.DECLINED, "Unable to support: referred in Concord"),
    (OUTSIDE, "Unable to support: referred from outside Concord"),
    (counts.WAITING, "Still waiting, or withdrawn"),
)
REASONS: tuple[tuple[str, str], ...] = (
    *v.UNABLE_TO_SUPPORT_REASONS,
    (counts.NOT_KNOWN, "Reason not recorded"),
)
YES_NO: tuple[tuple[str, str], ...] = (
    ("yes", "From outside the area"),
    ("no", "From the area"),
    (counts.NOT_KNOWN, NOT_KNOWN_LABEL),
)
SEXES: tuple[tuple[str, str], ...] = (
    ("female", "Female"),
    ("male", "Male"),
    (counts.NOT_KNOWN, NOT_KNOWN_LABEL),
)
AGE_BANDS: tuple[tuple[str, str], ...] = (
    *((label, label) for _, label in ref.AGE_BANDS),
    (counts.NOT_KNOWN, NOT_KNOWN_LABEL),
)
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    *ref.ETHNIC_GROUPS,
    (counts.NOT_KNOWN, NOT_KNOWN_LABEL),
)
GROUPS = {
    counts.SEX: ("Sex", SEXES),
    counts.AGE_BAND: ("Age band", AGE_BANDS),
    counts.ETHNIC_GROUP: ("Ethnic group", ETHNIC_GROUPS),
}
BEDDED_TYPES = tuple(pair for pair in v.ACCOMMODATION_TYPES if pair[0] != v.SANCTUARY_SCHEME)


@dataclass(frozen=True)
class NeedsSection:
    key: str  # the export's sheet name
    title: str
    tables: tuple[ReportTable, ...]
    notes: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class NeedsReport:
    years: counts.Years
    sections: tuple[NeedsSection, ...]
    population_problem: str = ""

    @property
    def period(self) -> Period:
        first, last = self.years.periods[0], self.years.periods[-1]
        return Period(first.first, last.last, months_label(first.first, last.last))


def needs_report(years: counts.Years) -> NeedsReport:
    """Every section for ``years``, protected by the partnership's disclosure rules."""
    try:
        population: Population | None = configured_population()
        problem = ""
    except PopulationFileError as error:
        population, problem = None, str(error)
    found = counts.needs_counts(years)
    rule = disclosure_rule()
    output = linked_needs(found, rule, disclosure_rule(sensitive=True))
    pack = _Pack(found, protect(output), rule, population)
    sections = (pack.demand(), pack.supply(), pack.under_served(), pack.trend())
    return NeedsReport(years, (*sections, pack.definitions(sections)), problem)


# The pack as one set of linked cells ------------------------------------------------------


def _name(table: str, year: int, row: str) -> str:
    return f"{table}|{year}|{row}"


def _series(
    output: LinkedOutput,
    table: str,
    year: int,
    values: dict[str, int],
    threshold: int | None = None,
) -> None:
    """Counts with their total (``"+"``)."""
    for row, value in values.items():
        output.add_count(_name(table, year, row), value, threshold)
    output.add_count(_name(table, year, "+"), sum(values.values()), threshold)
    output.relate(total_of(_name(table, year, "+"), [_name(table, year, r) for r in values]))


def linked_needs(
    found: counts.NeedsCounts, rule: DisclosureRule, sensitive: DisclosureRule
) -> LinkedOutput:
    """Every people count of the pack with the relations between them."""
    output = LinkedOutput(rule)
    for year in range(len(found.years.periods)):
        _declare_demand(output, found, year)
        _declare_groups(output, found, year, sensitive)
        lengths = {
            kind: sum(found.stay_lengths.get((year, kind), {}).values())
            for kind, _ in v.ACCOMMODATION_TYPES
        }
        _series(output, "ended", year, lengths)
        ready = sum(found.move_on_delays.get(year, {}).values())
        output.add_count(_name("ready", year, "+"), ready)
        output.relate(at_least_sum_of(_name("ended", year, "+"), [_name("ready", year, "+")]))
    return output


def _declare_demand(output: LinkedOutput, found: counts.NeedsCounts, year: int) -> None:
    outside = {
        kind: sum(n for (y, k, _), n in found.unmet.items() if (y, k) == (year, kind))
        for kind, _ in v.ACCOMMODATION_TYPES
    }
    outcomes = {
        outcome: (
            sum(outside.values())
            if outcome == OUTSIDE
            else sum(n for (y, _, o), n in found.referrals.items() if (y, o) == (year, outcome))
        )
        for outcome, _ in OUTCOMES
    }
    _series(output, "outcome", year, outcomes)
    by_type = {
        kind: outside[kind] + sum(found.referrals.get((year, kind, o), 0) for o, _ in OUTCOMES)
        for kind, _ in v.ACCOMMODATION_TYPES
    }
    _series(output, "type", year, by_type)
    output.relate(total_of(_name("type", year, "+"), [_name("outcome", year, "+")]))
    reasons = {
        reason: found.declined_reasons.get((year, reason), 0)
        + sum(n for (y, _, r), n in found.unmet.items() if (y, r) == (year, reason))
        for reason, _ in REASONS
    }
    _series(output, "reason", year, reasons)
    unable = [_name("outcome", year, counts.DECLINED), _name("outcome", year, OUTSIDE)]
    output.relate(total_of(_name("reason", year, "+"), unable))
    outside_total = _name("outcome", year, OUTSIDE)
    none = _name("characteristic", year, "")
    output.add_count(none, found.unmet_characteristics.get((year, ""), 0))
    for code, _ in v.SPECIALIST_CHARACTERISTICS:
        name = _name("characteristic", year, code)
        output.add_count(name, found.unmet_characteristics.get((year, code), 0))
        output.relate(at_least_sum_of(outside_total, [none, name]))
    for characteristic, table in ((counts.SEX, "declined.sex"), (counts.AGE_BAND, "declined.age")):
        _, labels = GROUPS[characteristic]
        values = {
            code: found.referred.get((year, counts.DECLINED, characteristic, code), 0)
            for code, _ in labels
        }
        _series(output, table, year, values)
        output.relate(total_of(_name(table, year, "+"), [unable[0]]))
    placed = {code: found.placed_out_of_area.get((year, code), 0) for code, _ in YES_NO}
    _series(output, "placed", year, placed)
    away = {code: found.unmet_out_of_area.get((year, code), 0) for code, _ in YES_NO}
    _series(output, "unmet.area", year, away)
    output.relate(total_of(_name("unmet.area", year, "+"), [outside_total]))


def _declare_groups(
    output: LinkedOutput, found: counts.NeedsCounts, year: int, sensitive: DisclosureRule
) -> None:
    adults = found.unmet_adults.get(year, 0)
    unknown = _name("adults", year, OUTSIDE)
    output.add_unknown(unknown, adults)
    output.relate(at_least_sum_of(unknown, [_name("outcome", year, OUTSIDE)]))
    people = [_name("outcome", year, o) for o in (counts.ACCEPTED, counts.DECLINED, counts.WAITING)]
    for characteristic, (_, labels) in GROUPS.items():
        threshold = sensitive.threshold if characteristic == counts.ETHNIC_GROUP else None
        referred = {
            code: sum(
                found.referred.get((year, outcome, characteristic, code), 0)
                for outcome in (counts.ACCEPTED, counts.DECLINED, counts.WAITING)
            )
            + (adults if code == counts.NOT_KNOWN else 0)
            for code, _ in labels
        }
        _series(output, f"referred.{characteristic}", year, referred, threshold)
        output.relate(total_of(_name(f"referred.{characteristic}", year, "+"), [*people, unknown]))
        supported = {
            code: found.supported.get((year, characteristic, code), 0) for code, _ in labels
        }
        _series(output, f"supported.{characteristic}", year, supported, threshold)
        if characteristic != counts.SEX:
            output.relate(
                total_of(
                    _name(f"supported.{characteristic}", year, "+"),
                    [_name(f"supported.{counts.SEX}", year, "+")],
                )
            )


# The tables -------------------------------------------------------------------------------


class _Pack:
    def __init__(
        self,
        found: counts.NeedsCounts,
        cells: dict[str, Cell],
        rule: DisclosureRule,
        population: Population | None,
    ) -> None:
        self.found = found
        self.cells = cells
        self.rule = rule
        self.population = population
        self.periods = found.years.periods
        self.labels = tuple(financial_year_label(p.first.year) for p in self.periods)

    def cell(self, table: str, year: int, row: str) -> Cell:
        return self.cells[_name(table, year, row)]

    def by_year(
        self,
        caption: str,
        meaning: str,
        table: str,
        rows: Sequence[tuple[str, str]],
        *,
        total: str | None = "All",
        total_from: tuple[str, str] | None = None,
        heading: str = "",
    ) -> ReportTable:
        """A table of counts with a row per code and a column per year; its total line is
        the table's own total, or the cell ``total_from`` (table, row) of another."""
        lines = tuple(
            (_label(label), *(_count(self.cell(table, y, code)) for y in range(len(self.periods))))
            for code, label in rows
        )
        total_line = None
        if total:
            source, row = total_from or (table, "+")
            total_line = (
                _label(total),
                *(_count(self.cell(source, y, row)) for y in range(len(self.periods))),
            )
        return ReportTable(caption, meaning, (heading, *self.labels), lines, total_line)

    # Demand --------------------------------------------------------------------------------

    def demand(self) -> NeedsSection:
        outcomes = self.by_year(
            "Referrals to safe accommodation by outcome",
            "Households referred to an accommodation service: referrals made in Concord (by "
            "the day referred; duplicates left out) and households referred from outside "
            "Concord that the service could not support. A household accepted from outside "
            "Concord is not a referral here: it is counted when it moves in.",
            "outcome",
            OUTCOMES,
            total="All referrals",
            heading="Outcome",
        )
        types = self.by_year(
            "Referrals by accommodation type",
            "The same referrals by the type of the service referred to.",
            "type",
            v.ACCOMMODATION_TYPES,
            total="All referrals",
            heading="Accommodation type",
        )
        reasons = self.by_year(
            "Households unable to be supported, by reason",
            "Referrals in Concord declined, and households referred from outside Concord "
            "that could not be supported, by the reason recorded (the return's list).",
            "reason",
            REASONS,
            total="All unable to be supported",
            heading="Reason",
        )
        characteristic_rows = (*v.SPECIALIST_CHARACTERISTICS, ("", "None recorded"))
        characteristics = self.by_year(
            "Households referred from outside Concord unable to be supported, by specialist "
            "characteristic",
            "A household counts in the row of each characteristic recorded for its adults "
            "(it can have several, so the rows add up to more than the total). Referrals "
            "made in Concord do not record these characteristics.",
            "characteristic",
            characteristic_rows,
            total="All referred from outside Concord, unable to be supported",
            total_from=("outcome", OUTSIDE),
            heading="Specialist characteristic",
        )
        sex = self.by_year(
            "People referred in Concord unable to be supported, by sex",
            "The sex the referral gives for the person referred. Households referred from "
            "outside Concord have no sex or age recorded.",
            "declined.sex",
            SEXES,
            heading="Sex",
        )
        age = self.by_year(
            "People referred in Concord unable to be supported, by age band",
            "Age on 1 April of the year, from the date of birth the referral gives.",
            "declined.age",
            AGE_BANDS,
            heading="Age band",
        )
        placed = self.by_year(
            "Placements begun, by where the household came from",
            "Stays that began in the year, by whether the household came from outside the "
            "partnership's area.",
            "placed",
            YES_NO,
            total="All placements begun",
            heading="Came from",
        )
        away = self.by_year(
            "Households referred from outside Concord unable to be supported, by where they "
            "came from",
            "Referrals made in Concord do not record whether the household is from outside "
            "the area, so they are not in this table.",
            "unmet.area",
            YES_NO,
            total="All referred from outside Concord, unable to be supported",
            heading="Came from",
        )
        latest = len(self.periods) - 1
        chart = bar_chart(
            f"Households unable to be supported by reason, {self.labels[latest]}",
            [Point(label, *_drawn(self.cell("reason", latest, code))) for code, label in REASONS],
            value_heading="Households",
            category_heading="Reason",
        )
        return NeedsSection(
            "Demand",
            "Demand: referrals and unmet need",
            (outcomes, types, reasons, characteristics, sex, age, placed, away),
            (
                "Unmet need is counted from records: declined referrals and the households "
                "providers record as referred from outside Concord and not supported.",
            ),
            (chart,),
        )

    # Supply --------------------------------------------------------------------------------

    def supply(self) -> NeedsSection:
        years = range(len(self.periods))
        found = self.found
        beds_head = tuple(
            f"{label}: {part}"
            for label in self.labels
            for part in ("commissioned", "not commissioned")
        )

        def beds(kind: str) -> tuple[Figure, ...]:
            return tuple(
                _exact(found.bed_spaces.get((y, kind, commissioned), 0))
                for y in years
                for commissioned in (True, False)
            )

        bed_spaces = ReportTable(
            "Bed spaces by accommodation type",
            "Bed spaces of the units open on the year's last day (today for the year not "
            "yet over), commissioned by the council or not, as the units are recorded now. A "
            "sanctuary scheme counts the homes it is commissioned to secure at once, as "
            "recorded now (Concord keeps no history of it). Beds, not people: exact.",
            ("Accommodation type", *beds_head),
            tuple((_label(label), *beds(kind)) for kind, label in v.ACCOMMODATION_TYPES),
            (
                _label("All"),
                *(
                    _exact(
                        sum(
                            n
                            for (y, _, c), n in found.bed_spaces.items()
                            if (y, c) == (year, commissioned)
                        )
                    )
                    for year in years
                    for commissioned in (True, False)
                ),
            ),
        )

        def nights(source: dict[tuple[int, str], int], caption: str, meaning: str) -> ReportTable:
            return ReportTable(
                caption,
                meaning,
                ("Accommodation type", *self.labels),
                tuple(
                    (_label(label), *(_exact(source.get((y, kind), 0)) for y in years))
                    for kind, label in BEDDED_TYPES
                ),
                (
                    _label("All"),
                    *(_exact(sum(n for (y2, _), n in source.items() if y2 == y)) for y in years),
                ),
            )

        available = nights(
            found.available_nights,
            "Available bed-nights",
            "Each unit's bed spaces times the nights it was open in the year (from the day "
            "it opened to the day before it closed; a unit out of use for repairs is still "
            "counted, as Concord does not record when). Up to last night for this year.",
        )
        occupied = nights(
            found.occupied_nights,
            "Occupied bed-nights",
            "Each person staying in a unit (adults and children), for each night of their "
            "stay in the year: the night of the day they moved in, not of the day they left.",
        )
        occupancy = ReportTable(
            "Occupancy",
            "Occupied bed-nights as a share of available bed-nights.",
            ("Accommodation type", *self.labels),
            tuple(
                (_label(label), *(self.occupancy(y, kind) for y in years))
                for kind, label in BEDDED_TYPES
            ),
            (_label("All"), *(self.occupancy(y, None) for y in years)),
        )
        ended = self.by_year(
            "Stays that ended",
            "Households whose stay (or sanctuary support) ended in the year.",
            "ended",
            v.ACCOMMODATION_TYPES,
            heading="Accommodation type",
        )
        medians = ReportTable(
            "Median length of stay (nights)",
            "Of the stays that ended in the year, the middle length in nights from moving in "
            "to moving out; left out where fewer stays ended than the threshold.",
            ("Accommodation type", *self.labels),
            tuple(
                (
                    _label(label),
                    *(
                        self.middle(
                            self.cell("ended", y, kind),
                            found.stay_lengths.get((y, kind), {}),
                            lambda q: q.median,
                        )
                        for y in years
                    ),
                )
                for kind, label in v.ACCOMMODATION_TYPES
            ),
        )
        lengths = self.spread(
            "Length of stay of all stays that ended (nights)",
            "Lower quartile, median and upper quartile of the nights from moving in to "
            "moving out, over every accommodation type.",
            "ended",
            lambda y: _merged(found.stay_lengths, y),
            "Stays ended",
        )
        delays = self.spread(
            "Move-on delay (days)",
            "Of the stays that ended in the year with the day the household was ready to "
            "move on recorded, the days from then to moving out. Stays without that day "
            "recorded are not in the quartiles.",
            "ready",
            lambda y: found.move_on_delays.get(y, {}),
            "Stays ended with a ready-to-move-on day",
        )
        chart = trend_chart(
            "Occupancy of bed spaces",
            [
                Point(label, *_share_point(self.occupancy(y, None)))
                for y, label in enumerate(self.labels)
            ],
            value_heading="Occupancy (%)",
            period_heading="Financial year",
        )
        return NeedsSection(
            "Supply",
            "Supply: bed spaces, occupancy, length of stay and move-on",
            (bed_spaces, available, occupied, occupancy, ended, medians, lengths, delays),
            (
                "Move-on delay needs the day a household was ready to move on: where "
                "providers do not record it, the delay cannot be measured.",
            ),
            (chart,),
        )

    def occupancy(self, year: int, kind: str | None) -> Figure:
        def total(source: dict[tuple[int, str], int]) -> int:
            return sum(n for (y, k), n in source.items() if y == year and kind in (None, k))

        available = total(self.found.available_nights)
        if not available:
            return Figure("No bed-nights", "No bed-nights")
        share = Fraction(100 * total(self.found.occupied_nights), available)
        return Figure(f"{round_half_up(share)}%", float(share))

    def middle(
        self, stays: Cell, distribution: dict[int, int], which: Callable[[Quartiles], Fraction]
    ) -> Figure:
        """A quartile of ``distribution``, shown only where its stays are shown and at
        least the threshold."""
        found = quartiles(distribution)
        if found is None:
            return Figure("No stays", "No stays")
        if stays.shown is None or found.count < self.rule.threshold:
            return Figure(HIDDEN_TO_PROTECT, HIDDEN_TO_PROTECT)
        value = which(found)
        return Figure(_number(value), float(value))

    def spread(
        self,
        caption: str,
        meaning: str,
        table: str,
        distribution: Callable[[int], dict[int, int]],
        counted: str,
    ) -> ReportTable:
        lines = tuple(
            (
                _label(label),
                _count(self.cell(table, y, "+")),
                *(
                    self.middle(self.cell(table, y, "+"), distribution(y), which)
                    for which in (
                        lambda q: q.lower,
                        lambda q: q.median,
                        lambda q: q.upper,
                    )
                ),
            )
            for y, label in enumerate(self.labels)
        )
        return ReportTable(
            caption,
            meaning,
            ("Financial year", counted, "Lower quartile", "Median", "Upper quartile"),
            lines,
        )

    # Who is under-served -----------------------------------------------------------------------

    def under_served(self) -> NeedsSection:
        tables = tuple(
            self.against_population(year, characteristic)
            for characteristic in GROUPS
            for year in range(len(self.periods))
        )
        return NeedsSection(
            "Who is under-served",
            "Who is under-served: people referred and supported against the population",
            tables,
            (
                "People referred: the person each referral in Concord is about, and the "
                "adults of households referred from outside Concord (whose sex, age and "
                "ethnic group are not recorded, so they are not known here). People "
                "supported: adults staying at any time in the year. Rates are per 10,000 of "
                "the group's population in the population file; each rate's denominator is "
                "beside it.",
            ),
        )

    def against_population(self, year: int, characteristic: str) -> ReportTable:
        heading, labels = GROUPS[characteristic]
        whole = self.population.by(characteristic) if self.population else {}
        referred, supported = f"referred.{characteristic}", f"supported.{characteristic}"
        rows = []
        for code, label in labels:
            people = whole.get(code) if self.population and code != counts.NOT_KNOWN else None
            asked, helped = self.cell(referred, year, code), self.cell(supported, year, code)
            if code == counts.NOT_KNOWN:
                blank = Figure("", "")
                rows.append(
                    (_label(label), blank, _count(asked), blank, _count(helped), blank, blank)
                )
                continue
            rows.append(
                (
                    _label(label),
                    _population(people, self.population is not None),
                    _count(asked),
                    _rate(asked, people, PER),
                    _count(helped),
                    _rate(helped, people, PER),
                    _rate(helped, asked.shown, 100),
                )
            )
        everyone = sum(whole.values()) if self.population else None
        total = (
            _label("All"),
            _population(everyone, self.population is not None),
            _count(self.cell(referred, year, "+")),
            _rate(self.cell(referred, year, "+"), everyone, PER),
            _count(self.cell(supported, year, "+")),
            _rate(self.cell(supported, year, "+"), everyone, PER),
            _rate(self.cell(supported, year, "+"), self.cell(referred, year, "+").shown, 100),
        )
        return ReportTable(
            f"{heading}: people referred and supported, {self.labels[year]}",
            "Referred per 10,000 and supported per 10,000 are out of the population beside "
            "them; supported per 100 referred is out of the people referred.",
            (
                heading,
                "Population",
                "Referred",
                "Referred per 10,000",
                "Supported",
                "Supported per 10,000",
                "Supported per 100 referred",
            ),
            tuple(rows),
            total,
        )

    # Trend -------------------------------------------------------------------------------------

    def trend(self) -> NeedsSection:
        years = range(len(self.periods))
        unable = [
            _sum_of(self.cell("outcome", y, counts.DECLINED), self.cell("outcome", y, OUTSIDE))
            for y in years
        ]
        beds = [sum(n for (y2, _, _), n in self.found.bed_spaces.items() if y2 == y) for y in years]
        lines = (
            (_label("Referrals"), *(_count(self.cell("outcome", y, "+")) for y in years)),
            (
                _label("Accepted"),
                *(_count(self.cell("outcome", y, counts.ACCEPTED)) for y in years),
            ),
            (_label("Unable to be supported"), *unable),
            (_label("Placements begun"), *(_count(self.cell("placed", y, "+")) for y in years)),
            (
                _label("Placements from outside the area"),
                *(_count(self.cell("placed", y, "yes")) for y in years),
            ),
            (_label("Bed spaces"), *(_exact(n) for n in beds)),
            (_label("Occupancy"), *(self.occupancy(y, None) for y in years)),
            (
                _label("Median length of stay (nights)"),
                *(
                    self.middle(
                        self.cell("ended", y, "+"),
                        _merged(self.found.stay_lengths, y),
                        lambda q: q.median,
                    )
                    for y in years
                ),
            ),
        )
        table = ReportTable(
            "The headline figures, year by year",
            "Each figure as defined in its section, for each financial year (April to March).",
            ("Figure", *self.labels),
            lines,
        )
        chart = trend_chart(
            "Households unable to be supported, year by year",
            [
                Point(
                    label,
                    figure.value if figure.numeric and isinstance(figure.value, int) else None,
                    figure.text,
                )
                for label, figure in zip(self.labels, unable, strict=True)
            ],
            value_heading="Households",
            period_heading="Financial year",
        )
        return NeedsSection("Trend", "Trend over three years", (table,), (), (chart,))

    def definitions(self, sections: Sequence[NeedsSection]) -> NeedsSection:
        """Each table's definition once (the tables of each year of a comparison with the
        population share theirs)."""
        seen: set[str] = set()
        lines = []
        for section in sections:
            for table in section.tables:
                if table.meaning not in seen:
                    seen.add(table.meaning)
                    lines.append((_label(table.caption), _label(table.meaning)))
        return NeedsSection(
            "Definitions",
            "Definitions",
            (
                ReportTable(
                    "What each table counts",
                    "Every table of the pack with its definition.",
                    ("Table", "Definition"),
                    tuple(lines),
                ),
            ),
            (
                "Counts of people and households leave the services, so numbers from 1 to "
                f"{self.rule.threshold - 1} show as “<{self.rule.threshold}” (more for ethnic "
                "group), a number that would let someone work one out shows as “[c]”, and a "
                "rate or quartile is left out when what it is taken from is hidden.",
            ),
        )


# Cells -------------------------------------------------------------------------------------


def _label(text: str) -> Figure:
    return Figure(text, text, numeric=False)


def _count(cell: Cell) -> Figure:
    return Figure(cell.text, cell.shown if cell.shown is not None else cell.text)


def _exact(number: int) -> Figure:
    return Figure(f"{number:,}", number)


def _sum_of(first: Cell, second: Cell) -> Figure:
    if first.shown is None or second.shown is None:
        return Figure(HIDDEN_TO_PROTECT, HIDDEN_TO_PROTECT)
    total = first.shown + second.shown
    return Figure(f"{total:,}", total)


def _number(value: Fraction) -> str:
    return f"{int(value):,}" if value.denominator == 1 else f"{float(value):,.1f}"


def _population(people: int | None, known: bool) -> Figure:
    if people is None or not known:
        return Figure("No population figure", "No population figure", numeric=False)
    return Figure(f"{people:,}", people)


def _rate(cell: Cell, whole: int | None, per: int) -> Figure:
    if not whole:
        return Figure("", "")
    if cell.shown is None:
        return Figure(HIDDEN_TO_PROTECT, HIDDEN_TO_PROTECT)
    rate = Fraction(cell.shown * per, whole)
    return Figure(f"{round_half_up(rate * 10) / 10:.1f}", float(rate))


def _drawn(cell: Cell) -> tuple[float | None, str]:
    return cell.shown, cell.text


def _share_point(figure: Figure) -> tuple[float | None, str]:
    return (figure.value if isinstance(figure.value, float) else None), figure.text


def _merged(lengths: dict[tuple[int, str], dict[int, int]], year: int) -> dict[int, int]:
    merged: dict[int, int] = {}
    for (y, _), distribution in lengths.items():
        if y == year:
            for nights, stays in distribution.items():
                merged[nights] = merged.get(nights, 0) + stays
    return merged


# The export --------------------------------------------------------------------------------


def sheets(report: NeedsReport) -> list[tuple[str, list[list[object]]]]:
    """One sheet per section: its title, notes, then each table with its caption,
    definition, heading and lines."""
    found = []
    for section in report.sections:
        lines: list[list[object]] = [[f"{section.title}: {report.period.label}"]]
        lines += [[note] for note in section.notes]
        for table in section.tables:
            lines += [[], [table.caption], [table.meaning], list(table.head)]
            lines += [[figure.value for figure in row] for row in table.rows]
            if table.total:
                lines.append([figure.value for figure in table.total])
        found.append((section.key, lines))
    return found
