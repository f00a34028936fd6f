"""The partnership data report (issue 6 item 8) as tables ready to show or export: the
counts of concord.reporting.partnership put through disclosure control (DOMAIN §11), with
percentages hidden with their parts, the area population beside them and what each table
means. Every figure here leaves the services, so every count about people is protected;
the only exact numbers are files received, which are about agencies, not people.

Each table is protected on its own, with its own totals. Where two tables show the same
counts (each agency's people, in the first table and in the repeats), both take them from
one protected table, so the two cannot disagree about what is hidden.
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
    protect_series,
    protect_table,
    protected_percentage,
    round_half_up,
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
    by_agency = counts.records_by_agency(period)
    submitted = counts.submissions(period)
    victims = counts.victims(period)
    names = _agency_names(
        {row.agency_id for row in by_agency} | {row.agency_id for row in submitted}
    )
    records = _records(by_agency, names, rule)
    within, across = _repeats(by_agency, counts.repeats(period), names, rule)
    sections = (
        Section(
            "Records and people",
            "Records and people by agency",
            (_records_and_people(records, within, across, names),),
            (_not_linked_note(by_agency, rule),),
        ),
        Section(
            "Repeat victimisation",
            "Repeat victimisation",
            (_within_table(within, names), _across_table(across)),
        ),
        Section(
            "Victims",
            "Victims against the area population",
            _characteristics(victims, "victims", population, rule, sensitive),
            ("Each victim is counted once, by their latest record in the period.",),
        ),
        Section(
            "People causing harm",
            "People causing harm against the area population",
            _characteristics(counts.harmers(period), "people causing harm", population, rule),
            (
                "Each person causing harm is counted once, by their latest record in the "
                "period; records that name nobody as causing harm are left out. Agencies do "
                "not send the ethnicity of people causing harm.",
            ),
        ),
        Section(
            "Relationships",
            "Relationships",
            (_relationships(counts.relationships(period), rule),),
        ),
        Section(
            "Rates by area",
            "Victims per 1,000 population by area",
            (_rates(victims, population, rule),),
            ("Each victim is counted once, in the area of their latest record in the period.",),
        ),
        Section(
            "Agencies submitting",
            "Agencies submitting and data completeness",
            (_submissions(submitted, names), _completeness(by_agency, records, names, rule)),
        ),
        Section(
            "Journeys",
            "Journeys between agencies",
            (_journeys(counts.journeys(period), names, rule),),
        ),
    )
    return PartnershipReport(period, sections, problem)


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


def _agency_table(
    rows: dict[uuid.UUID, list[int]], names: dict[uuid.UUID, str], rule: DisclosureRule
) -> AgencyTable:
    order = tuple(agency for agency in names if agency in rows)
    grid = [rows[agency] for agency in order] or [[0, 0]]
    return AgencyTable(order, protect_table(grid, rule))


def _records(
    by_agency: Sequence[counts.AgencyRecords], names: dict[uuid.UUID, str], rule: DisclosureRule
) -> AgencyTable:
    """Incidents and referrals by agency; its row totals are each agency's records."""
    rows = {row.agency_id: [row.incidents, row.referrals] for row in by_agency}
    return _agency_table(rows, names, rule)


def _repeats(
    by_agency: Sequence[counts.AgencyRecords],
    repeats: counts.Repeats,
    names: dict[uuid.UUID, str],
    rule: DisclosureRule,
) -> tuple[AgencyTable, ProtectedSeries]:
    """People by agency with one record and with two or more (row totals: each agency's
    people), and the partnership's people known to one agency and to two or more."""
    rows = {
        row.agency_id: [
            row.people - repeats.within.get(row.agency_id, 0),
            repeats.within.get(row.agency_id, 0),
        ]
        for row in by_agency
    }
    across = protect_series([repeats.people - repeats.across, repeats.across], rule)
    return _agency_table(rows, names, rule), across


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


def _not_linked_note(by_agency: Sequence[counts.AgencyRecords], rule: DisclosureRule) -> str:
    not_linked = protect_series([sum(row.not_linked for row in by_agency)], rule).total
    return (
        "People are counted by their partnership ID from record linkage. A record not "
        f"linked yet counts as a person of its own until linkage has run ({not_linked.text} "
        "records of the period are not linked yet), so people may be over-counted."
    )


# Victims and people causing harm -------------------------------------------------------------


def _characteristics(
    found: counts.Characteristics,
    who: str,
    population: Population | None,
    rule: DisclosureRule,
    sensitive: DisclosureRule | None = None,
) -> tuple[ReportTable, ...]:
    bands = tuple((label, label) for _, label in ref.AGE_BANDS)
    tables = [
        _against_population(
            found.by(counts.SEX), SEX_LABELS, f"Sex of {who}", population, "sex", rule
        ),
        _against_population(
            found.by(counts.AGE_BAND), bands, f"Age band of {who}", population, "age_band", rule
        ),
    ]
    if sensitive is not None:
        tables.append(
            _against_population(
                found.by(counts.ETHNIC_GROUP),
                ref.ETHNIC_GROUPS,
                f"Ethnic group of {who}",
                population,
                "ethnicity_group",
                sensitive,
            )
        )
    return tuple(tables)


def _against_population(
    found: dict[str, int],
    labels: Sequence[tuple[str, str]],
    caption: str,
    population: Population | None,
    characteristic: str,
    rule: DisclosureRule,
) -> ReportTable:
    series = protect_series(
        [*(found.get(code, 0) for code, _ in labels), found.get(counts.NOT_KNOWN, 0)], rule
    )
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


def _relationships(found: dict[str, int], rule: DisclosureRule) -> ReportTable:
    series = protect_series(
        [*(found.get(code, 0) for code, _ in RELATIONSHIPS), found.get(counts.NOT_KNOWN, 0)], rule
    )
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


def _rates(
    found: counts.Characteristics, population: Population | None, rule: DisclosureRule
) -> ReportTable:
    victims = found.by(counts.AREA)
    people = population.by("area") if population else {}
    areas = sorted((set(victims) | set(people)) - {counts.NOT_KNOWN}, key=_area_order)
    series = protect_series(
        [*(victims.get(a, 0) for a in areas), victims.get(counts.NOT_KNOWN, 0)], rule
    )
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


def _journeys(
    found: dict[tuple[uuid.UUID, uuid.UUID], int], names: dict[uuid.UUID, str], rule: DisclosureRule
) -> ReportTable:
    order = list(names)
    grid = [[found.get((a, b), 0) for b in order] for a in order] or [[0]]
    table = protect_table(grid, rule)
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


def _completeness(
    by_agency: Sequence[counts.AgencyRecords],
    records: AgencyTable,
    names: dict[uuid.UUID, str],
    rule: DisclosureRule,
) -> ReportTable:
    rows = {row.agency_id: row for row in by_agency}
    order = [agency for agency in names if agency in rows]
    all_records = records.table.total

    def filled(name: str, agencies: Sequence[counts.AgencyRecords], denominator: Cell) -> Figure:
        numerator = protect_series([sum(row.filled[name] for row in agencies)], rule).total
        return _share(protected_percentage(numerator, denominator))

    lines = tuple(
        (
            _label(label),
            *(filled(name, [rows[agency]], records.row_total(agency)) for agency in order),
            filled(name, by_agency, all_records),
        )
        for name, label in counts.COMPLETENESS_FIELDS
    )
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
