"""Limits on uploaded files, checked before a file is parsed, so that no upload can take the
worker's memory or time: not a "zip bomb" spreadsheet (a small file that unpacks to a huge
one), not a CSV file without line ends.

An XLSX file is a zip archive. Its central directory says how large each part unpacks to;
that is checked first (at upload, in a moment). It is not trusted: before openpyxl reads
the workbook, the worksheets and the shared strings are unpacked once through a counter that
stops at the limit, counting rows and the longest row or string on the way. Only then does
openpyxl parse it, in read-only mode, while the readers count rows and columns again.

The limits come from the CONCORD_UPLOAD_* settings (docs/configuration.md). Messages say
which limit a file broke and what to do; they never quote the file.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from django.conf import settings

if TYPE_CHECKING:
    from _csv import _reader

MB = 1024 * 1024
CHUNK = MB
# openpyxl keeps every shared string in memory; a quarterly return stores each distinct text
# once, and has at most a handful of free-text or identifier columns unique to each row.
SHARED_STRINGS_PER_ROW = 5
# The XML of one row, or of one shared string, can be no longer than this many bytes per
# cell: a cell of the longest value a return has, in four-byte characters, with its markup.
XML_BYTES_PER_CELL = 8 * 1024
ARCHIVE_MEMBERS = 1000  # a workbook of one sheet has about ten parts
RATIO_FROM_BYTES = MB  # small parts (styles, themes) may compress well; they cost nothing
SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
SHARED_STRINGS = "xl/sharedStrings.xml"
TOO_LARGE = "The spreadsheet is larger than Concord accepts: {reason}. Split it or send CSV."
NOT_A_WORKBOOK = "The file is not an Excel workbook (.xlsx) we can read."


class FileRefused(Exception):
    """The whole file cannot be taken: unreadable, wrongly made, or beyond the limits."""


@dataclass(frozen=True)
class UploadLimits:
    """How large an uploaded file may be, once unpacked and once read."""

    rows: int
    columns: int
    unzipped_bytes: int
    ratio: int
    line_chars: int


def upload_limits() -> UploadLimits:
    """The limits in force, read from settings each time (tests change them)."""
    return UploadLimits(
        rows=settings.UPLOAD_MAX_ROWS,
        columns=settings.UPLOAD_MAX_COLUMNS,
        unzipped_bytes=settings.UPLOAD_MAX_UNZIPPED_MB * MB,
        ratio=settings.UPLOAD_MAX_COMPRESSION_RATIO,
        line_chars=settings.UPLOAD_MAX_LINE_CHARACTERS,
    )


def too_large(reason: str) -> FileRefused:
    return FileRefused(TOO_LARGE.format(reason=reason))


# Counting rows as they are read (CSV and XLSX) -------------------------------------------


def check_row_count(rows_read: int, limits: UploadLimits) -> None:
    """Refuse a file once it has more data rows than the limit (the header not counted)."""
    if rows_read > limits.rows:
        raise FileRefused(
            f"The file is larger than Concord accepts: it has more than {limits.rows:,} rows. "
            "Split it into smaller files."
        )


def check_column_count(columns: int, limits: UploadLimits) -> None:
    if columns > limits.columns:
        raise FileRefused(
            f"The file is larger than Concord accepts: a row has {columns:,} cells, more than "
            f"{limits.columns:,}. Check that it is the right file."
        )


# CSV --------------------------------------------------------------------------------------


def capped_lines(text: TextIO, limits: UploadLimits) -> Iterator[str]:
    """The lines of a text stream, refusing one longer than the limit before it is read
    whole (a file with no line ends would otherwise be one line of the file's size)."""
    number = 0
    while line := text.readline(limits.line_chars + 1):
        number += 1
        if len(line) > limits.line_chars and not line.endswith("\n"):
            raise FileRefused(
                f"Line {number} is longer than Concord accepts ({limits.line_chars:,} "
                "characters). Check that the file is CSV, and split very long cells."
            )
        yield line


def cap_csv_cells(limits: UploadLimits) -> None:
    """A quoted cell may span lines; csv's field size limit (one for the whole process)
    caps it at the length of a line."""
    csv.field_size_limit(limits.line_chars)


def csv_reader(text: TextIO, limits: UploadLimits) -> _reader:
    """csv.reader over capped lines, with cells capped too."""
    cap_csv_cells(limits)
    return csv.reader(capped_lines(text, limits))


# XLSX -------------------------------------------------------------------------------------


def check_xlsx_archive(source: Path | IO[bytes], limits: UploadLimits) -> None:
    """What the zip archive's central directory says, without unpacking anything: fast
    enough for the upload form. Refuses a file that says it unpacks beyond the limits."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(NOT_A_WORKBOOK) from None
    if len(parts) > ARCHIVE_MEMBERS:
        raise FileRefused(NOT_A_WORKBOOK)
    unzipped = sum(part.file_size for part in parts)
    if unzipped > limits.unzipped_bytes:
        raise too_large(f"it unpacks to more than {limits.unzipped_bytes // MB:,} MB")
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > limits.ratio * max(
            part.compress_size, 1
        ):
            raise too_large(
                f"it is compressed more than {limits.ratio:,} times over, "
                "which ordinary spreadsheets are not"
            )


def check_xlsx(path: Path, limits: UploadLimits) -> None:
    """Every check before openpyxl parses the workbook: the central directory, then the
    worksheets and shared strings unpacked through a counter that stops at the limit."""
    check_xlsx_archive(path, limits)
    unzipped = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for part in archive.infolist():
                if SHEET.fullmatch(part.filename):
                    unzipped += _scan(archive, part, b"<row", limits, unzipped)
                elif part.filename == SHARED_STRINGS:
                    unzipped += _scan(archive, part, b"<si", limits, unzipped)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileRefused(NOT_A_WORKBOOK) from None


def _scan(
    archive: zipfile.ZipFile,
    part: zipfile.ZipInfo,
    token: bytes,
    limits: UploadLimits,
    unzipped_before: int,
) -> int:
    """Unpack one part a chunk at a time, counting its elements (rows or shared strings)
    and the longest of them; returns the bytes it unpacked."""
    most = limits.rows + 1 if token == b"<row" else limits.rows * SHARED_STRINGS_PER_ROW
    longest = limits.columns * XML_BYTES_PER_CELL
    scan = _TokenScan(token)
    with archive.open(part) as stream:
        while chunk := stream.read(CHUNK):
            scan.feed(chunk)
            if unzipped_before + scan.size > limits.unzipped_bytes:
                raise too_large(f"it unpacks to more than {limits.unzipped_bytes // MB:,} MB")
            if scan.count > most:
                raise too_large(
                    f"it has more than {limits.rows:,} rows"
                    if token == b"<row"
                    else "it has more different texts than a file of "
                    f"{limits.rows:,} rows would have"
                )
            if scan.longest > longest:
                raise too_large("a row or a cell is longer than any return needs")
    return scan.size


class _TokenScan:
    """Counts a token's occurrences across chunks, and the longest stretch between two."""

    def __init__(self, token: bytes) -> None:
        self.token = token
        self.count = 0
        self.size = 0
        self.longest = 0
        self._last = 0  # where the last token began, in bytes from the part's start
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        data = self._tail + chunk
        start = self.size - len(self._tail)
        found = data.find(self.token)
        while found != -1:
            self.count += 1
            self.longest = max(self.longest, start + found - self._last)
            self._last = start + found
            found = data.find(self.token, found + 1)
        self.size += len(chunk)
        self.longest = max(self.longest, self.size - self._last)
        # A token cut by the chunk's end is found whole with the next chunk, never twice.
        self._tail = data[-(len(self.token) - 1) :]
