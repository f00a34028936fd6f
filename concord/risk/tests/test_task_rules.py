"""The re-assessment rules: some weeks after the latest assessment, and after an incident
recorded since it; each set once and closed by the next assessment."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases import task_rules
from concord.cases.models import Task
from concord.risk import services
from concord.risk.tests.test_services import finished

pytestmark = pytest.mark.django_db


def test_an_assessment_sets_one_reassessment_task_weeks_later(idva, case, ric, settings):
    assessment = finished(idva, case, ric, yes=3)

    task_rules.run_all()
    task_rules.run_all()

    task = Task.objects.get(rule="dash_reassessment")
    weeks = timedelta(weeks=settings.TASK_DASH_REASSESS_WEEKS)
    assert task.due_on == timezone.localtime(assessment.finished_at).date() + weeks
    assert task.source == str(assessment.pk)


def test_a_new_assessment_closes_the_old_task_and_sets_the_next(idva, case, ric):
    finished(idva, case, ric, yes=3)
    task_rules.run_all()

    newer = finished(idva, case, ric, yes=5, reason="review")
    task_rules.run_all()

    tasks = Task.objects.filter(rule="dash_reassessment")
    assert tasks.count() == 2
    assert tasks.open().get().source == str(newer.pk)


def test_an_incident_after_the_assessment_sets_a_task_until_the_next_assessment(
    idva, case, ric, settings
):
    finished(idva, case, ric, yes=3)
    incident = services.record_incident(
        idva.user, case, occurred_on=timezone.localdate(), reported_to_police=True
    )

    task_rules.run_all()

    task = Task.objects.get(rule="dash_after_incident")
    days = timedelta(days=settings.TASK_DASH_AFTER_INCIDENT_DAYS)
    assert (task.source, task.due_on) == (str(incident.pk), timezone.localdate() + days)
    finished(idva, case, ric, yes=4, reason="new_incident")
    task_rules.run_all()
    task.refresh_from_db()
    assert task.is_done
