"""The partnership data report (issue 6 item 8) as tables ready to show or export: the
counts of concord.reporting.partnership put through disclosure control (DOMAIN §11), with
percentages hidden with their parts, the area population beside them and what each table
means. Every figure here leaves the services, so every count about people is protected;
the only exact numbers are files received, which are about agencies, not people.

The whole report is protected as one set of linked figures
(concord.domain.linked_disclosure): each table with its totals, and the relations between
tables: the victims' tables by sex, age band, ethnic group and area count the same people
(as do the two tables of people causing harm); an agency's people are at most its records;
the partnership's people are at most the sum of the agencies' people and at least any
agency's; fields filled are at most the records. Where two tables show the same counts
(each agency's people, in the first table and in the repeats), both read the same cells.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.models import Agency
from concord.domain.disclosure import (
    HIDDEN_TO_PROTECT,
    Cell,
    DisclosureRule,
    ProtectedPercentage,
    ProtectedSeries,
    ProtectedTable,
    Suppression,
    percentage,
    protected_percentage,
    round_half_up,
)
from concord.domain.linked_disclosure import (
    LinkedOutput,
    at_least_sum_of,
    at_most_sum_of,
    protect,
    total_of,
)
from concord.domain.periods import Period
from concord.people import reference as ref
from concord.reporting import partnership as counts
from concord.reporting.population import Population, PopulationFileError, configured_population
from concord.submissions.schema import RELATIONSHIPS

NOT_KNOWN_LABEL = "Not known"
ALL_AGENCIES = "All agencies"
PER = 1000
SEX_LABELS: tuple[tuple[str, str], ...] = (("female", "Female"), ("male", "Male"))


@dataclass(frozen=True)
class Figure:
    """One cell: ``text`` for the page, ``value`` for the export (a count as shown, an exact
    percentage or rate, or the text when hidden)."""

    text: str
    value: int | float | str
    numeric: bool = True


@dataclass(frozen=True)
class ReportTable:
    caption: str
    meaning: str
    head: tuple[str, ...]
    rows: tuple[tuple[Figure, ...], ...]  # the first figure of a row names it
    total: tuple[Figure, ...] | None = None


@dataclass(frozen=True)
class Section:
    key: str  # the export's sheet name
    title: str
    tables: tuple[ReportTable, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class PartnershipReport:
    period: Period
    sections: tuple[Section, ...]
    population_problem: str = ""


def partnership_report(period: Period) -> PartnershipReport:
    """Every section for ``period``, protected by the partnership's disclosure rules."""
    rule, sensitive = disclosure_rule(), disclosure_rule(sensitive=True)
    try:
        population: Population | None = configured_population()
        problem = ""
    except PopulationFileError as error:
        population, problem = None, str(error)
    found = ReportCounts.of(period, population)
    output = linked_report(found, rule, sensitive)
    tables = _Tables(protect(output), found)
    names = found.names
    sections = (
        Section(
            "Records and people",
            "Records and people by agency",
            (_records_and_people(tables.records, tables.within, tables.across, names),),
            (_not_linked_note(tables.series(NOT_LINKED, 0).total),),
        ),
        Section(
            "Repeat victimisation",
            "Repeat victimisation",
            (_within_table(tables.within, names), _across_table(tables.across)),
        ),
        Section(
            "Victims",
            "Victims against the area population",
            _characteristics(tables, VICTIMS, "victims", population, with_ethnicity=True),
            ("Each victim is counted once, by their latest record in the period.",),
        ),
        Section(
            "People causing harm",
            "People causing harm against the area population",
            _characteristics(tables, HARMERS, "people causing harm", population),
            (
                "Each person causing harm is counted once, by their latest record in the "
                "period; records that name nobody as causing harm are left out. Agencies do "
                "not send the ethnicity of people causing harm.",
            ),
        ),
        Section(
            "Relationships",
            "Relationships",
            (_relationships(tables.series(RELATIONSHIP, len(RELATIONSHIPS) + 1)),),
        ),
        Section(
            "Rates by area",
            "Victims per 1,000 population by area",
            (_rates(found.areas, tables.series(AREA, len(found.areas) + 1), population),),
            ("Each victim is counted once, in the area of their latest record in the period.",),
        ),
        Section(
            "Agencies submitting",
            "Agencies submitting and data completeness",
            (_submissions(found.submitted, names), _completeness(tables, names)),
        ),
        Section(
            "Journeys",
            "Journeys between agencies",
            (_journeys(tables.table(JOURNEYS, len(names) or 1, len(names) or 1), names),),
        ),
    )
    return PartnershipReport(period, sections, problem)


