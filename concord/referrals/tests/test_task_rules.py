"""The waiting-referral rule: a referral with no decision after TASK_REFERRAL_WAITING_DAYS
sets a task to chase it on the referring case, once; a decision closes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.cases import services as case_services
from concord.cases import task_rules
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Task
from concord.referrals.models import Referral

pytestmark = pytest.mark.django_db


def waited(referral, days):
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=timezone.now() - timedelta(days=days)
    )


def test_a_referral_waiting_too_long_sets_one_task_for_its_referrer(idva, case, referral, settings):
    case_services.change_status(idva.user, case, CaseStatus.OPEN)
    waited(referral, settings.TASK_REFERRAL_WAITING_DAYS + 1)

    task_rules.run_all()
    task_rules.run_all()

    task = Task.objects.get(rule="referral_waiting")
    assert (task.case_id, task.assignee) == (case.pk, idva.user)
    assert task.title == "Chase the referral to Safe Home: no decision yet"


def test_a_referral_within_the_days_sets_no_task(referral):
    task_rules.run_all()

    assert not Task.objects.filter(rule="referral_waiting").exists()


def test_a_withdrawn_referral_closes_its_task(idva, case, referral, settings):
    waited(referral, settings.TASK_REFERRAL_WAITING_DAYS + 1)
    task_rules.run_all()

    Referral.objects.filter(pk=referral.pk).update(status="withdrawn")
    task_rules.run_all()

    assert Task.objects.get(rule="referral_waiting").is_done
