"""Imports commit a chunk at a time and resume where they stopped: a worker killed part-way
leaves its batch "importing" with its progress, the sweep queues it again, and every row
is taken exactly once; a sweep gives up after a few tries, and two sweepers never both
resume the same batch."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases import importing, tasks
from concord.cases.import_rows import Kind
from concord.cases.models import ImportBatch, ImportedRecord, ImportStatus, QuarantinedRow
from concord.core import resumable
from concord.core.models import AuditEvent
from concord.core.resumable import Claim, ClaimLost
from concord.people.models import Person

pytestmark = pytest.mark.django_db

HEADER = "record_id,given_name,family_name,date_of_birth\n"
BAD_LINES = {5, 14}  # born in the future: kept back


def people_file(rows: int) -> bytes:
    lines = [
        f"P{n},Given{n},Family{n},{'2099-01-01' if n + 2 in BAD_LINES else '1980-01-01'}\n"
        for n in range(rows)
    ]
    return (HEADER + "".join(lines)).encode()


class WorkerKilled(BaseException):
    """Stands for the worker's process dying: no handler of the import's runs."""


def killed_at(row_number: int) -> Kind:
    """The people kind, whose worker dies while writing the ``row_number``-th row."""
    kind = importing.kind_named("people")
    written = []

    def write(context, row):
        written.append(row)
        if len(written) == row_number:
            raise WorkerKilled
        return kind.write(context, row)

    return Kind(kind.name, kind.columns, write, required=kind.required)


def uploaded(manager, content: bytes) -> ImportBatch:
    return ImportBatch.objects.create(
        agency=manager.agency,
        kind="people",
        filename="people.csv",
        imported_by=manager.user,
        content=content,
    )


def stale(batch: ImportBatch, minutes: int = 6) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_a_killed_import_keeps_its_committed_chunks_and_its_progress(manager_a, settings):
    settings.IMPORT_CHUNK_ROWS = 5
    settings.IMPORT_CHUNK_MILLISECONDS = 60_000  # chunks of exactly that many rows
    batch = uploaded(manager_a, people_file(23))

    with pytest.raises(WorkerKilled):
        importing.import_batch(batch, bytes(batch.content), killed_at(13))

    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTING
    assert batch.rows_done == 10  # rows 11 and 12 were in the chunk that died
    assert (batch.rows_imported, batch.rows_quarantined) == (9, 1)
    assert Person.objects.count() == 9
    assert QuarantinedRow.objects.count() == 1


def test_a_resumed_import_takes_every_row_exactly_once(manager_a, settings):
    settings.IMPORT_CHUNK_ROWS = 5
    settings.IMPORT_CHUNK_MILLISECONDS = 60_000  # chunks of exactly that many rows
    batch = uploaded(manager_a, people_file(23))
    with pytest.raises(WorkerKilled):
        importing.import_batch(batch, bytes(batch.content), killed_at(13))
    stale(batch)

    assert tasks.resume_stale_imports() == 1  # the worker runs it at once in tests

    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert batch.rows_done == batch.rows_total == 23
    assert (batch.rows_imported, batch.rows_unchanged, batch.rows_quarantined) == (21, 0, 2)
    assert batch.resumed == 1
    names = Counter(Person.objects.values_list("family_name", flat=True))
    assert len(names) == 21 and set(names.values()) == {1}
    assert ImportedRecord.objects.count() == 21
    assert sorted(QuarantinedRow.objects.values_list("line", flat=True)) == sorted(BAD_LINES)
    assert bytes(batch.content) == b""
    actions = AuditEvent.objects.for_object("cases.importbatch", batch.pk).values_list(
        "action", flat=True
    )
    assert "import.resumed" in list(actions)


def test_an_import_still_beating_is_not_resumed(manager_a, settings):
    batch = uploaded(manager_a, people_file(3))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.IMPORTING, attempts=1, heartbeat_at=timezone.now()
    )

    assert tasks.resume_stale_imports() == 0

    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (ImportStatus.IMPORTING, 1)


def test_the_sweep_gives_up_after_so_many_tries_and_says_why(manager_a, settings, queued):
    settings.IMPORT_RESUME_ATTEMPTS = 2
    batch = uploaded(manager_a, people_file(3))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.IMPORTING, rows_done=2)
    for attempt in (1, 2, 3):
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.IMPORTING, attempts=attempt
        )
        stale(batch)
        assert tasks.resume_stale_imports() == 1
        batch.refresh_from_db()
        expected = ImportStatus.WAITING if attempt < 3 else ImportStatus.FAILED
        assert batch.status == expected

    assert "could not be resumed" in batch.problem
    assert "The 2 rows before line 4 were kept" in batch.problem
    assert bytes(batch.content) == b""
    assert AuditEvent.objects.filter(action="import.failed").count() == 1
    assert tasks.resume_stale_imports() == 0


def test_two_sweepers_never_both_resume_a_batch(manager_a, queued, monkeypatch):
    batch = uploaded(manager_a, people_file(3))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.IMPORTING, attempts=1)
    stale(batch)
    queued_again = []
    monkeypatch.setattr(tasks, "_queue_again", queued_again.append)
    settle = resumable._settle
    other_sweeper: list[int] = []

    def the_other_sweeper_comes_first(*args):
        """Between this sweeper reading the stale batch and claiming it."""
        monkeypatch.setattr(resumable, "_settle", settle)
        other_sweeper.append(tasks.resume_stale_imports())
        return settle(*args)

    monkeypatch.setattr(resumable, "_settle", the_other_sweeper_comes_first)

    assert tasks.resume_stale_imports() == 0
    assert other_sweeper == [1]
    assert queued_again == [batch.pk]


def test_a_run_that_lost_its_batch_writes_nothing_more(manager_a):
    batch = uploaded(manager_a, people_file(3))
    first = Claim(ImportBatch, batch.pk, 1)
    assert first.start(ImportStatus.WAITING, ImportStatus.IMPORTING)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.WAITING)  # swept
    second = Claim(ImportBatch, batch.pk, 2)
    assert second.start(ImportStatus.WAITING, ImportStatus.IMPORTING)
    assert not first.start(ImportStatus.WAITING, ImportStatus.IMPORTING)

    with pytest.raises(ClaimLost):
        first.hold()
    with pytest.raises(ClaimLost):
        first.commit(3)
    second.commit(3)


@pytest.fixture
def queued(settings):
    """Tasks are kept, not run, as when the worker has not reached them yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