# The report as one set of linked cells --------------------------------------------------------

RECORDS, WITHIN, ACROSS, NOT_LINKED = "records", "within", "across", "not_linked"
VICTIMS, HARMERS, RELATIONSHIP, AREA, JOURNEYS = (
    "victims",
    "harmers",
    "relationship",
    "victims.area",
    "journeys",
)
CHARACTERISTICS = (("sex", counts.SEX), ("age_band", counts.AGE_BAND))


@dataclass(frozen=True)
class ReportCounts:
    """The report's exact counts."""

    names: dict[uuid.UUID, str]
    order: tuple[uuid.UUID, ...]  # the agencies with records, by name
    by_agency: dict[uuid.UUID, counts.AgencyRecords]
    repeats: counts.Repeats
    submitted: Sequence[counts.AgencySubmissions]
    victims: counts.Characteristics
    harmers: counts.Characteristics
    relationships: dict[str, int]
    journeys: dict[tuple[uuid.UUID, uuid.UUID], int]
    areas: list[str]

    @classmethod
    def of(cls, period: Period, population: Population | None) -> ReportCounts:
        by_agency = {row.agency_id: row for row in counts.records_by_agency(period)}
        submitted = counts.submissions(period)
        names = _agency_names(set(by_agency) | {row.agency_id for row in submitted})
        victims = counts.victims(period)
        people = population.by("area") if population else {}
        areas = sorted(
            (set(victims.by(counts.AREA)) | set(people)) - {counts.NOT_KNOWN}, key=_area_order
        )
        return cls(
            names,
            tuple(agency for agency in names if agency in by_agency),
            by_agency,
            counts.repeats(period),
            submitted,
            victims,
            counts.harmers(period),
            counts.relationships(period),
            counts.journeys(period),
            areas,
        )

    def labels(self, characteristic: str) -> list[str]:
        if characteristic == "sex":
            return [code for code, _ in SEX_LABELS]
        if characteristic == "age_band":
            return [label for _, label in ref.AGE_BANDS]
        return [code for code, _ in ref.ETHNIC_GROUPS]


def linked_report(
    found: ReportCounts, rule: DisclosureRule, sensitive: DisclosureRule
) -> LinkedOutput:
    """Every count of the report with the relations between them (cells named
    ``"<table>:<row>,<column>"`` with ``+`` for a total, or ``"<series>:<index>"``)."""
    output = LinkedOutput(rule)
    rows = [found.by_agency[agency] for agency in found.order]
    within = found.repeats.within
    _declare_table(output, RECORDS, [[row.incidents, row.referrals] for row in rows] or [[0, 0]])
    _declare_table(
        output,
        WITHIN,
        [[row.people - within.get(row.agency_id, 0), within.get(row.agency_id, 0)] for row in rows]
        or [[0, 0]],
    )
    repeats = found.repeats
    _declare_series(output, ACROSS, [repeats.people - repeats.across, repeats.across])
    _declare_series(output, NOT_LINKED, [sum(row.not_linked for row in rows)])
    for index in range(len(rows)):
        output.relate_if_true(at_least_sum_of(f"{RECORDS}:{index},+", [f"{WITHIN}:{index},+"]))
        output.relate_if_true(at_least_sum_of(f"{ACROSS}:+", [f"{WITHIN}:{index},+"]))
    output.relate_if_true(at_most_sum_of(f"{ACROSS}:+", [f"{WITHIN}:+,+"]))
    output.relate_if_true(at_least_sum_of(f"{RECORDS}:+,+", [f"{NOT_LINKED}:+"]))
    for name, _ in counts.COMPLETENESS_FIELDS:
        filled = f"filled.{name}"
        _declare_series(output, filled, [row.filled[name] for row in rows] or [0])
        for index in range(len(rows)):
            output.relate_if_true(at_least_sum_of(f"{RECORDS}:{index},+", [f"{filled}:{index}"]))
    for who, people, ethnicity in ((VICTIMS, found.victims, True), (HARMERS, found.harmers, False)):
        chosen = [
            *CHARACTERISTICS,
            *((("ethnicity_group", counts.ETHNIC_GROUP),) if ethnicity else ()),
        ]
        for characteristic, position in chosen:
            by = people.by(position)
            values = [by.get(code, 0) for code in found.labels(characteristic)]
            threshold = sensitive.threshold if characteristic == "ethnicity_group" else None
            name = f"{who}.{characteristic}"
            _declare_series(output, name, [*values, by.get(counts.NOT_KNOWN, 0)], threshold)
            output.relate_if_true(total_of(f"{who}.sex:+", [f"{name}:+"]))
    by_area = found.victims.by(counts.AREA)
    _declare_series(
        output, AREA, [*(by_area.get(a, 0) for a in found.areas), by_area.get(counts.NOT_KNOWN, 0)]
    )
    output.relate_if_true(total_of(f"{VICTIMS}.sex:+", [f"{AREA}:+"]))
    relationships = found.relationships
    _declare_series(
        output,
        RELATIONSHIP,
        [
            *(relationships.get(code, 0) for code, _ in RELATIONSHIPS),
            relationships.get(counts.NOT_KNOWN, 0),
        ],
    )
    output.relate_if_true(at_least_sum_of(f"{RECORDS}:+,+", [f"{RELATIONSHIP}:+"]))
    order = list(found.names)
    _declare_table(
        output, JOURNEYS, [[found.journeys.get((a, b), 0) for b in order] for a in order] or [[0]]
    )
    return output


