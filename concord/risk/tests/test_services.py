"""Risk services: drafts answered and finished only when complete, scores and levels from
the configured bands, judgement that only raises, re-assessment with a reason, incidents,
the MARAC criteria and the intake profile's risk items, each write audited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import IntakeProfile
from concord.core.models import AuditEvent
from concord.risk import services
from concord.risk.criteria import criteria_met
from concord.risk.dash import Criterion, Level
from concord.risk.models import AssessmentStatus, Incident, RiskAssessment
from concord.risk.tests.conftest import answers_with

pytestmark = pytest.mark.django_db


def finished(membership, case, instrument, yes, rest="no", reason=""):
    assessment = services.start_assessment(membership.user, case, instrument, reason)
    services.record_answers(membership.user, assessment, answers_with(instrument, yes, rest))
    return services.finish_assessment(membership.user, assessment)


def incidents(membership, case, *days_ago, police=True):
    today = timezone.localdate()
    for ago in days_ago:
        services.record_incident(
            membership.user,
            case,
            occurred_on=today - timedelta(days=ago),
            reported_to_police=police,
        )


# Starting ------------------------------------------------------------------------------------


def test_the_first_assessment_is_the_first_whatever_reason_is_given(idva, case, ric):
    assessment = services.start_assessment(idva.user, case, ric, "review")

    assert assessment.reason == "first"
    assert assessment.status == AssessmentStatus.DRAFT
    assert AuditEvent.objects.filter(action="risk.assessment_started").count() == 1


def test_assessing_again_needs_a_reason(idva, case, ric):
    finished(idva, case, ric, yes=3)

    with pytest.raises(ValidationError) as refused:
        services.start_assessment(idva.user, case, ric)

    assert refused.value.message_dict == {"reason": ["Select why the risk is being assessed again"]}
    again = services.start_assessment(idva.user, case, ric, "change_of_circumstance")
    assert again.reason == "change_of_circumstance"


def test_one_draft_at_a_time(idva, case, ric):
    services.start_assessment(idva.user, case, ric)

    with pytest.raises(ValidationError, match="in progress"):
        services.start_assessment(idva.user, case, ric)


def test_a_closed_case_or_a_retired_checklist_cannot_be_assessed(idva, case, ric):
    ric.active = False
    ric.save()
    with pytest.raises(ValidationError, match="in use"):
        services.start_assessment(idva.user, case, ric)
    ric.active = True
    ric.save()
    case_services.change_status(idva.user, case, CaseStatus.NOT_ENGAGED, "disengaged")

    with pytest.raises(ValidationError, match="Reopen the case"):
        services.start_assessment(idva.user, case, ric)
    assert not RiskAssessment.objects.exists()


# Answering -----------------------------------------------------------------------------------


def test_answers_are_merged_and_taken_back_as_not_asked(idva, case, ric):
    assessment = services.start_assessment(idva.user, case, ric)
    services.record_answers(idva.user, assessment, {"current_injury": "yes", "isolated": "no"})
    services.record_answers(idva.user, assessment, {"isolated": None, "sexual_abuse": "dont_know"})

    assessment.refresh_from_db()
    assert assessment.answers == {"current_injury": "yes", "sexual_abuse": "dont_know"}
    event = AuditEvent.objects.filter(action="risk.answers_recorded").last()
    assert event.changes == ["answers"]


def test_an_unknown_question_or_answer_is_refused(idva, case, ric):
    assessment = services.start_assessment(idva.user, case, ric)

    with pytest.raises(ValidationError) as unknown:
        services.record_answers(idva.user, assessment, {"harms_children": "yes"})
    with pytest.raises(ValidationError) as bad:
        services.record_answers(idva.user, assessment, {"current_injury": "perhaps"})

    assert "harms_children" in unknown.value.message_dict["answers"][0]  # police checklist only
    assert bad.value.message_dict == {"current_injury": ["Answer yes, no or don't know"]}
    assessment.refresh_from_db()
    assert assessment.answers == {}


# Finishing -----------------------------------------------------------------------------------


def test_finishing_with_questions_not_asked_is_refused_naming_each(idva, case, ric):
    assessment = services.start_assessment(idva.user, case, ric)
    answers = answers_with(ric, yes=15)
    del answers["threats_to_kill"], answers["criminal_history"]
    services.record_answers(idva.user, assessment, answers)

    with pytest.raises(ValidationError) as refused:
        services.finish_assessment(idva.user, assessment)

    assert refused.value.message_dict == {
        "threats_to_kill": ["Answer question 14, threats to kill"],
        "criminal_history": ["Answer question 24, criminal history"],
    }
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.score is None


@pytest.mark.parametrize(
    ("yes", "level"), [(9, Level.STANDARD), (10, Level.MEDIUM), (13, Level.MEDIUM), (14, "high")]
)
def test_the_score_counts_yes_answers_and_sets_the_level(idva, case, ric, yes, level):
    assessment = finished(idva, case, ric, yes=yes, rest="dont_know")

    assert assessment.score == yes
    assert assessment.computed_level == assessment.level == level
    assert assessment.finished_at is not None
    event = AuditEvent.objects.get(action="risk.assessment_finished")
    assert event.changes == ["level", "score", "status"]


@override_settings(RISK_MEDIUM_FROM=5, RISK_HIGH_FROM=12)
def test_bands_come_from_configuration(idva, case, ric):
    assert finished(idva, case, ric, yes=12).level == Level.HIGH


def test_a_finished_assessment_cannot_change(idva, case, ric):
    assessment = finished(idva, case, ric, yes=2)

    with pytest.raises(ValidationError, match="finished"):
        services.record_answers(idva.user, assessment, {"current_injury": "yes"})
    with pytest.raises(ValidationError, match="finished"):
        services.finish_assessment(idva.user, assessment)


def test_every_assessment_is_kept(idva, case, ric):
    finished(idva, case, ric, yes=4)
    finished(idva, case, ric, yes=16, reason="new_incident")

    scores = list(RiskAssessment.objects.filter(case=case).values_list("score", "reason"))
    assert scores == [(16, "new_incident"), (4, "first")]


# Professional judgement ----------------------------------------------------------------------


def test_judgement_raises_the_level_with_concerns(idva, case, ric):
    assessment = finished(idva, case, ric, yes=11)

    services.record_judgement(
        idva.user, assessment, level="high", concerns="He has bought a knife."
    )

    assessment.refresh_from_db()
    assert (assessment.computed_level, assessment.judged_level, assessment.level) == (
        "medium",
        "high",
        "high",
    )
    assert assessment.judged_by == idva.user
    assert criteria_met(assessment, [], as_of=timezone.localdate()) == [
        Criterion.PROFESSIONAL_JUDGEMENT
    ]
    event = AuditEvent.objects.get(action="risk.judgement_recorded")
    assert "knife" not in str(event.changes)


@pytest.mark.parametrize(
    ("level", "concerns", "field", "message"),
    [
        ("standard", "Feels safer", "level", "only raise the level above medium"),
        ("medium", "Same as before", "level", "only raise the level above medium"),
        ("high", "   ", "concerns", "Write down the concerns"),
        ("severe", "Worried", "level", "Select the level"),
    ],
)
def test_judgement_that_lowers_keeps_or_gives_no_concerns_is_refused(
    idva, case, ric, level, concerns, field, message
):
    assessment = finished(idva, case, ric, yes=12)

    with pytest.raises(ValidationError) as refused:
        services.record_judgement(idva.user, assessment, level=level, concerns=concerns)

    assert message in refused.value.message_dict[field][0]
    assessment.refresh_from_db()
    assert assessment.level == "medium"
    assert not AuditEvent.objects.filter(action="risk.judgement_recorded").exists()


def test_a_draft_cannot_be_judged(idva, case, ric):
    draft = services.start_assessment(idva.user, case, ric)

    with pytest.raises(ValidationError, match="Finish the assessment"):
        services.record_judgement(idva.user, draft, level="high", concerns="Worried")


# Incidents and MARAC criteria ----------------------------------------------------------------


def test_three_incidents_in_the_window_meet_potential_escalation(idva, case, ric):
    latest = finished(idva, case, ric, yes=5)
    incidents(idva, case, 10, 200, 365)
    today = timezone.localdate()

    met = criteria_met(latest, Incident.objects.filter(case=case), as_of=today)
    later = criteria_met(latest, Incident.objects.filter(case=case), as_of=today + timedelta(1))

    assert met == [Criterion.POTENTIAL_ESCALATION]
    assert later == []


@override_settings(RISK_ESCALATION_POLICE_ONLY=True)
def test_only_police_reported_incidents_count_when_configured(idva, case):
    incidents(idva, case, 1, 2, police=False)
    incidents(idva, case, 3, police=True)

    assert criteria_met(None, Incident.objects.filter(case=case), as_of=timezone.localdate()) == []


@override_settings(RISK_ESCALATION_INCIDENTS=2, RISK_ESCALATION_WINDOW_DAYS=30)
def test_the_count_and_window_are_configuration(idva, case):
    incidents(idva, case, 1, 30)

    met = criteria_met(None, Incident.objects.filter(case=case), as_of=timezone.localdate())
    assert met == [Criterion.POTENTIAL_ESCALATION]


def test_a_repeat_comes_from_the_marac_register(idva, case, ric):
    latest = finished(idva, case, ric, yes=1)

    met = criteria_met(latest, [], as_of=timezone.localdate(), repeat=True)
    assert met == [Criterion.REPEAT]


def test_an_incident_in_the_future_or_too_long_is_refused(idva, case):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as future:
        services.record_incident(idva.user, case, occurred_on=tomorrow, reported_to_police=True)
    with pytest.raises(ValidationError) as long:
        services.record_incident(
            idva.user,
            case,
            occurred_on=date(2026, 1, 1),
            reported_to_police=True,
            description="x" * 201,
        )

    assert "today or before" in future.value.message_dict["occurred_on"][0]
    assert "description" in long.value.message_dict
    assert not Incident.objects.exists()


def test_an_incident_is_audited_without_its_description(idva, case):
    services.record_incident(
        idva.user,
        case,
        occurred_on=date(2026, 10, 1),
        reported_to_police=False,
        description="Kicked the door in",
    )

    event = AuditEvent.objects.get(action="risk.incident_recorded")
    assert event.changes == ["incidents"]
    assert "door" not in str(event.changes)


# The intake profile --------------------------------------------------------------------------


def test_the_first_assessment_sets_the_intake_risk_items(idva, case, ric):
    finished(idva, case, ric, yes=15)

    profile = IntakeProfile.objects.get(case=case)
    assert profile.answer("high_risk_at_intake") == "yes"
    assert profile.answer("marac_threshold_at_intake") == "yes"
    assert profile.answer("pregnant") == "not_known"


def test_the_intake_keeps_its_other_answers_and_later_assessments_leave_it(idva, case, ric):
    case_services.record_intake_profile(
        idva.user, case, assessed_on=date(2026, 11, 3), answers={"pregnant": "yes"}
    )
    finished(idva, case, ric, yes=3)
    finished(idva, case, ric, yes=20, reason="new_incident")

    profile = IntakeProfile.objects.get(case=case)
    assert profile.answer("pregnant") == "yes"
    assert profile.answer("high_risk_at_intake") == "no"
    assert profile.answer("marac_threshold_at_intake") == "no"


def test_judgement_on_the_first_assessment_updates_the_intake(idva, case, ric):
    first = finished(idva, case, ric, yes=8)

    services.record_judgement(idva.user, first, level="high", concerns="Threats to the children")

    profile = IntakeProfile.objects.get(case=case)
    assert profile.answer("high_risk_at_intake") == "yes"
    assert profile.answer("marac_threshold_at_intake") == "yes"
