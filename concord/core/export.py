"""Exports that people open in spreadsheets: CSV and XLSX, where every cell is text or a
number, never a formula (CSV and formula injection)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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


# Workbooks people read and chart: titled sheets of typed cells --------------------------------

COUNT_FORMAT = "#,##0"
PERCENTAGE_FORMAT = "0%"
DECIMAL_FORMAT = "#,##0.##"
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
CHART_ROWS = 16  # rows of sheet a chart takes, with a gap below


@dataclass(frozen=True)
class Number:
    """A number cell shown with ``format`` (a count, a percentage held as a share of 1)."""

    value: int | float
    format: str = COUNT_FORMAT


@dataclass(frozen=True)
class Symbol:
    """Text standing where a number would be ("<5", "[c]"): aligned with the numbers."""

    text: str


@dataclass(frozen=True)
class Chart:
    """A line chart of one series over categories, drawn beside its sheet's table."""

    title: str
    categories: tuple[str, ...]
    values: tuple[int | float | None, ...]  # None: not shown (a gap, never a zero)
    y_title: str = "Number"


@dataclass(frozen=True)
class Sheet:
    """One titled table: ``notes`` under the title, then ``header`` (frozen, with the first
    column) and ``rows`` of text, ``Number``, ``Symbol`` or None."""

    name: str
    title: str
    header: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()
    notes: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()  # characters, column by column
    wrapped: frozenset[int] = frozenset()  # columns (from 0) whose text wraps
    charts: tuple[Chart, ...] = ()


def xlsx_sheets(sheets: Iterable[Sheet]) -> bytes:
    """A workbook of titled sheets with typed cells; text is always text, never a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.name[:31]), sheet)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    _put_text(worksheet.cell(1, 1), sheet.title)
    worksheet.cell(1, 1).font = TITLE_FONT
    row = 2
    for note in sheet.notes:
        _put_row(worksheet, row, [note], frozenset())
        row += 1
    row += 1
    if sheet.header:
        _put_row(worksheet, row, sheet.header, frozenset())
        for cell in worksheet[row]:
            cell.font = BOLD
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.freeze_panes = worksheet.cell(row + 1, 2)
        row += 1
    for values in sheet.rows:
        _put_row(worksheet, row, values, sheet.wrapped)
        row += 1
    for column, width in enumerate(sheet.widths, start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    _draw_charts(worksheet, sheet, row + 1)


def _put_row(
    worksheet: Worksheet, row: int, values: Sequence[object], wrapped: frozenset[int]
) -> None:
    for column, value in enumerate(values, start=1):
        cell = worksheet.cell(row, column)
        if isinstance(value, Number):
            cell.value = value.value
            cell.number_format = value.format
        elif isinstance(value, Symbol):
            _put_text(cell, value.text)
            cell.alignment = Alignment(horizontal="right")
        elif value is not None:
            _put_text(cell, str(value))
            if column - 1 in wrapped:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _put_text(cell: Cell, text: str) -> None:
    cell.value = text
    cell.data_type = "s"  # a string, even if it starts with "="


def _draw_charts(worksheet: Worksheet, sheet: Sheet, row: int) -> None:
    """Each chart's figures go in a block below the table (hidden ones blank, so a chart
    draws a gap, not a zero) and the chart beside the table."""
    if not sheet.charts:
        return
    _put_row(worksheet, row, ["Figures the charts draw (hidden figures left blank)"], frozenset())
    worksheet.cell(row, 1).font = BOLD
    categories_row = row + 1
    _put_row(worksheet, categories_row, ["", *sheet.charts[0].categories], frozenset())
    anchor_column = get_column_letter(len(sheet.header or sheet.charts[0].categories) + 2)
    for number, chart in enumerate(sheet.charts):
        row = categories_row + 1 + number
        _put_row(worksheet, row, [chart.title], frozenset())
        for column, value in enumerate(chart.values, start=2):
            if value is not None:
                worksheet.cell(row, column).value = value
        worksheet.add_chart(
            _line_chart(worksheet, chart, row, categories_row),
            f"{anchor_column}{1 + number * CHART_ROWS}",
        )


def _line_chart(worksheet: Worksheet, chart: Chart, row: int, categories_row: int) -> LineChart:
    drawn = LineChart()
    drawn.title = chart.title
    drawn.y_axis.title = chart.y_title
    drawn.legend = None
    last = len(chart.values) + 1
    drawn.add_data(
        Reference(worksheet, min_col=2, max_col=last, min_row=row, max_row=row), from_rows=True
    )
    drawn.set_categories(Reference(worksheet, min_col=2, max_col=last, min_row=categories_row))
    drawn.height, drawn.width = 7, 16
    return drawn
