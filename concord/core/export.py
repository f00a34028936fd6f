"""Exports that people open in spreadsheets: CSV and XLSX, where every cell is text or a
number, never a formula (CSV and formula injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will show as text: one that would start a formula gets a
    leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def formula_cells(row: Mapping[str, str]) -> list[str]:
    """The cells of an imported row that a spreadsheet would run as a formula (a signed
    number is not one), each as a reason naming its column."""
    return [
        f"{column}: looks like a spreadsheet formula; remove the leading '{value[0]}'"
        for column, value in row.items()
        if value.startswith(FORMULA_STARTS) and not _is_signed_number(value)
    ]


def _is_signed_number(value: str) -> bool:
    return value[0] in "+-" and value[1:].replace(".", "", 1).isdigit()


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The lines of a CSV file Excel reads as UTF-8, every cell through csv_safe."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(list(header))
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    return xlsx_file_response(filename, xlsx_bytes(filename, header, rows))


def xlsx_file_response(filename: str, workbook: bytes) -> HttpResponse:
    response = HttpResponse(workbook, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def xlsx_bytes(sheet_name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A workbook of one sheet whose text cells are always text, never formulas."""
    return xlsx_workbook([(sheet_name, [list(header), *rows])])


def xlsx_workbook(sheets: Iterable[tuple[str, Iterable[Sequence[object]]]]) -> bytes:
    """A workbook of several sheets, each a name (cut to Excel's 31 characters) and its
    lines; text cells are always text, never formulas."""
    workbook = Workbook(write_only=True)
    for sheet_name, rows in sheets:
        sheet = workbook.create_sheet(sheet_name[:31])
        for row in rows:
            sheet.append([_text_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: object, value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"  # a string, even if it starts with "="
    return cell
