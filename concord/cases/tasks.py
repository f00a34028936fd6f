"""Imports of uploaded files, run in the background by the worker (`manage.py db_worker`).

The uploaded file waits with its batch until the import ends, and is emptied then: it holds
personal data. The import writes a file's rows in one transaction, which nobody else can see
into before it commits, so the rows done so far are counted into the "progress" cache, which
the batch page reads.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from uuid import UUID

from django.core.cache import caches
from django.db import transaction
from django_tasks import task

from concord.accounts.models import Agency, User
from concord.cases.importing import Kind, import_batch, kind_named
from concord.cases.models import ImportBatch, ImportStatus
from concord.core import audit

PROGRESS_EVERY = 25  # rows between two counts of progress
PROGRESS_KEPT = timedelta(days=1)


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
    """Import the file of a waiting batch; returns how the import ended. A failure is kept
    on the batch, which the pages show, and is not raised again: the task's own record would
    keep the error's text, which may quote the file."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status != ImportStatus.WAITING:
        return batch.status  # the task ran before
    try:
        import_batch(
            batch,
            bytes(batch.content),
            kind_named(batch.kind),
            progress=partial(_count_progress, batch.pk),
        )
    except Exception:  # noqa: S110 - import_batch recorded and logged the failure
        pass
    finally:
        caches["progress"].delete(_progress_key(batch.pk))
    return batch.status


def rows_done(batch: ImportBatch) -> int:
    """How many rows of the batch's file have been checked so far."""
    if batch.status == ImportStatus.IMPORTED:
        return batch.rows_total
    done: int = caches["progress"].get(_progress_key(batch.pk), 0)
    return done


def _count_progress(batch_id: UUID, done: int, total: int) -> None:
    if done % PROGRESS_EVERY == 0 or done == total:
        caches["progress"].set(_progress_key(batch_id), done, timeout=PROGRESS_KEPT.total_seconds())


def _progress_key(batch_id: UUID) -> str:
    return f"import-progress:{batch_id}"
