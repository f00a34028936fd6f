"""Uploads that cannot exhaust memory (issue 11): a "zip bomb" XLSX, a CSV without line ends
and files beyond the row or column limits are refused before they are parsed, quickly and
in little memory, with a message that quotes nothing from the file; an ordinary workbook is
still taken."""

from __future__ import annotations

import io
import resource
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from concord.core.uploads import FileRefused
from concord.submissions.files import open_table
from concord.submissions.models import Submission
from concord.submissions.tests.files import csv_bytes, row, rows, xlsx_bytes
from concord.submissions.tests.test_pages import api, upload

MB = 1024 * 1024
BOMB_MB = 1024  # unpacks to 1 GB from about 1 MB, like the file in issue 11
TOO_LARGE = "The spreadsheet is larger than Concord accepts"
# On one pytest-xdist worker, so that the zip bomb is written once.
pytestmark = pytest.mark.xdist_group("zip-bomb")


def _workbook_with_shared_strings(shared_strings: Path, writes) -> None:
    """An ordinary workbook whose shared strings are replaced by what ``writes`` streams
    (never whole in memory)."""
    ordinary = zipfile.ZipFile(io.BytesIO(xlsx_bytes(rows(1))))
    with zipfile.ZipFile(shared_strings, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for part in ordinary.infolist():
            if part.filename != "xl/sharedStrings.xml":
                bomb.writestr(part.filename, ordinary.read(part))
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as stream:
            writes(stream)


def _one_huge_text(size_mb: int):
    def writes(stream) -> None:
        stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        stream.write(b"<si><t>")
        chunk = b"A" * MB
        for _ in range(size_mb):
            stream.write(chunk)
        stream.write(b"</t></si></sst>")

    return writes


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "incidents.xlsx"
    _workbook_with_shared_strings(path, _one_huge_text(BOMB_MB))
    return path


def _refusal_with_peak_memory(path: Path) -> tuple[str, int, float]:
    """Reading the file as the worker does: the refusal, the peak of Python's allocations
    while reading, and the seconds it took."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FileRefused) as refusal:
            table = open_table(path, path.name)
            for _ in table.rows:
                pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refusal.value), peak, time.monotonic() - started


def test_a_zip_bomb_is_refused_before_parsing_quickly_and_in_little_memory(zip_bomb):
    resident_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux

    message, peak, seconds = _refusal_with_peak_memory(zip_bomb)

    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - resident_before
    assert zip_bomb.stat().st_size < 2 * MB
    assert message == (f"{TOO_LARGE}: it unpacks to more than 400 MB. Split it or send CSV.")
    assert seconds < 5
    assert peak < 20 * MB
    assert grown * 1024 < 100 * MB  # the worker stays far under issue 11's 300 MB


def test_a_zip_bomb_within_the_stated_limits_is_stopped_while_unpacking(zip_bomb, settings):
    """The archive's directory is not trusted: with its limits out of the way, unpacking
    through the counter still stops at the first over-long text."""
    settings.UPLOAD_MAX_UNZIPPED_MB = 10 * BOMB_MB
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10**6

    message, peak, seconds = _refusal_with_peak_memory(zip_bomb)

    assert message == f"{TOO_LARGE}: a row or a cell is longer than any return needs. " + (
        "Split it or send CSV."
    )
    assert seconds < 5
    assert peak < 20 * MB


def test_a_workbook_whose_directory_understates_its_size_is_refused(tmp_path):
    path = tmp_path / "liar.xlsx"
    _workbook_with_shared_strings(path, _one_huge_text(50))
    with zipfile.ZipFile(path) as archive:
        real = archive.getinfo("xl/sharedStrings.xml").file_size
    content = bytearray(path.read_bytes())
    # Say that the 50 MB of shared strings unpack to 1 kB, wherever the size is written: in
    # the central directory (four bytes) and the local header's zip64 field (eight).
    for fmt in ("<I", "<Q"):
        content = bytearray(content.replace(struct.pack(fmt, real), struct.pack(fmt, 1024)))
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size == 1024
    path.write_bytes(bytes(content))

    message, peak, _ = _refusal_with_peak_memory(path)

    assert message in {
        "The file is not an Excel workbook (.xlsx) we can read.",
        f"{TOO_LARGE}: a row or a cell is longer than any return needs. Split it or send CSV.",
    }
    assert peak < 20 * MB


def test_a_sheet_with_more_rows_than_the_limit_is_refused_before_parsing(tmp_path, settings):
    settings.UPLOAD_MAX_ROWS = 20
    path = tmp_path / "incidents.xlsx"
    path.write_bytes(xlsx_bytes(rows(25)))

    message, _, _ = _refusal_with_peak_memory(path)

    assert message == f"{TOO_LARGE}: it has more than 20 rows. Split it or send CSV."


def test_an_ordinary_workbook_is_still_read(tmp_path):
    path = tmp_path / "incidents.xlsx"
    path.write_bytes(xlsx_bytes(rows(3)))

    table = open_table(path, path.name)

    assert [line for line, _ in table.rows] == [2, 3, 4]


def test_a_csv_line_longer_than_the_limit_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_bytes(csv_bytes([row("R1")]) + b"x" * (5 * MB))

    message, peak, _ = _refusal_with_peak_memory(path)

    assert message == (
        "Line 3 is longer than Concord accepts (65,536 characters). Check that the file is "
        "CSV, and split very long cells."
    )
    assert peak < MB


def test_a_csv_file_with_more_rows_than_the_limit_is_refused(tmp_path, settings):
    settings.UPLOAD_MAX_ROWS = 2
    path = tmp_path / "incidents.csv"
    path.write_bytes(csv_bytes(rows(3)))

    message, _, _ = _refusal_with_peak_memory(path)

    assert message == (
        "The file is larger than Concord accepts: it has more than 2 rows. "
        "Split it into smaller files."
    )


# The page and the API ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_refuses_a_zip_bomb_at_once_naming_the_file_field(police_data, zip_bomb):
    response = api(police_data).post(
        "/api/v1/submissions",
        {"kind": "incident", "file": SimpleUploadedFile("incidents.xlsx", zip_bomb.read_bytes())},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "field": "file",
            "message": f"{TOO_LARGE}: it unpacks to more than 400 MB. Split it or send CSV.",
        }
    ]
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_the_api_refuses_a_file_over_the_upload_size(police_data, settings):
    settings.UPLOAD_SUBMISSION_MAX_MB = 1
    content = csv_bytes(rows(1)) + b"\n" * (2 * MB)

    response = api(police_data).post(
        "/api/v1/submissions",
        {"kind": "incident", "file": SimpleUploadedFile("incidents.csv", content)},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "field": "file",
        "message": "The file must be smaller than 1 MB. Split it into smaller files",
    }


@pytest.mark.django_db
def test_the_page_shows_a_zip_bomb_s_refusal_in_the_error_summary(signed_in, police_data, zip_bomb):
    page = upload(signed_in(police_data), zip_bomb.read_bytes(), "incidents.xlsx")

    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert f"{TOO_LARGE}: it unpacks to more than 400 MB. Split it or send CSV." in html
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_the_api_still_takes_an_ordinary_workbook(police_data):
    response = api(police_data).post(
        "/api/v1/submissions",
        {"kind": "incident", "file": SimpleUploadedFile("incidents.xlsx", xlsx_bytes(rows(2)))},
    )

    assert response.status_code == 201, response.content
    assert response.json()["rows_accepted"] == 2
