"""Import pages: service managers upload, follow the import in the background, see results,
fix or discard quarantined rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from concord.cases import tasks
from concord.cases.models import ImportBatch, ImportedRecord, ImportStatus, QuarantinedRow
from concord.core.middleware import LAST_ACTIVITY
from concord.core.models import AuditEvent
from concord.core.resumable import Claim
from concord.people import services as people_services
from concord.people.models import Person

pytestmark = pytest.mark.django_db

PEOPLE = b"record_id,given_name,family_name,date_of_birth\nP1,Sarah,Ahmed,1988-03-14\nP2,Born,Later,2099-01-01\n"


def upload(client, content=PEOPLE, name="people.csv"):
    return client.post(
        reverse("cases:imports"),
        {"kind": "people", "file": SimpleUploadedFile(name, content, content_type="text/csv")},
        follow=True,
    )


def test_a_manager_uploads_a_file_and_fixes_a_quarantined_row(signed_in, manager_a):
    client = signed_in(manager_a)

    page = upload(client).content.decode()

    assert "1 imported, 0 already there, 1 kept back for checking" in page
    batch = ImportBatch.objects.get()
    row = QuarantinedRow.objects.get()
    detail = client.get(reverse("cases:import-batch", args=[batch.pk])).content.decode()
    assert "Date of birth must be today or in the past" in detail
    fixed = client.post(
        reverse("cases:fix-row", args=[batch.pk, row.pk]),
        {
            "record_id": "P2",
            "given_name": "Born",
            "family_name": "Later",
            "date_of_birth": "1990-01-01",
        },
    )
    assert fixed.status_code == 302
    assert Person.objects.filter(family_name="Later").exists()
    row.refresh_from_db()
    assert row.resolved == "imported"


def test_a_fix_that_still_fails_says_why(signed_in, manager_a):
    client = signed_in(manager_a)
    upload(client)
    row = QuarantinedRow.objects.get()

    page = client.post(
        reverse("cases:fix-row", args=[row.batch_id, row.pk]),
        {
            "record_id": "P2",
            "given_name": "Born",
            "family_name": "Later",
            "date_of_birth": "2098-01-01",
        },
    ).content.decode()

    assert "Date of birth must be today or in the past" in page
    assert QuarantinedRow.objects.filter(resolved="").count() == 1


def test_a_row_can_be_discarded(signed_in, manager_a):
    client = signed_in(manager_a)
    upload(client)
    row = QuarantinedRow.objects.get()

    client.post(reverse("cases:discard-row", args=[row.batch_id, row.pk]))

    row.refresh_from_db()
    assert row.resolved == "discarded"


def test_an_upload_lands_on_its_batch_page_which_shows_how_the_import_ended(signed_in, manager_a):
    response = upload(signed_in(manager_a))

    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(reverse("cases:import-batch", args=[batch.pk]), 302)]
    page = response.content.decode()
    assert 'role="status"' in page
    assert "Finished: 1 imported, 0 already there, 1 kept back for checking." in page
    assert "Date of birth must be today or in the past" in page
    assert "hx-get" not in page  # nothing left to wait for
    assert batch.status == ImportStatus.IMPORTED
    assert bytes(batch.content) == b""  # the file held personal data


@pytest.fixture
def queued(settings):
    """Tasks are kept, not run, as when the worker has not reached them yet."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_file_waiting_for_the_worker_is_kept_and_its_page_asks_again(
    signed_in, manager_a, queued
):
    client = signed_in(manager_a)

    page = upload(client).content.decode()

    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.WAITING
    assert bytes(batch.content) == PEOPLE
    assert "Waiting for its turn to be imported." in page
    assert f'hx-get="{reverse("cases:import-progress", args=[batch.pk])}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "htmx.min.js" in page
    assert "Check progress again" in page  # for a browser without JavaScript
    assert not Person.objects.exists()


def test_progress_shows_rows_checked_and_is_not_an_audited_read_nor_activity(
    signed_in, manager_a, queued
):
    client = signed_in(manager_a)
    upload(client)
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportStatus.IMPORTING, rows_total=400, rows_done=150
    )
    session = client.session
    session[LAST_ACTIVITY] -= 60
    session.save()
    last_activity = session[LAST_ACTIVITY]
    reads = AuditEvent.objects.filter(action="import.viewed").count()

    response = client.get(
        reverse("cases:import-progress", args=[batch.pk]), headers={"Concord-Poll": "true"}
    )

    fragment = response.content.decode()
    assert "Importing: 150 of 400 rows checked." in fragment
    assert 'hx-swap-oob="innerHTML"' in fragment
    assert "hx-get" in fragment  # still asking
    assert "<html" not in fragment
    assert AuditEvent.objects.filter(action="import.viewed").count() == reads
    assert client.session[LAST_ACTIVITY] == last_activity


