"""What kind of document a file is, read from its content, never from its name or the
content type the browser sent (ADR 0019).

Concord takes a few kinds of document on a case: PDF, PNG and JPEG images, Word, Excel and
PowerPoint files (Office Open XML) and OpenDocument text. Each is told by its first bytes;
the Office and OpenDocument kinds are zip archives, told apart by the parts their central
directory lists (read without unpacking anything but OpenDocument's short ``mimetype``). A
macro-enabled Office file is refused. Anything else is refused.
"""

from __future__ import annotations

import zipfile
from typing import IO

PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT = "pdf", "png", "jpeg", "docx", "xlsx", "pptx", "odt"
# kind: (the name a user knows it by, its file extension, its content type)
KINDS: dict[str, tuple[str, str, str]] = {
    PDF: ("PDF", "pdf", "application/pdf"),
    PNG: ("PNG image", "png", "image/png"),
    JPEG: ("JPEG image", "jpg", "image/jpeg"),
    DOCX: (
        "Word document",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    XLSX: (
        "Excel workbook",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    PPTX: (
        "PowerPoint presentation",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ODT: ("OpenDocument text", "odt", "application/vnd.oasis.opendocument.text"),
}
SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
NOT_ACCEPTED = (
    "The file must be a PDF, a PNG or JPEG image, or a Word, Excel, PowerPoint or "
    "OpenDocument text file"
)
MACROS = "The file contains macros: save it without them (as .docx, .xlsx or .pptx)"


class NotAccepted(ValueError):
    """The file is not a kind of document Concord takes; the message says which it takes."""


def kind_of(file: IO[bytes]) -> str:
    """The kind of document ``file`` holds, read from its content (the file is left at its
    start); NotAccepted for any other."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP_SIGNATURE):
        try:
            return _zip_kind(file)
        finally:
            file.seek(0)
    raise NotAccepted(NOT_ACCEPTED)


def _zip_kind(file: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and _small_part(archive, "mimetype") == ODT_MIMETYPE:
                return ODT
    except (zipfile.BadZipFile, OSError, EOFError):
        raise NotAccepted(NOT_ACCEPTED) from None
    if "[Content_Types].xml" not in names:
        raise NotAccepted(NOT_ACCEPTED)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise NotAccepted(MACROS)
    for part, kind in OFFICE_PARTS:
        if part in names:
            return kind
    raise NotAccepted(NOT_ACCEPTED)


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """A short part's content (OpenDocument's ``mimetype``); nothing for a larger one."""
    if archive.getinfo(name).file_size > len(ODT_MIMETYPE) + 2:
        return b""
    return archive.read(name).strip()
