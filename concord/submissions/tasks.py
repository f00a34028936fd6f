"""Checks of submitted files, run in the background by the worker (`manage.py db_worker`),
counting rows done into the "progress" cache like the case imports (concord.cases.tasks)."""

from __future__ import annotations

from functools import partial

from django.core.cache import caches
from django_tasks import task

from concord.cases.tasks import _count_progress, _progress_key
from concord.submissions.models import Submission, SubmissionStatus
from concord.submissions.services import process_submission

ROWS_NOT_KNOWN = -1  # a file is read as a stream: its length is known only at the end


@task()
def check_submission(submission_id: str) -> str:
    """Check the file of a waiting submission; returns how it ended. A failure is kept on
    the submission, which the pages show, and not raised again: the task's own record
    would keep the error's text, which may quote the file."""
    submission = Submission.objects.select_related("agency").get(pk=submission_id)
    if submission.status != SubmissionStatus.WAITING:
        return submission.status  # the task ran before
    try:
        process_submission(
            submission, progress=partial(_count_progress, submission.pk, total=ROWS_NOT_KNOWN)
        )
    except Exception:  # noqa: S110 - process_submission recorded and logged the failure
        pass
    finally:
        caches["progress"].delete(_progress_key(submission.pk))
    return submission.status


def rows_checked(submission: Submission) -> int:
    """How many rows of the submission's file have been checked so far."""
    if not submission.is_running:
        return submission.rows_total
    done: int = caches["progress"].get(_progress_key(submission.pk), 0)
    return done