def _declare_table(
    output: LinkedOutput, prefix: str, grid: list[list[int]], threshold: int | None = None
) -> None:
    """Rows by columns with their row, column and grand totals."""
    width = len(grid[0])
    rows = [*(str(r) for r in range(len(grid))), "+"]
    columns = [*(str(c) for c in range(width)), "+"]
    totals = [sum(column) for column in zip(*grid, strict=True)]
    full = [[*line, sum(line)] for line in grid] + [[*totals, sum(totals)]]
    for row, line in zip(rows, full, strict=True):
        for column, value in zip(columns, line, strict=True):
            output.add_count(f"{prefix}:{row},{column}", value, threshold)
    for row in rows:
        output.relate(total_of(f"{prefix}:{row},+", [f"{prefix}:{row},{c}" for c in columns[:-1]]))
    for column in columns:
        output.relate(
            total_of(f"{prefix}:+,{column}", [f"{prefix}:{r},{column}" for r in rows[:-1]])
        )


def _declare_series(
    output: LinkedOutput, prefix: str, values: list[int], threshold: int | None = None
) -> None:
    """Counts with their total."""
    for index, value in enumerate(values):
        output.add_count(f"{prefix}:{index}", value, threshold)
    output.add_count(f"{prefix}:+", sum(values), threshold)
    output.relate(total_of(f"{prefix}:+", [f"{prefix}:{index}" for index in range(len(values))]))


class _Tables:
    """The protected cells read back as tables and series."""

    def __init__(self, cells: dict[str, Cell], found: ReportCounts) -> None:
        self.cells = cells
        self.found = found
        height = len(found.order) or 1
        self.records = AgencyTable(found.order, self.table(RECORDS, height, 2))
        self.within = AgencyTable(found.order, self.table(WITHIN, height, 2))
        self.across = self.series(ACROSS, 2)

    def table(self, prefix: str, height: int, width: int) -> ProtectedTable:
        cell = self.cells

        def line(row: str) -> tuple[Cell, ...]:
            return tuple(cell[f"{prefix}:{row},{c}"] for c in range(width))

        return ProtectedTable(
            cells=tuple(line(str(r)) for r in range(height)),
            row_totals=tuple(cell[f"{prefix}:{r},+"] for r in range(height)),
            column_totals=line("+"),
            total=cell[f"{prefix}:+,+"],
        )

    def series(self, prefix: str, length: int) -> ProtectedSeries:
        return ProtectedSeries(
            tuple(self.cells[f"{prefix}:{i}"] for i in range(length)), self.cells[f"{prefix}:+"]
        )


