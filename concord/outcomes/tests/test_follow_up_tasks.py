"""Follow-up reminders as tasks for the case's lead: due 3 and 6 months after the case
closed, only when the person agreed at exit to be contacted, closed once answered."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from concord.cases import services as case_services
from concord.cases import task_rules
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case, Task
from concord.outcomes.stages import months_after
from concord.outcomes.tests.conftest import EXIT_ANSWERS, FOLLOW_UP_ANSWERS

pytestmark = pytest.mark.django_db


def closed_months_ago(case, months, days_later=0):
    """Move the case's closure back so its follow-up at ``months`` falls due today (or
    ``days_later``)."""
    day = months_after(timezone.localdate(), -months) + timedelta(days=days_later)
    moment = timezone.make_aware(datetime.combine(day, time(15, 0)))
    Case.objects.filter(pk=case.pk).update(closed_at=moment)
    task_rules.run_all()


def follow_up_tasks(case):
    return Task.objects.filter(case=case, rule="outcome_follow_up")


@pytest.fixture
def agreed(closed_case, record):
    record(closed_case, "exit", EXIT_ANSWERS)
    return closed_case


def test_the_lead_gets_the_three_month_task_on_the_day_it_falls_due(idva, agreed):
    closed_months_ago(agreed, 3)

    task = follow_up_tasks(agreed).get()
    assert (task.title, task.due_on) == (
        "Ask the follow-up questions (3 months)",
        timezone.localdate(),
    )
    assert (task.assignee, task.source, task.is_done) == (idva.user, "follow_up_3", False)


def test_no_task_the_day_before(agreed):
    closed_months_ago(agreed, 3, days_later=1)

    assert not follow_up_tasks(agreed).exists()


def test_six_months_after_both_follow_ups_are_due(agreed):
    closed_months_ago(agreed, 6)

    assert sorted(follow_up_tasks(agreed).values_list("source", flat=True)) == [
        "follow_up_3",
        "follow_up_6",
    ]


def test_the_months_are_configured(agreed, settings):
    settings.FOLLOW_UP_MONTHS = (1,)
    closed_months_ago(agreed, 6)

    assert list(follow_up_tasks(agreed).values_list("title", flat=True)) == [
        "Ask the follow-up questions (1 month)"
    ]


def test_no_task_without_consent(closed_case, record):
    record(closed_case, "exit", {**EXIT_ANSWERS, "may_contact_after": "no"})
    closed_months_ago(closed_case, 6)

    assert not follow_up_tasks(closed_case).exists()


def test_no_task_without_exit_answers(closed_case):
    closed_months_ago(closed_case, 6)

    assert not follow_up_tasks(closed_case).exists()


def test_the_task_closes_once_the_follow_up_is_answered(agreed, record):
    closed_months_ago(agreed, 3)

    record(agreed, "follow_up", FOLLOW_UP_ANSWERS, months=3)

    assert follow_up_tasks(agreed).get().is_done
    task_rules.run_all()
    assert follow_up_tasks(agreed).count() == 1


def test_a_reopened_case_loses_its_follow_up_task(idva, agreed):
    closed_months_ago(agreed, 3)
    agreed.refresh_from_db()

    case_services.change_status(idva.user, agreed, CaseStatus.OPEN)
    task_rules.run_all()

    assert follow_up_tasks(agreed).get().is_done


def test_the_task_is_on_the_leads_home_page(signed_in, idva, agreed):
    closed_months_ago(agreed, 3)

    home = signed_in(idva).get("/").content.decode()

    assert "Ask the follow-up questions (3 months)" in home
