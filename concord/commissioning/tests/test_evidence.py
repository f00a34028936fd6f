"""Evidence files: the content decides what a file is; programs and mismatches refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from concord.commissioning.evidence import EvidenceRefused, check

PDF = b"%PDF-1.7\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n0000"


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("chart.PNG", PNG, "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0rest", "image/jpeg"),
        ("figures.csv", b"quarter,clients\nQ1,25\n", "text/csv"),
        (
            "notes.docx",
            office("word"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "sheet.xlsx",
            office("xl"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_allowed_files_are_kept_as_what_they_are(
    name: str, content: bytes, content_type: str
) -> None:
    assert check(name, content) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00 windows program", "is a program"),
        ("report.exe", b"MZ\x90\x00", "is a program"),
        ("figures.csv", b"\x7fELF\x02\x01", "is a program"),
        ("run.csv", b"#!/bin/sh\nrm -rf /\n", "is a program"),
        ("report.pdf", PNG, "does not match"),
        ("notes.docx", office("xl"), "does not match"),
        ("notes.docx", b"PK\x03\x04 not really a zip", "does not match"),
        ("figures.csv", b"a,b\x00\x01", "does not match"),
        ("page.html", b"<html></html>", "must be a PDF"),
        ("report.pdf", b"", "empty"),
    ],
)
def test_bad_files_are_refused_saying_why(name: str, content: bytes, message: str) -> None:
    with pytest.raises(EvidenceRefused, match=message):
        check(name, content)


def test_a_file_over_the_limit_is_refused() -> None:
    with pytest.raises(EvidenceRefused, match="smaller than 1 MB"):
        check("report.pdf", PDF + b"0" * 1024 * 1024, max_bytes=1024 * 1024)