def test_the_task_commits_a_chunk_at_a_time_with_its_progress(
    signed_in, manager_a, queued, monkeypatch, settings
):
    settings.IMPORT_CHUNK_ROWS = 25
    settings.IMPORT_CHUNK_MILLISECONDS = 60_000  # chunks of exactly that many rows
    rows = "".join(f"P{n},Given{n},Family{n},1980-01-01\n" for n in range(60))
    upload(
        signed_in(manager_a),
        content=b"record_id,given_name,family_name,date_of_birth\n" + rows.encode(),
    )
    batch = ImportBatch.objects.get()
    committed = []
    commit = Claim.commit
    monkeypatch.setattr(
        Claim,
        "commit",
        lambda claim, done, **kw: committed.append(done) or commit(claim, done, **kw),
    )

    assert tasks.import_upload.call(str(batch.pk)) == ImportStatus.IMPORTED

    assert committed == [25, 50, 60, 60]  # each chunk, then the end
    batch.refresh_from_db()
    assert batch.rows_done == batch.rows_total == batch.rows_imported == 60
    assert batch.heartbeat_at is not None
    assert (batch.attempts, batch.resumed) == (1, 0)
    assert tasks.import_upload.call(str(batch.pk)) == ImportStatus.IMPORTED  # runs once
    assert Person.objects.count() == 60


def test_a_failure_part_way_imports_nothing_and_says_so_without_the_files_contents(
    signed_in, manager_a, monkeypatch, caplog
):
    record_person = people_services.record_person
    calls = []

    def breaks_on_the_second_row(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError(f"cannot store {kwargs['family_name']}")
        return record_person(*args, **kwargs)

    monkeypatch.setattr(people_services, "record_person", breaks_on_the_second_row)
    content = b"record_id,given_name,family_name\nP1,Sarah,Ahmed\nP2,Mina,Okafor\n"

    page = upload(signed_in(manager_a), content=content).content.decode()

    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED
    assert "The import stopped" in page
    assert "The 0 rows before line 2 were kept" in page
    assert str(batch.pk) in batch.problem
    assert bytes(batch.content) == b""
    assert not Person.objects.exists()
    assert not ImportedRecord.objects.exists()
    assert not QuarantinedRow.objects.exists()
    assert (batch.rows_imported, batch.rows_quarantined) == (0, 0)
    assert f"import.failed batch={batch.pk} line=3 error=RuntimeError" in caplog.text
    for name in ("Sarah", "Ahmed", "Mina", "Okafor"):
        assert name not in caplog.text
        assert name not in batch.problem


def test_a_file_the_csv_reader_gives_up_on_ends_its_import_and_is_let_go(signed_in, manager_a):
    too_long = "x" * 200_000  # beyond the csv module's limit for one field
    upload(
        signed_in(manager_a),
        content=f"record_id,given_name,family_name\nP1,{too_long},X\n".encode(),
    )

    batch = ImportBatch.objects.get()
    assert not batch.is_running
    assert bytes(batch.content) == b""
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_import_and_the_worker_runs_it(
    signed_in, manager_a, settings, task_worker
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = signed_in(manager_a)

    waiting = upload(client).content.decode()

    batch = ImportBatch.objects.get()
    assert "Waiting for its turn to be imported." in waiting
    assert DBTaskResult.objects.get().task_path == "concord.cases.tasks.import_upload"
    task_worker()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert Person.objects.get().family_name == "Ahmed"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    done = client.get(reverse("cases:import-progress", args=[batch.pk])).content.decode()
    assert "Finished: 1 imported, 0 already there, 1 kept back for checking." in done
    assert "hx-get" not in done
    assert "Date of birth must be today or in the past" in done


def test_an_upload_that_is_not_csv_is_refused(signed_in, manager_a):
    page = upload(signed_in(manager_a), name="people.xlsx").content.decode()

    assert "The file must be a CSV file" in page
    assert not ImportBatch.objects.exists()


def test_a_file_in_the_wrong_encoding_is_refused_with_advice(signed_in, manager_a):
    page = upload(
        signed_in(manager_a),
        content="record_id,given_name,family_name\nP1,Zoë,X\n".encode("cp1252"),
    ).content.decode()

    assert "The file was not imported: The file is not UTF-8 text." in page
    assert "save it as" in page
    assert not Person.objects.exists()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REFUSED
    assert bytes(batch.content) == b""


def test_imports_are_404_for_another_agency(signed_in, manager_a, manager_b):
    upload(signed_in(manager_a))
    batch = ImportBatch.objects.get()
    row = QuarantinedRow.objects.get()
    client = signed_in(manager_b)

    assert client.get(reverse("cases:import-batch", args=[batch.pk])).status_code == 404
    assert client.get(reverse("cases:import-progress", args=[batch.pk])).status_code == 404
    assert client.get(reverse("cases:fix-row", args=[batch.pk, row.pk])).status_code == 404
    assert client.post(reverse("cases:discard-row", args=[batch.pk, row.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["idva", "commissioner", "analyst", "agency_admin_a"])
def test_imports_are_403_for_other_roles(request, signed_in, manager_a, persona):
    upload(signed_in(manager_a))
    batch = ImportBatch.objects.get()
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("cases:imports")).status_code == 403
    assert client.get(reverse("cases:import-batch", args=[batch.pk])).status_code == 403
    assert client.get(reverse("cases:import-progress", args=[batch.pk])).status_code == 403


def test_an_upload_over_the_import_size_is_refused_in_the_error_summary(
    signed_in, manager_a, settings
):
    settings.UPLOAD_IMPORT_MAX_MB = 1
    content = b"record_id,given_name,family_name\n" + b"\n" * (2 * 1024 * 1024)

    page = upload(signed_in(manager_a), content=content).content.decode()

    assert "govuk-error-summary" in page
    assert "The file must be smaller than 1 MB. Split it into smaller files" in page
    assert not ImportBatch.objects.exists()
