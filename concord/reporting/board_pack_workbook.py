"""The board pack as an Excel workbook: a sheet about the pack (whose, the period, when it
was made, the disclosure control and a contents list), then a sheet per table. A whole
number is a number cell (so it adds up in Excel); a hidden one ("<5", "[c]") is its symbol;
anything else is text, as on the page."""

from __future__ import annotations

import re

from concord.core.export import Number, Sheet, Symbol, xlsx_sheets
from concord.core.pack_parts import PackTable
from concord.domain.periods import day_label
from concord.reporting.board_pack import BoardPackContent

WHOLE_NUMBER = re.compile(r"\d{1,3}(,\d{3})*")
HIDDEN = re.compile(r"<\d+|\[c\]")
# Excel refuses these in a sheet's name.
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def board_pack_workbook(content: BoardPackContent) -> bytes:
    names = sheet_names(content.tables)
    return xlsx_sheets(
        [
            _about(content, names),
            *[_sheet(table, name) for table, name in zip(content.tables, names, strict=True)],
        ]
    )


def sheet_names(tables: tuple[PackTable, ...]) -> list[str]:
    """A name for each table's sheet: its title, cut to Excel's 31 characters, numbered when
    two would be the same."""
    names: list[str] = []
    for number, table in enumerate(tables, start=1):
        name = NOT_IN_SHEET_NAMES.sub("", table.title)[:SHEET_NAME_LENGTH].strip()
        if name.lower() in (taken.lower() for taken in names) or name.lower() == "about":
            suffix = f" ({number})"
            name = name[: SHEET_NAME_LENGTH - len(suffix)].strip() + suffix
        names.append(name)
    return names


def cell(text: str) -> object:
    """A table's text as the workbook holds it."""
    if WHOLE_NUMBER.fullmatch(text):
        return Number(int(text.replace(",", "")))
    if HIDDEN.fullmatch(text):
        return Symbol(text)
    return text


def _about(content: BoardPackContent, names: list[str]) -> Sheet:
    rows: list[tuple[object, ...]] = [
        ("Figures of", content.whose),
        ("Period", content.period_label),
        ("Made on", day_label(content.made_on)),
        ("Disclosure control", content.disclosure),
        ("", ""),
        ("Sheets", ""),
        *[(name, table.title) for name, table in zip(names, content.tables, strict=True)],
    ]
    return Sheet(
        "About",
        f"{content.whose}: {content.title}",
        rows=tuple(rows),
        widths=(32, 100),
        wrapped=frozenset({1}),
    )


def _sheet(table: PackTable, name: str) -> Sheet:
    rows = tuple(tuple(cell(text) for text in row) for row in table.rows)
    return Sheet(
        name,
        table.title,
        table.headers,
        rows or ((table.empty,),),
        notes=table.notes,
        widths=(48, *(18 for _ in table.headers[1:])),
        wrapped=frozenset({0}),
    )
