"""A partner agency's file is taken in a chunk at a time: checks whose worker was killed
part-way keep the chunks committed, and the sweep resumes them so each row counts once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.submissions import services, tasks
from concord.submissions.models import PartnershipRecord, Submission, SubmissionStatus
from concord.submissions.tests.files import csv_bytes, rows
from concord.submissions.tests.test_processing import send

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for the worker's process dying: no handler of the checks runs."""


def test_checks_killed_part_way_resume_and_take_each_row_once(police_data, settings, monkeypatch):
    settings.SUBMISSION_CHUNK_ROWS = 2
    write = services.RecordWriter._write
    calls = []

    def dies_on_the_third_chunk(writer, batch):
        calls.append(1)
        if len(calls) == 3:
            raise WorkerKilled
        write(writer, batch)

    monkeypatch.setattr(services.RecordWriter, "_write", dies_on_the_third_chunk)
    send(police_data, csv_bytes(rows(7)))  # the test backend records the task's death
    submission = Submission.objects.get()
    assert (submission.status, submission.rows_done) == (SubmissionStatus.VALIDATING, 4)
    assert PartnershipRecord.objects.count() == 4
    assert submission.file

    Submission.objects.filter(pk=submission.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=settings.IMPORT_STALE_MINUTES + 1)
    )
    assert tasks.resume_stale_submissions() == 1

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert (submission.rows_done, submission.rows_total, submission.rows_accepted) == (7, 7, 7)
    assert submission.resumed == 1
    assert PartnershipRecord.objects.count() == 7
    assert not submission.file


def test_the_sweep_refuses_checks_that_keep_stopping_and_lets_the_file_go(
    police_data, settings, monkeypatch
):
    settings.IMPORT_RESUME_ATTEMPTS = 0
    monkeypatch.setattr(services, "process_submission", lambda submission: None)
    submission = send(police_data, csv_bytes(rows(2)))  # stays waiting: nothing checked it
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.VALIDATING, attempts=1, heartbeat_at=None
    )

    assert tasks.resume_stale_submissions() == 1

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REFUSED
    assert "could not be resumed" in submission.problem
    assert not submission.file
