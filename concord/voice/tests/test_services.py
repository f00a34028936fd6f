"""Recording feedback and complaints: bad dates refused with nothing saved, a case only when
the person wants it linked, the person's equality answers copied, stages and their targets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from concord.cases.tests.factories import CaseFactory
from concord.core.models import AuditEvent
from concord.voice import services
from concord.voice.models import Complaint, ComplaintStage, EqualityAnswers, Feedback

pytestmark = pytest.mark.django_db


def test_feedback_not_linked_keeps_the_answers_given(manager_a, help_point, today):
    item = services.record_feedback(
        manager_a.user,
        help_point,
        received_on=today,
        kind="compliment",
        channel="survey",
        what_was_said="The worker listened.",
        answers={"sex": "male", "ethnicity": "black_caribbean", "approximate_age": 25},
    )
    answers = item.equality
    assert (answers.sex, answers.ethnicity, answers.disability) == (
        "male",
        "black_caribbean",
        "not_known",
    )
    assert answers.age_band == "25 to 34"
    assert AuditEvent.objects.filter(action="feedback.recorded", object_id=str(item.pk)).exists()


def test_a_linked_record_copies_the_persons_answers(manager_a, help_point, case_a, today):
    complaint = services.log_complaint(
        manager_a.user,
        help_point,
        received_on=today,
        channel="letter",
        summary="Waited too long.",
        wants_linked=True,
        case=case_a,
        answers={"sex": "male"},  # ignored: the person's own answers are copied
    )
    answers = complaint.equality
    assert (answers.sex, answers.ethnicity, answers.disability) == ("female", "asian_indian", "no")
    age = case_a.person.age_on(today)
    assert answers.age_band == ("35 to 44" if age >= 35 else "25 to 34")


def test_a_case_is_refused_unless_the_person_wants_it_linked(manager_a, help_point, case_a, today):
    with pytest.raises(ValidationError) as refused:
        services.record_feedback(
            manager_a.user,
            help_point,
            received_on=today,
            kind="comment",
            channel="phone",
            what_was_said="A comment.",
            wants_linked=False,
            case=case_a,
        )
    assert "case" in refused.value.message_dict
    assert not Feedback.objects.exists() and not EqualityAnswers.objects.exists()


def test_another_agencys_case_is_refused(manager_a, help_point, person_b, today):
    other = CaseFactory(person=person_b)
    with pytest.raises(ValidationError) as refused:
        services.log_complaint(
            manager_a.user,
            help_point,
            received_on=today,
            channel="phone",
            summary="x",
            wants_linked=True,
            case=other,
        )
    assert "case" in refused.value.message_dict
    assert not Complaint.objects.exists()


def test_a_complaint_received_in_the_future_is_refused(manager_a, help_point, today):
    with pytest.raises(ValidationError) as refused:
        services.log_complaint(
            manager_a.user,
            help_point,
            received_on=today + timedelta(days=1),
            channel="phone",
            summary="x",
        )
    assert refused.value.message_dict == {
        "received_on": ["The date received must be today or in the past"]
    }
    assert not Complaint.objects.exists()


def test_the_first_stage_has_its_targets_in_calendar_days(complaint, days_ago):
    stage = complaint.current_stage
    received = days_ago(1)
    assert (stage.number, stage.name, stage.began_on) == (1, "Stage 1 (service)", received)
    assert stage.acknowledge_by == received + timedelta(days=3)
    assert stage.respond_by == received + timedelta(days=20)


@pytest.mark.parametrize(
    ("step", "field", "when"),
    [
        ("acknowledge", "acknowledged_on", -1),  # before it was received
        ("acknowledge", "acknowledged_on", 2),  # in the future
        ("respond", "responded_on", -1),
        ("respond", "responded_on", 2),
    ],
)
def test_a_date_before_it_was_received_or_in_the_future_is_refused(
    complaint, manager_a, today, step, field, when
):
    on = complaint.received_on + timedelta(days=when) if when < 0 else today + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        if step == "acknowledge":
            services.acknowledge_complaint(manager_a.user, complaint, acknowledged_on=on)
        else:
            services.respond_to_complaint(
                manager_a.user, complaint, responded_on=on, outcome="upheld"
            )
    assert list(refused.value.message_dict) == [field]
    stage = ComplaintStage.objects.get()
    assert (stage.acknowledged_on, stage.responded_on, stage.outcome) == (None, None, "")


def test_a_response_before_the_acknowledgement_is_refused(complaint, manager_a, today):
    services.acknowledge_complaint(manager_a.user, complaint, acknowledged_on=today)
    with pytest.raises(ValidationError) as refused:
        services.respond_to_complaint(
            manager_a.user, complaint, responded_on=complaint.received_on, outcome="upheld"
        )
    assert refused.value.message_dict == {
        "responded_on": ["The date of the response cannot be before it was acknowledged"]
    }


def test_a_response_without_acknowledgement_acknowledges_it(complaint, manager_a, today):
    services.respond_to_complaint(
        manager_a.user,
        complaint,
        responded_on=today,
        outcome="partly_upheld",
        response="We apologised.",
        lessons="Call-back times go in the diary.",
    )
    stage = ComplaintStage.objects.get()
    assert (stage.acknowledged_on, stage.responded_on, stage.outcome) == (
        today,
        today,
        "partly_upheld",
    )
    assert stage.lessons == "Call-back times go in the diary."


def test_escalation_opens_the_next_stage_and_keeps_the_first(complaint, manager_a, today):
    with pytest.raises(ValidationError):  # not answered yet
        services.escalate_complaint(manager_a.user, complaint, began_on=today)
    services.respond_to_complaint(
        manager_a.user, complaint, responded_on=today, outcome="not_upheld"
    )
    services.escalate_complaint(manager_a.user, complaint, began_on=today)
    complaint.refresh_from_db()
    first, second = ComplaintStage.objects.order_by("number")
    assert complaint.current_stage == second
    assert (second.name, second.began_on, second.respond_by) == (
        "Stage 2 (review)",
        today,
        today + timedelta(days=20),
    )
    assert first.outcome == "not_upheld" and first.responded_on == today
    assert AuditEvent.objects.filter(action="complaint.escalated").count() == 1


@override_settings(COMPLAINT_RESPONSE_DAYS=[20, 20, 0])
def test_the_ombudsman_stage_has_no_response_target(complaint, manager_a, today):
    for _ in range(2):
        services.respond_to_complaint(
            manager_a.user, complaint, responded_on=today, outcome="not_upheld"
        )
        services.escalate_complaint(manager_a.user, complaint, began_on=today)
        complaint.refresh_from_db()
    assert complaint.current_stage.name == "Ombudsman"
    assert complaint.current_stage.respond_by is None
    services.respond_to_complaint(manager_a.user, complaint, responded_on=today, outcome="upheld")
    assert not services.can_escalate(ComplaintStage.objects.get(number=3))


def test_a_withdrawn_complaint_cannot_be_escalated(complaint, manager_a, today):
    services.respond_to_complaint(
        manager_a.user, complaint, responded_on=today, outcome="withdrawn"
    )
    with pytest.raises(ValidationError):
        services.escalate_complaint(manager_a.user, complaint, began_on=today)
