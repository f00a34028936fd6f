"""Reading a submitted file one row at a time: CSV through a text stream, XLSX through
openpyxl's read-only mode, so a file of a million rows never sits in memory whole.

Whatever makes the whole file untrustworthy refuses it: an encoding other than UTF-8,
a spreadsheet formula, a cell too long to be a value, more columns than any schema has, a
row longer than the header. The checks of the case imports apply (concord.cases.importing).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from concord.core.export import formula_cells
from concord.core.uploads import (
    FileRefused,
    check_column_count,
    check_row_count,
    check_xlsx,
    csv_reader,
    upload_limits,
)

MAX_COLUMNS = 60
MAX_CELL = 1000
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS_UTF8 = "In Excel, save it as 'CSV UTF-8 (comma delimited)'."

Row = dict[str, str]


@dataclass(frozen=True)
class Table:
    """A file's column names, and its rows as (line number, values by column)."""

    columns: tuple[str, ...]
    rows: Iterator[tuple[int, Row]]


def open_table(path: Path, filename: str) -> Table:
    """The rows of a CSV or XLSX file, checked as they are read."""
    cells = _xlsx_cells(path) if filename.lower().endswith(".xlsx") else _csv_cells(path)
    header = next(cells, None)
    if header is None:
        raise FileRefused("The file is empty.")
    columns = tuple(name.strip() for name in _trimmed(header))
    if len(columns) > MAX_COLUMNS:
        raise FileRefused(
            f"The file has {len(columns)} columns; a submission has at most {MAX_COLUMNS}."
        )
    return Table(columns, _checked_rows(columns, cells))


def _checked_rows(
    columns: tuple[str, ...], cells: Iterator[list[str]]
) -> Iterator[tuple[int, Row]]:
    limits = upload_limits()
    for line, values in enumerate(cells, start=2):
        check_row_count(line - 1, limits)
        if not any(value.strip() for value in values):
            continue  # a blank line, as spreadsheets leave at the end
        if len(_trimmed(values)) > len(columns):
            raise FileRefused(f"Line {line} has more cells than the header has columns.")
        row = {name: value.strip() for name, value in zip(columns, values, strict=False)}
        yield line, _safe(line, row)


def _safe(line: int, row: Row) -> Row:
    for column, value in row.items():
        if len(value) > MAX_CELL:
            raise FileRefused(
                f"Line {line}, column {column}: a cell is longer than {MAX_CELL:,} characters."
            )
    formulas = formula_cells(row)
    if formulas:
        raise FileRefused(f"Line {line}, {formulas[0]}. Nothing from the file was kept.")
    return row


def _trimmed(values: list[str]) -> list[str]:
    """The values without the empty cells at the end of a row."""
    end = len(values)
    while end and not values[end - 1].strip():
        end -= 1
    return values[:end]


# CSV ---------------------------------------------------------------------------------------


def _csv_cells(path: Path) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        if raw.read(2) in UTF16_MARKS:
            raise FileRefused(f"The file is UTF-16 text, not UTF-8. {SAVE_AS_UTF8}")
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv_reader(text, upload_limits())
        try:
            yield from reader
        except UnicodeDecodeError as error:
            raise FileRefused(
                "The file is not UTF-8 text: it has "
                f"{_what_was_found(error.object[error.start : error.end + 3])}. {SAVE_AS_UTF8}"
            ) from None
        except csv.Error:
            raise FileRefused(
                f"Line {reader.line_num} cannot be read as CSV (a cell is far longer than "
                f"{MAX_CELL:,} characters, or a quote is not closed)."
            ) from None


def _what_was_found(sample: bytes) -> str:
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return "bytes in an encoding we cannot tell"
    return "characters in the Windows-1252 (Western European) encoding"


# XLSX --------------------------------------------------------------------------------------


def _xlsx_cells(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    limits = upload_limits()
    check_xlsx(path, limits)  # before openpyxl unpacks a byte
    try:
        # Formulas are read as written (not their cached values), so they can be refused.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileRefused("The file is not an Excel workbook (.xlsx) we can read.") from None
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            check_column_count(len(_trimmed_values(values)), limits)
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _trimmed_values(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A spreadsheet row without the empty cells openpyxl pads it with at the end."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return values[:end]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
