"""Imports of uploaded files, run in the background by the worker (`manage.py worker`).

The uploaded file waits with its batch until the import ends, and is emptied then: it holds
personal data. The import commits a chunk of rows at a time with the batch's progress, so
the batch page reads how far it got from the database. An import whose worker stopped is
found by ``resume_stale_imports`` (which the worker calls now and then) and queued again to
carry on where it stopped.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from concord.accounts.models import Agency, User
from concord.cases.import_rows import Kind
from concord.cases.importing import import_batch, kind_named
from concord.cases.models import ImportBatch, ImportStatus
from concord.core import audit
from concord.core.resumable import Sweep, sweep_stale

GIVEN_UP = (
    "The import stopped when the background worker stopped and could not be resumed: it was "
    "resumed {resumed} times and stopped each time. The {done} rows before line {line} were "
    "kept; upload the file again to import the rest (rows already imported are left alone)."
)


@transaction.atomic
def receive_upload(
    actor: User, agency: Agency, kind: Kind, *, filename: str, content: bytes
) -> ImportBatch:
    """Keep an uploaded file with a new batch and queue its import. The task is queued in
    the same transaction as the batch, so the worker never finds one without the other."""
    batch = ImportBatch.objects.create(
        agency=agency, kind=kind.name, filename=filename, imported_by=actor, content=content
    )
    audit.record("import.uploaded", actor=actor, agency=agency, target=batch)
    import_upload.enqueue(str(batch.pk))
    return batch


@task()
def import_upload(batch_id: str) -> str:
    """Import (or go on importing) the file of a waiting batch; returns how the import
    ended. A failure is kept on the batch, which the pages show, and is not raised again:
    the task's own record would keep the error's text, which may quote the file."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportStatus.WAITING:
        return batch.status  # the task ran before
    with suppress(Exception):  # import_batch recorded and logged the failure
        import_batch(batch, bytes(batch.content), kind_named(batch.kind))
    batch.refresh_from_db(fields=["status"])
    return batch.status


def resume_stale_imports() -> int:
    """Queue again every import whose worker stopped (no chunk committed for
    CONCORD_IMPORT_STALE_MINUTES), to carry on at its first row not kept; after
    CONCORD_IMPORT_RESUME_ATTEMPTS resumptions, mark it failed instead. Returns how many
    imports were resumed or failed. Safe to call from several workers at once."""
    sweep = Sweep(
        ImportBatch,
        running=ImportStatus.IMPORTING,
        waiting=ImportStatus.WAITING,
    )
    return sweep_stale(sweep, resume=_queue_again, give_up=_given_up, ended=_ended)


def _queue_again(batch_id: Any) -> None:
    import_upload.enqueue(str(batch_id))


def _given_up(batch_id: Any) -> dict[str, Any]:
    done = ImportBatch.objects.values_list("rows_done", flat=True).get(pk=batch_id)
    problem = GIVEN_UP.format(resumed=settings.IMPORT_RESUME_ATTEMPTS, done=done, line=done + 2)
    return {"status": ImportStatus.FAILED, "problem": problem, "content": b""}


def _ended(batch_id: Any) -> None:
    batch = ImportBatch.objects.select_related("agency", "imported_by").get(pk=batch_id)
    audit.record("import.failed", actor=batch.imported_by, agency=batch.agency, target=batch)
