"""Tasks on a case: set by hand (scope 404, role 403, posted, audited), marked done, and
set by the safety-plan review rule once only, moved with its date, closed when the plan is
reviewed or the case closes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services, task_rules, task_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Task
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(idva, person_a):
    opened = services.open_case(
        idva.user,
        person_a,
        ServiceFactory(agency=person_a.agency, name="SAFE help point"),
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
        lead_professional=idva.user,
    )
    return services.change_status(idva.user, opened, CaseStatus.OPEN)


def plan_with_review(idva, case, review_in_days=14):
    today = timezone.localdate()
    return services.record_safety_plan(
        idva.user,
        case,
        created_on=today,
        areas=["safe_places"],
        review_due_on=today + timedelta(days=review_in_days),
    )


def review_tasks(case):
    return Task.objects.filter(case=case, rule="safety_plan_review")


def test_a_safety_plan_with_a_review_date_sets_one_review_task_for_the_lead(idva, case):
    plan = plan_with_review(idva, case)

    task = review_tasks(case).get()
    assert (task.title, task.due_on, task.assignee) == (
        "Review the safety plan",
        plan.review_due_on,
        idva.user,
    )
    assert AuditEvent.objects.filter(action="task.set_by_rule", object_id=str(task.pk)).exists()


def test_running_the_rules_again_sets_no_second_task(idva, case):
    plan_with_review(idva, case)

    assert task_rules.run_all() == 0
    assert task_rules.run_all() == 0
    assert review_tasks(case).count() == 1


def test_a_new_review_date_moves_the_open_task(idva, case):
    plan = plan_with_review(idva, case, review_in_days=14)
    later = plan.review_due_on + timedelta(days=7)

    services.record_safety_plan(
        idva.user,
        case,
        plan=plan,
        created_on=plan.created_on,
        areas=plan.areas,
        review_due_on=later,
    )

    assert list(review_tasks(case).values_list("due_on", flat=True)) == [later]


def test_an_action_reviewed_sooner_brings_the_review_forward(idva, case):
    plan = plan_with_review(idva, case, review_in_days=28)
    sooner = timezone.localdate() + timedelta(days=3)

    services.add_safety_plan_action(
        idva.user, plan, description="Change the locks", owner="Housing", review_on=sooner
    )

    assert review_tasks(case).get().due_on == sooner


def test_the_review_task_closes_when_the_plan_is_reviewed(idva, case):
    plan = plan_with_review(idva, case, review_in_days=0)
    services.record_safety_plan(
        idva.user,
        case,
        plan=plan,
        created_on=plan.created_on,
        areas=plan.areas,
        review_due_on=plan.review_due_on,
        reviewed_on=timezone.localdate(),
    )

    task = review_tasks(case).get()
    assert task.is_done and task.done_by is None


def test_closed_cases_get_no_rule_tasks_and_lose_their_open_ones(idva, case):
    plan_with_review(idva, case)
    services.close_case(
        idva.user,
        case,
        reason="support_completed",
        reviewed_on=timezone.localdate(),
        feels_safer="yes",
        abuse_change="stopped",
    )

    task_rules.run_all()

    assert review_tasks(case).open().count() == 0
    Task.objects.all().delete()
    task_rules.run_all()
    assert not review_tasks(case).exists()


def test_a_rule_left_out_of_the_settings_sets_nothing(idva, case, settings):
    settings.TASK_RULES = ["dash_reassessment"]

    plan_with_review(idva, case)

    assert not review_tasks(case).exists()


# Tasks set by hand ------------------------------------------------------------------------


def test_a_worker_sets_a_task_and_marks_it_done_on_the_case_page(signed_in, idva, case):
    client = signed_in(idva)
    due = timezone.localdate() + timedelta(days=2)

    response = client.post(
        reverse("cases:add-task", args=[case.pk]),
        {"title": "Call the school", **date_parts("due_on", due), "assignee": ""},
    )

    assert response.status_code == 302
    task = Task.objects.get(case=case)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Call the school" in page
    assert client.get(reverse("cases:complete-task", args=[case.pk, task.pk])).status_code == 405
    client.post(reverse("cases:complete-task", args=[case.pk, task.pk]))
    task.refresh_from_db()
    assert task.done_by == idva.user and task.done_at is not None
    actions = set(
        AuditEvent.objects.filter(object_id=str(task.pk)).values_list("action", flat=True)
    )
    assert actions == {"task.added", "task.done"}


def test_a_task_without_a_title_is_refused_with_the_error_summary(signed_in, idva, case):
    response = signed_in(idva).post(reverse("cases:add-task", args=[case.pk]), {"title": ""})

    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter what is to be done" in page
    assert not Task.objects.exists()


def test_task_pages_are_404_for_another_agency(signed_in, police_rep, idva, case):
    task = task_services.add_task(
        idva.user, case, title="Call", due_on=timezone.localdate(), assignee=idva.user
    )
    client = signed_in(police_rep)

    assert client.get(reverse("cases:add-task", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:complete-task", args=[case.pk, task.pk])).status_code == 404
    task.refresh_from_db()
    assert not task.is_done


def test_task_pages_are_403_for_a_role_that_does_not_work_on_cases(
    signed_in, commissioner, idva, case
):
    task = task_services.add_task(idva.user, case, title="Call", due_on=timezone.localdate())
    client = signed_in(commissioner)

    assert client.get(reverse("cases:add-task", args=[case.pk])).status_code == 403
    assert client.post(reverse("cases:complete-task", args=[case.pk, task.pk])).status_code == 403


def test_a_task_is_given_only_to_someone_in_the_agency(idva, police_rep, case):
    with pytest.raises(Exception, match="Choose someone in your agency"):
        task_services.add_task(
            idva.user, case, title="Call", due_on=timezone.localdate(), assignee=police_rep.user
        )
