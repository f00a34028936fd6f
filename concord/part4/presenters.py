"""The Part 4 return as GOV.UK tables (exact figures, each line's definition beside its
label) and as workbooks: the exact return, one sheet per section with a sheet of
definitions, and the version for publication, with disclosure control."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup, escape

from concord.core.export import Number, Sheet, Symbol, xlsx_sheets
from concord.core.presenters import govuk_datetime
from concord.domain.disclosure import Cell, DisclosureRule
from concord.part4.figures import COLUMN_LABELS, COLUMNS, Missing, Part4Figures, Section
from concord.part4.models import Part4Return
from concord.part4.publishing import name

HEAD = ("Figure", *(COLUMN_LABELS[column] for column in COLUMNS))
WIDTHS = (48, *(14 for _ in COLUMNS))
#: The page's column headings, short enough for the table to fit beside the definitions.
SHORT_LABELS = {
    "refuge": "Refuge",
    "specialist_refuge": "By and for refuge",
    "dispersed": "Dispersed",
    "sanctuary_scheme": "Sanctuary scheme",
    "second_stage": "Second stage",
    "other_emergency": "Other emergency",
    "total": "Total",
}


def published_note(rule: DisclosureRule, sensitive: DisclosureRule) -> str:
    rounded = " Other numbers are rounded to the nearest 5." if rule.round_to_five else ""
    return (
        f"For publication, with disclosure control: numbers from 1 to {rule.threshold - 1} "
        f"show as {rule.small_text} ({sensitive.small_text} for trans status and specialist "
        "characteristics), and a number that would let someone work one out shows as [c]."
        f"{rounded} Bed spaces count places, not people, and are exact."
    )


def table_params(section: Section) -> dict[str, Any]:
    """GOV.UK's table macro's parameters for one section of exact figures."""
    rows = [
        [
            {"html": _label(line.label, line.definition)},
            *({"text": f"{line.values[column]:,}", "format": "numeric"} for column in COLUMNS),
        ]
        for line in section.lines
    ]
    return {
        "caption": section.title,
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": HEAD[0], "classes": "govuk-!-width-one-third"},
            *({"text": SHORT_LABELS[column], "format": "numeric"} for column in COLUMNS),
        ],
        "rows": rows,
    }


DEFINITION = "govuk-hint govuk-!-display-block govuk-!-font-size-16 govuk-!-margin-bottom-0"


def _label(label: str, definition: str) -> Markup:
    return Markup('{}<span class="{}">{}</span>').format(
        escape(label), DEFINITION, escape(definition)
    )


def signed_off_text(latest: Part4Return, figures: Part4Figures) -> str:
    """Who signed off the year's latest version and when, and whether today's figures
    are still the ones signed."""
    said = (
        f"Version {latest.version} was signed off by {latest.signed_off_by.full_name} on "
        f"{govuk_datetime(latest.signed_off_at)}."
    )
    if latest.figures == figures.to_json():
        return f"{said} The figures below are the ones signed off."
    return f"{said} The records have changed since: the figures below are today's."


def missing_rows(missing: Sequence[Missing]) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": item.what},
            {"text": f"{item.count:,}", "format": "numeric"},
            {"text": item.to_do},
        ]
        for item in missing
    ]


# Workbooks -----------------------------------------------------------------------------------


def exact_workbook(figures: Part4Figures, missing: Sequence[Missing]) -> bytes:
    """The return with its exact figures: a sheet per section, then the definitions and
    what the completeness check found."""
    label = figures.period.label
    sheets = [
        Sheet(
            section.title[:31],
            f"{section.title}: {label}",
            HEAD,
            tuple(
                (line.label, *(Number(line.values[c]) for c in COLUMNS)) for line in section.lines
            ),
            ("Exact figures for the return to the housing ministry: not for publication.",),
            WIDTHS,
        )
        for section in figures.sections
    ]
    sheets.append(_definitions(figures))
    sheets.append(
        Sheet(
            "Completeness",
            f"What the records lack: {label}",
            ("Missing", "How many", "What to do"),
            tuple((item.what, Number(item.count), item.to_do) for item in missing)
            or (("Nothing found missing", Number(0), ""),),
            widths=(60, 12, 70),
            wrapped=frozenset({0, 2}),
        )
    )
    return xlsx_sheets(sheets)


def _definitions(figures: Part4Figures) -> Sheet:
    return Sheet(
        "Definitions",
        "What each figure counts",
        ("Section", "Figure", "Definition"),
        tuple(
            (section.title, line.label, line.definition)
            for section in figures.sections
            for line in section.lines
        ),
        widths=(40, 40, 100),
        wrapped=frozenset({2}),
    )


def _published_value(figures_cell: Cell | None, exact: int) -> object:
    if figures_cell is None:  # not about people: exact
        return Number(exact)
    if figures_cell.shown is None:
        return Symbol(figures_cell.text)
    return Number(figures_cell.shown)


def published_rows(
    figures: Part4Figures, cells: dict[str, Cell]
) -> Iterator[tuple[Section, list[tuple[object, ...]]]]:
    """Each section's lines as they may be published."""
    for section in figures.sections:
        yield (
            section,
            [
                (
                    line.label,
                    *(
                        _published_value(cells.get(name(section.key, line.key, c)), line.values[c])
                        for c in COLUMNS
                    ),
                )
                for line in section.lines
            ],
        )


def published_workbook(figures: Part4Figures, cells: dict[str, Cell], note: str) -> bytes:
    label = figures.period.label
    sheets = [
        Sheet(section.title[:31], f"{section.title}: {label}", HEAD, tuple(rows), (note,), WIDTHS)
        for section, rows in published_rows(figures, cells)
    ]
    sheets.append(_definitions(figures))
    return xlsx_sheets(sheets)


CSV_HEADER = ("Section", *HEAD)


def published_csv_rows(figures: Part4Figures, cells: dict[str, Cell]) -> Iterator[list[object]]:
    for section, rows in published_rows(figures, cells):
        for label, *values in rows:
            yield [section.title, label, *(_text(value) for value in values)]


def _text(value: object) -> object:
    if isinstance(value, Number):
        return value.value
    return value.text if isinstance(value, Symbol) else value
