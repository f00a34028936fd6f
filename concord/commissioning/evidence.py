"""What an evidence file really is, from its first bytes (pure Python). The name's
extension must agree with the content; executables are refused whatever they are called."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
SIMPLE_MAGIC = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
OFFICE_PARTS = {
    "word/": ALLOWED[".docx"],
    "xl/": ALLOWED[".xlsx"],
}


class EvidenceRefused(ValueError):
    pass


def _office_type(content: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    except zipfile.BadZipFile:
        return ""
    for prefix, content_type in OFFICE_PARTS.items():
        if any(name.startswith(prefix) for name in names):
            return content_type
    return ""


def _is_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def sniff(content: bytes) -> str:
    """The content type the bytes are, or "" when none we accept."""
    for magic, content_type in SIMPLE_MAGIC.items():
        if content.startswith(magic):
            return content_type
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return ALLOWED[".csv"] if _is_text(content) else ""


def check(name: str, content: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's content type; EvidenceRefused, saying why, for a file we do not keep."""
    if not content:
        raise EvidenceRefused("The file is empty")
    if len(content) > max_bytes:
        raise EvidenceRefused(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
    if content.startswith(EXECUTABLE_MAGIC):
        raise EvidenceRefused("The file is a program: it cannot be evidence")
    expected = ALLOWED.get(PurePath(name).suffix.lower())
    if expected is None:
        raise EvidenceRefused("The file must be a PDF, DOCX, XLSX, CSV, PNG or JPEG")
    if sniff(content) != expected:
        raise EvidenceRefused("The file's content does not match its type")
    return expected
