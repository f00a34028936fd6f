"""The demo shows outcome measures at every stage, a follow-up task due and a link open."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from concord.cases.models import Task
from concord.outcomes.models import OutcomeMeasure, QuestionnaireLink

pytestmark = pytest.mark.django_db


def test_the_demo_has_answers_at_each_stage_a_follow_up_due_and_an_open_link(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("seed_demo")

    stages = sorted(OutcomeMeasure.objects.values_list("stage", "follow_up_months"))
    assert stages == [("exit", 0), ("follow_up", 3), ("intake", 0), ("intake", 0), ("intake", 0)]
    grace = OutcomeMeasure.objects.get(stage="exit").case
    assert grace.exit_review.feels_safer == "yes"
    assert grace.exit_review.safety_at_intake == 2
    task = Task.objects.get(rule="outcome_follow_up", done_at__isnull=True)
    assert (task.case, task.title) == (grace, "Ask the follow-up questions (6 months)")
    link = QuestionnaireLink.objects.get()
    assert (link.case, link.follow_up_months, link.used_at) == (grace, 6, None)

    call_command("seed_demo")
    assert OutcomeMeasure.objects.count() == 5 and QuestionnaireLink.objects.count() == 1