# Records and people ------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyTable:
    """A protected table with a row per agency, in ``order``."""

    order: tuple[uuid.UUID, ...]
    table: ProtectedTable

    def row_total(self, agency: uuid.UUID) -> Cell:
        return self.table.row_totals[self.order.index(agency)]


def _agency_names(ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    found = Agency.objects.filter(pk__in=ids).values_list("pk", "name")
    return dict(sorted(found, key=lambda pair: pair[1]))


def _within_table(within: AgencyTable, names: dict[uuid.UUID, str]) -> ReportTable:
    table = within.table
    rows = tuple(
        (
            _label(names[agency]),
            _count(table.cells[i][0]),
            _count(table.cells[i][1]),
            _count(table.row_totals[i]),
            _share(protected_percentage(table.cells[i][1], table.row_totals[i])),
        )
        for i, agency in enumerate(within.order)
    )
    total = (
        _label(f"{ALL_AGENCIES} (a person known to two agencies counts in each)"),
        _count(table.column_totals[0]),
        _count(table.column_totals[1]),
        _count(table.total),
        _share(protected_percentage(table.column_totals[1], table.total)),
    )
    return ReportTable(
        "People with 2 or more records at the same agency",
        "For each agency, the people it has records about in the period, and how many of "
        "them it recorded twice or more (repeat victimisation within the agency).",
        ("Agency", "One record", "2 or more records", "People", "Share with 2 or more"),
        rows,
        total,
    )


def _across_table(across: ProtectedSeries) -> ReportTable:
    return ReportTable(
        "People known to more than one agency",
        "Of the people across the partnership, each counted once, how many have records "
        "from two or more agencies in the period (repeat victimisation across agencies).",
        ("", "Known to one agency", "Known to 2 or more", "People", "Share known to 2 or more"),
        (
            (
                _label("Across the partnership"),
                _count(across.cells[0]),
                _count(across.cells[1]),
                _count(across.total),
                _share(protected_percentage(across.cells[1], across.total)),
            ),
        ),
    )


def _records_and_people(
    records: AgencyTable,
    within: AgencyTable,
    across: ProtectedSeries,
    names: dict[uuid.UUID, str],
) -> ReportTable:
    table = records.table
    rows = tuple(
        (
            _label(names[agency]),
            _count(table.cells[i][0]),
            _count(table.cells[i][1]),
            _count(table.row_totals[i]),
            _count(within.row_total(agency)),
        )
        for i, agency in enumerate(records.order)
    )
    total = (
        _label(f"{ALL_AGENCIES} (each person counted once)"),
        _count(table.column_totals[0]),
        _count(table.column_totals[1]),
        _count(table.total),
        _count(across.total),
    )
    return ReportTable(
        "Records and distinct people by agency",
        "Records are the incidents and referrals agencies sent for the period; people are "
        "the distinct victims they are about. In the last line each person is counted once "
        "however many agencies know them, so it is less than the sum of the agencies' people "
        "when people are known to more than one.",
        ("Agency", "Incidents", "Referrals", "Records", "People"),
        rows,
        total,
    )


def _not_linked_note(not_linked: Cell) -> str:
    return (
        "People are counted by their partnership ID from record linkage. A record not "
        f"linked yet counts as a person of its own until linkage has run ({not_linked.text} "
        "records of the period are not linked yet), so people may be over-counted."
    )


# Victims and people causing harm -------------------------------------------------------------


def _characteristics(
    tables: _Tables,
    who: str,
    label: str,
    population: Population | None,
    *,
    with_ethnicity: bool = False,
) -> tuple[ReportTable, ...]:
    bands = tuple((band, band) for _, band in ref.AGE_BANDS)
    chosen = [("sex", SEX_LABELS, "Sex"), ("age_band", bands, "Age band")]
    if with_ethnicity:
        chosen.append(("ethnicity_group", ref.ETHNIC_GROUPS, "Ethnic group"))
    return tuple(
        _against_population(
            tables.series(f"{who}.{characteristic}", len(labels) + 1),
            labels,
            f"{heading} of {label}",
            population,
            characteristic,
        )
        for characteristic, labels, heading in chosen
    )


def _against_population(
    series: ProtectedSeries,
    labels: Sequence[tuple[str, str]],
    caption: str,
    population: Population | None,
    characteristic: str,
) -> ReportTable:
    *known_cells, not_known = series.cells
    known = _difference(series.total, not_known)
    whole = population.by(characteristic) if population else {}
    everyone = sum(whole.values())
    rows = tuple(
        (
            _label(label),
            _count(cell),
            _share(protected_percentage(cell, known)),
            _population_share(whole.get(code, 0), everyone),
        )
        for (code, label), cell in zip(labels, known_cells, strict=True)
    )
    blank = Figure("", "")
    return ReportTable(
        caption,
        "The share of people where it is known, beside the share of the area's population "
        "(from the population file).",
        ("", "People", "Share where known", "Share of population"),
        (*rows, (_label(NOT_KNOWN_LABEL), _count(not_known), blank, blank)),
        (_label("All"), _count(series.total), blank, _population_share(everyone, everyone)),
    )


def _difference(total: Cell, part: Cell) -> Cell:
    """The total less a part, hidden when either is."""
    if total.shown is None or part.shown is None:
        return Cell(total.value - part.value, None, HIDDEN_TO_PROTECT, Suppression.SECONDARY)
    shown = total.shown - part.shown
    return Cell(total.value - part.value, shown, f"{shown:,}", None)


def _population_share(part: int, whole: int) -> Figure:
    found = percentage(part, whole)
    if found is None:
        return Figure("No population figure", "No population figure", numeric=False)
    return Figure(found.text, float(found.exact))


# Relationships, areas, journeys -------------------------------------------------------------


def _relationships(series: ProtectedSeries) -> ReportTable:
    *known_cells, not_known = series.cells
    known = _difference(series.total, not_known)
    blank = Figure("", "")
    rows = tuple(
        (_label(label), _count(cell), _share(protected_percentage(cell, known)))
        for (_, label), cell in zip(RELATIONSHIPS, known_cells, strict=True)
    )
    return ReportTable(
        "Records by relationship",
        "What the person causing harm is to the victim, in each record of the period.",
        ("Relationship", "Records", "Share where known"),
        (*rows, (_label(NOT_KNOWN_LABEL), _count(not_known), blank)),
        (_label("All records"), _count(series.total), blank),
    )


def _rates(areas: list[str], series: ProtectedSeries, population: Population | None) -> ReportTable:
    people = population.by("area") if population else {}
    *cells, not_known = series.cells
    blank = Figure("", "")
    rows = tuple(
        (_label(area), _count(cell), _population(people.get(area)), _rate(cell, people.get(area)))
        for area, cell in zip(areas, cells, strict=True)
    )
    everyone = sum(people.values()) or None
    return ReportTable(
        "Victims per 1,000 population by area",
        "Distinct victims in an area divided by the area's population, times 1,000.",
        ("Area", "Victims", "Population", "Victims per 1,000"),
        (*rows, (_label(NOT_KNOWN_LABEL), _count(not_known), blank, blank)),
        (
            _label("All areas"),
            _count(series.total),
            _population(everyone),
            _rate(series.total, everyone),
        ),
    )


def _area_order(area: str) -> tuple[str, int, str]:
    letters = area.rstrip("0123456789")
    digits = area[len(letters) :]
    return (letters, int(digits) if digits.isdigit() else 0, area)


def _population(people: int | None) -> Figure:
    if people is None:
        return Figure("No population figure", "No population figure", numeric=False)
    return Figure(f"{people:,}", people)


def _rate(victims: Cell, people: int | None) -> Figure:
    if not people:
        return Figure("", "")
    if victims.shown is None:
        return Figure(HIDDEN_TO_PROTECT, HIDDEN_TO_PROTECT)
    rate = Fraction(victims.shown * PER, people)
    return Figure(f"{round_half_up(rate * 10) / 10:.1f}", float(rate))


def _journeys(table: ProtectedTable, names: dict[uuid.UUID, str]) -> ReportTable:
    order = list(names)
    rows = tuple(
        (
            _label(names[a]),
            *(_count(cell) for cell in table.cells[i]),
            _count(table.row_totals[i]),
        )
        for i, a in enumerate(order)
    )
    return ReportTable(
        "Journeys: from the agency in the row to the agency in the column",
        "Each time a person's next record in the period (by date) came from a different "
        "agency than the one before, that is one journey from the first agency to the next.",
        ("From \\ to", *(names[b] for b in order), "All journeys from"),
        rows,
        (
            _label("All journeys to"),
            *(_count(cell) for cell in table.column_totals),
            _count(table.total),
        ),
    )


# Agencies submitting and data completeness ---------------------------------------------------


def _submissions(
    found: Sequence[counts.AgencySubmissions], names: dict[uuid.UUID, str]
) -> ReportTable:
    rows = {row.agency_id: row for row in found}
    lines = tuple(
        (
            _label(names[agency]),
            _exact(rows[agency].expected),
            _exact(rows[agency].on_time),
            _exact(rows[agency].late),
            _exact(max(rows[agency].expected - rows[agency].received, 0)),
            _exact(rows[agency].refused),
        )
        for agency in names
        if agency in rows
    )
    return ReportTable(
        "Files received from each agency",
        "Quarterly files due by today for the period's quarters under each agency's "
        "schedule, those accepted on time or late (one per kind and quarter), those still "
        "missing, and files refused whole. These count files, not people, so they are exact.",
        ("Agency", "Files due", "On time", "Late", "Not received", "Refused"),
        lines,
    )


def _completeness(tables: _Tables, names: dict[uuid.UUID, str]) -> ReportTable:
    order = tables.found.order
    records = tables.records

    def filled(name: str) -> tuple[Figure, ...]:
        series = tables.series(f"filled.{name}", len(order) or 1)
        shares = [
            _share(protected_percentage(series.cells[index], records.row_total(agency)))
            for index, agency in enumerate(order)
        ]
        return (*shares, _share(protected_percentage(series.total, records.table.total)))

    lines = tuple((_label(label), *filled(name)) for name, label in counts.COMPLETENESS_FIELDS)
    return ReportTable(
        "Data completeness: share of records with each field filled",
        "A field is filled when the record gives a value other than not known or prefer "
        "not to say. A share is hidden when its records are too few to show.",
        ("Field", *(names[agency] for agency in order), ALL_AGENCIES),
        lines,
    )


# Cells -----------------------------------------------------------------------------------


def _label(text: str) -> Figure:
    return Figure(text, text, numeric=False)


def _count(cell: Cell) -> Figure:
    return Figure(cell.text, cell.shown if cell.shown is not None else cell.text)


def _exact(number: int) -> Figure:
    return Figure(f"{number:,}", number)


def _share(found: ProtectedPercentage) -> Figure:
    if found.percentage is None:
        return Figure(found.text, found.text)
    return Figure(found.text, float(found.percentage.exact))


# The export --------------------------------------------------------------------------------


def sheets(report: PartnershipReport) -> list[tuple[str, list[list[object]]]]:
    """One sheet per section: its title, then each table with its caption, meaning,
    heading and lines."""
    return [(section.key, _sheet(report, section)) for section in report.sections]


def _sheet(report: PartnershipReport, section: Section) -> list[list[object]]:
    lines: list[list[object]] = [[f"{section.title}: {report.period.label}"]]
    lines += [[note] for note in section.notes]
    for table in section.tables:
        lines += [[], [table.caption], [table.meaning], list(table.head)]
        lines += [[figure.value for figure in row] for row in table.rows]
        if table.total:
            lines.append([figure.value for figure in table.total])
    return lines


# The page --------------------------------------------------------------------------------


def table_params(table: ReportTable) -> dict[str, object]:
    """The parameters of GOV.UK's table macro: numbers right-aligned, the total line bold."""

    def cell(figure: Figure, bold: bool = False) -> dict[str, str]:
        found = {"text": figure.text}
        if figure.numeric:
            found["format"] = "numeric"
        if bold:
            found["classes"] = "govuk-!-font-weight-bold"
        return found

    rows = [[cell(figure) for figure in row] for row in table.rows]
    if table.total:
        rows.append([cell(figure, bold=True) for figure in table.total])
    numeric = [figure.numeric for figure in (table.rows[0] if table.rows else ())]
    head = [
        {"text": text, **({"format": "numeric"} if i < len(numeric) and numeric[i] else {})}
        for i, text in enumerate(table.head)
    ]
    return {
        "caption": table.caption,
        "captionClasses": "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "classes": "concord-pack",
    }
