"""Checks of submitted files, run in the background by the worker (`manage.py worker`).
Like the case imports (concord.cases.tasks), a file is taken in a chunk of rows at a time
with its progress, and checks whose worker stopped are resumed by
``resume_stale_submissions``, which the worker calls now and then."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django.conf import settings
from django_tasks import task

from concord.core import audit
from concord.core.resumable import Sweep, sweep_stale
from concord.submissions.models import Submission, SubmissionStatus
from concord.submissions.services import let_go, process_submission

GIVEN_UP = (
    "The checks stopped when the background worker stopped and could not be resumed: they "
    "were resumed {resumed} times and stopped each time. The {done} rows before line {line} "
    "were taken in; send the file again to take in the rest (rows taken in before change "
    "nothing)."
)


@task()
def check_submission(submission_id: str) -> str:
    """Check (or go on checking) the file of a waiting submission; returns how it ended. A
    failure is kept on the submission, which the pages show, and not raised again: the
    task's own record would keep the error's text, which may quote the file."""
    submission = Submission.objects.select_related("agency").get(pk=submission_id)
    if submission.status != SubmissionStatus.WAITING:
        return submission.status  # the task ran before
    with suppress(Exception):  # process_submission recorded and logged the failure
        process_submission(submission)
    return submission.status


def resume_stale_submissions() -> int:
    """Queue again the checks of every submission whose worker stopped (no chunk committed
    for CONCORD_IMPORT_STALE_MINUTES), to carry on at the first row not kept; after
    CONCORD_IMPORT_RESUME_ATTEMPTS resumptions, refuse it instead and delete its file.
    Returns how many were resumed or refused. Safe to call from several workers at once."""
    sweep = Sweep(
        Submission,
        running=SubmissionStatus.VALIDATING,
        waiting=SubmissionStatus.WAITING,
    )
    return sweep_stale(sweep, resume=_queue_again, give_up=_given_up, ended=_ended)


def _queue_again(submission_id: Any) -> None:
    check_submission.enqueue(str(submission_id))


def _given_up(submission_id: Any) -> dict[str, Any]:
    done = Submission.objects.values_list("rows_done", flat=True).get(pk=submission_id)
    problem = GIVEN_UP.format(resumed=settings.IMPORT_RESUME_ATTEMPTS, done=done, line=done + 2)
    return {"status": SubmissionStatus.REFUSED, "problem": problem}


def _ended(submission_id: Any) -> None:
    submission = Submission.objects.select_related("agency", "submitted_by").get(pk=submission_id)
    let_go(submission)
    audit.record(
        "submission.refused",
        agency=submission.agency,
        actor=submission.submitted_by,
        target=submission,
    )
