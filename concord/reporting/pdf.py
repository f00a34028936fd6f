"""The board pack as a PDF for circulation with the board's papers: the only module that
imports fpdf2 (ADR 0030). The printable page is the accessible version; the PDF carries the
same tables, with a title, an outline entry per table and page numbers.

Fonts: fpdf2's core Helvetica, built into every PDF reader, so nothing is downloaded or
shipped. Core fonts print Windows-1252 ("£", "×", "–", curly quotes); anything beyond it is
written with its nearest plain letters ("Ł" as "L", "≥" as ">="), or "?", never dropped.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from concord.core.pack_parts import PackTable
from concord.domain.periods import day_label
from concord.reporting.board_pack import BoardPackContent

FONT = "Helvetica"
ENCODING = "cp1252"
# GOV.UK's light grey, for the table headings.
HEADING_FILL = (243, 242, 241)
# The first column is this many times as wide as the others.
FIRST_COLUMN_SHARE = 3
# Letters and signs with no plain form under Unicode's decomposition.
PLAIN = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "≥": ">=", "≤": "<="})


class _Pack(FPDF):  # type: ignore[misc]  # fpdf2 ships no type hints
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def board_pack_pdf(content: BoardPackContent, *, compress: bool = True) -> bytes:
    """The pack as PDF bytes; ``compress`` False leaves its text readable in the file (for
    tests)."""
    pdf = _Pack(orientation="landscape", format="A4")
    pdf.compress = compress
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(printable(f"{content.whose}: {content.title}"))
    pdf.set_author(printable(content.whose))
    pdf.set_creator("Concord")
    pdf.set_lang("en-GB")
    # The day it was made, so the same pack makes the same file.
    made = content.made_on
    pdf.set_creation_date(datetime(made.year, made.month, made.day, tzinfo=UTC))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _title(pdf, content)
    for table in content.tables:
        _table(pdf, table)
    return bytes(pdf.output())


def printable(text: str) -> str:
    """``text`` as the core font can print it: unchanged in Windows-1252, else its letters
    without their accents, else "?"."""
    try:
        text.encode(ENCODING)
        return text
    except UnicodeEncodeError:
        return "".join(_character(letter) for letter in text.translate(PLAIN))


def _character(letter: str) -> str:
    try:
        letter.encode(ENCODING)
        return letter
    except UnicodeEncodeError:
        plain = unicodedata.normalize("NFKD", letter).encode("ascii", "ignore").decode()
        return plain or "?"


def _title(pdf: FPDF, content: BoardPackContent) -> None:
    pdf.set_font(FONT, size=11)
    pdf.multi_cell(0, 6, printable(content.whose), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(0, 10, printable(content.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, 5, f"Made on {day_label(content.made_on)}.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(0, 5, printable(content.disclosure), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _table(pdf: FPDF, table: PackTable) -> None:
    title = printable(table.title)
    pdf.start_section(title)
    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    if table.rows:
        widths = (FIRST_COLUMN_SHARE, *(1 for _ in table.headers[1:]))
        with pdf.table(
            col_widths=widths,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            line_height=5,
            padding=1,
            text_align="LEFT",
        ) as drawn:
            for row in (table.headers, *table.rows):
                line = drawn.row()
                for text in row:
                    line.cell(printable(text))
    else:
        pdf.multi_cell(0, 5, printable(table.empty), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8)
    for note in table.notes:
        pdf.ln(1)
        pdf.multi_cell(0, 4, printable(note), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
