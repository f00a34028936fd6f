"""Documents on a case: taking an upload (its kind told by its content, its size limited),
keeping the file under CONCORD_DATA_DIR by a name of its own, opening it to download, and
removing files from the disk when retention anonymises the person (ADR 0019)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet

from concord.accounts.models import User
from concord.cases import lifecycle
from concord.cases.models import Case, Document
from concord.core import audit, filetypes

CHUNK = 1024 * 1024


def path_of(document: Document) -> Path:
    return Path(settings.DOCUMENTS_DIR) / document.stored_name


def too_large_message() -> str:
    return f"The file must be smaller than {settings.DOCUMENT_MAX_BYTES // (1024 * 1024)} MB"


def check_upload(upload: UploadedFile) -> str:
    """The kind of the uploaded file; ValidationError (against ``file``) when it is too
    large or not a kind Concord takes."""
    if upload.size is None or upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": too_large_message()})
    try:
        return filetypes.kind_of(upload)
    except filetypes.NotAccepted as refused:
        raise ValidationError({"file": str(refused)}) from None


@transaction.atomic
def add_document(actor: User, case: Case, *, upload: UploadedFile, title: str) -> Document:
    """Keep an uploaded file on a live case. The file is written first; if its row or
    audit event cannot be saved, the file is removed again."""
    if not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before adding documents")
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Enter what the document is"})
    kind = check_upload(upload)
    stored_name = uuid.uuid4().hex
    target = Path(settings.DOCUMENTS_DIR) / stored_name
    digest, size = _write(upload, target)
    try:
        document = Document.objects.create(
            agency=case.agency,
            case=case,
            title=title,
            kind=kind,
            size=size,
            sha256=digest,
            stored_name=stored_name,
            uploaded_by=actor,
        )
        audit.record(
            "document.added", actor=actor, agency=case.agency, target=document, changes=["file"]
        )
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return document


def _write(upload: UploadedFile, target: Path) -> tuple[str, int]:
    """Write the upload to ``target`` (readable by Concord's user only), in chunks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def open_document(actor: User, document: Document) -> IO[bytes]:
    """The stored file, to download; the download is audited."""
    audit.record("document.downloaded", actor=actor, agency=document.agency, target=document)
    return path_of(document).open("rb")


def download_name(document: Document) -> str:
    """A file name with no personal data: the case reference, the document's short id and
    the extension of its kind."""
    extension = filetypes.KINDS[document.kind][1]
    return f"{document.case.reference}-{document.pk.hex[:8]}.{extension}"


def remove_documents(cases: QuerySet[Case]) -> int:
    """Delete the documents of ``cases`` and, once the transaction
    commits, their files from the disk; returns how many were deleted."""
    documents = Document.objects.filter(case__in=cases)
    paths = [
        Path(settings.DOCUMENTS_DIR) / name
        for name in documents.values_list("stored_name", flat=True)
    ]
    deleted, _ = documents.delete()

    def unlink() -> None:
        for path in paths:
            path.unlink(missing_ok=True)

    transaction.on_commit(unlink)
    return deleted
