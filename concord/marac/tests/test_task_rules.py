"""The MARAC action rule: an open action given to the agency holding the victim's case is
a task on that case, due with the action, set once, closed when the outcome is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from concord.cases import task_rules
from concord.cases.models import Task
from concord.marac import services

pytestmark = pytest.mark.django_db


def test_an_action_for_the_case_agency_is_a_task_on_the_case_once(
    coordinator, idva, heard, agency_a, case, today
):
    action = services.assign_action(
        coordinator.user,
        heard,
        agency=agency_a,
        description="Review the safety plan",
        due_on=today + timedelta(days=5),
    )

    task_rules.run_all()
    task_rules.run_all()

    task = Task.objects.get(rule="marac_action")
    assert (task.case, task.due_on, task.source) == (case, action.due_on, str(action.pk))
    assert task.title == "MARAC action: Review the safety plan"


def test_an_action_for_another_agency_is_no_task_on_the_case(action):
    task_rules.run_all()

    assert not Task.objects.filter(rule="marac_action").exists()


def test_the_task_closes_when_the_action_outcome_is_recorded(
    coordinator, idva, heard, agency_a, today
):
    action = services.assign_action(
        coordinator.user, heard, agency=agency_a, description="Call the GP", due_on=today
    )
    task_rules.run_all()

    services.record_action_outcome(idva, action, completed=True, outcome_on=today)
    task_rules.run_all()

    assert Task.objects.get(rule="marac_action").is_done
