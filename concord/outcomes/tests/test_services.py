"""Recording answers: one set per case and stage, every question answered, the exit
answers written to the case's exit review, and links that work once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from concord.cases.models import ExitReview
from concord.core.models import AuditEvent
from concord.outcomes import services
from concord.outcomes.models import How, OutcomeMeasure, QuestionnaireLink
from concord.outcomes.tests.conftest import EXIT_ANSWERS, FOLLOW_UP_ANSWERS, INTAKE_ANSWERS

pytestmark = pytest.mark.django_db


def test_intake_answers_are_kept_whole_and_the_counted_ones_as_columns(idva, case, record):
    measure = record(case, "intake", INTAKE_ANSWERS)

    assert measure.answers == INTAKE_ANSWERS
    assert (measure.safety, measure.wellbeing, measure.confidence) == (3, 4, 2)
    assert (measure.abuse, measure.feels_safer, measure.may_contact_after) == (
        "continued",
        "",
        None,
    )
    assert (measure.how, measure.recorded_by) == (How.WITH_WORKER, idva.user)
    event = AuditEvent.objects.get(action="outcome_measure.recorded")
    assert (event.actor_id, event.object_id, event.reason) == (
        idva.user.pk,
        str(measure.pk),
        "intake",
    )


def test_every_question_of_the_stage_needs_an_answer_in_range(case, record):
    with pytest.raises(ValidationError) as refused:
        record(
            case,
            "intake",
            {**INTAKE_ANSWERS, "safety": 11, "abuse": "maybe"} | {"confidence": None},
        )

    assert set(refused.value.message_dict) == {"safety", "abuse", "confidence"}
    assert not OutcomeMeasure.objects.exists()


def test_a_stage_is_answered_once(case, record):
    record(case, "intake", INTAKE_ANSWERS)

    with pytest.raises(ValidationError, match="intake answers are recorded"):
        record(case, "intake", INTAKE_ANSWERS)
    assert OutcomeMeasure.objects.count() == 1


def test_exit_and_follow_up_wait_for_the_case_to_close(case, record):
    with pytest.raises(ValidationError, match="once the case has closed"):
        record(case, "exit", EXIT_ANSWERS)
    with pytest.raises(ValidationError, match="once the case has closed"):
        record(case, "follow_up", FOLLOW_UP_ANSWERS, months=3)


def test_follow_ups_only_at_the_configured_months(idva, closed_case, record, settings):
    settings.FOLLOW_UP_MONTHS = (3, 6)
    with pytest.raises(ValidationError):
        record(closed_case, "follow_up", FOLLOW_UP_ANSWERS, months=4)
    assert record(closed_case, "follow_up", FOLLOW_UP_ANSWERS, months=6).follow_up_months == 6


def test_the_exit_answers_become_the_exit_review_with_the_intake_scores(idva, case, record):
    record(case, "intake", INTAKE_ANSWERS)
    from concord.outcomes.tests.conftest import close

    closed = close(idva, case, feels_safer="no", abuse_change="continued")
    record(closed, "exit", {**EXIT_ANSWERS, "abuse": "reduced"})

    review = ExitReview.objects.get(case=closed)
    assert (review.feels_safer, review.abuse_change) == ("yes", "reduced")
    assert (review.safety_at_intake, review.safety_at_exit) == (3, 8)
    assert (review.wellbeing_at_intake, review.wellbeing_at_exit) == (4, 7)
    assert review.reviewed_on == timezone.localdate()


def test_without_intake_answers_the_review_keeps_its_intake_scores_and_not_sure_is_not_known(
    idva, case, record
):
    from concord.outcomes.tests.conftest import close

    closed = close(idva, case, feels_safer="yes", abuse_change="stopped", safety_at_intake=2)
    record(closed, "exit", {**EXIT_ANSWERS, "feels_safer": "not_sure", "abuse": "not_sure"})

    review = ExitReview.objects.get(case=closed)
    assert (review.feels_safer, review.abuse_change) == ("not_answered", "not_known")
    assert (review.safety_at_intake, review.safety_at_exit) == (2, 8)


def test_intake_answers_recorded_after_the_exit_fill_the_review_in(idva, closed_case, record):
    record(closed_case, "exit", EXIT_ANSWERS)
    record(closed_case, "intake", INTAKE_ANSWERS, on=timezone.localdate())

    assert ExitReview.objects.get(case=closed_case).safety_at_intake == 3


def test_answers_cannot_be_dated_in_the_future_or_before_the_referral(case, record):
    with pytest.raises(ValidationError, match="today or in the past"):
        record(case, "intake", INTAKE_ANSWERS, on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError, match="referral"):
        record(case, "intake", INTAKE_ANSWERS, on=case.referred_at.date() - timedelta(days=1))


# Links -----------------------------------------------------------------------------------------


def test_a_link_keeps_only_the_hash_of_a_long_random_token(idva, closed_case, settings):
    settings.QUESTIONNAIRE_LINK_DAYS = 14
    link, token = services.make_link(idva.user, closed_case, stage="follow_up", months=3)

    assert len(token) >= 43  # 32 random bytes, URL-safe
    assert link.token_hash == services.token_hash(token) != token
    assert token not in str(QuestionnaireLink.objects.values().get())
    assert link.expires_at - timezone.now() == pytest.approx(
        timedelta(days=14), abs=timedelta(minutes=1)
    )
    event = AuditEvent.objects.get(action="questionnaire_link.made")
    assert (event.actor_id, event.object_id) == (idva.user.pk, str(link.pk))


def test_a_link_answered_saves_the_measure_by_link_and_is_used(idva, closed_case):
    link, token = services.make_link(idva.user, closed_case, stage="follow_up", months=3)

    measure = services.answer_by_link(token, FOLLOW_UP_ANSWERS)

    link.refresh_from_db()
    assert (measure.how, measure.recorded_by, measure.further_incidents) == (
        How.BY_LINK,
        None,
        "no",
    )
    assert link.used_at is not None and link.measure == measure
    used = AuditEvent.objects.get(action="questionnaire_link.used")
    assert (used.actor_id, used.object_id) == (None, str(link.pk))
    with pytest.raises(services.LinkNotUsable):
        services.answer_by_link(token, FOLLOW_UP_ANSWERS)
    assert OutcomeMeasure.objects.count() == 1


def test_an_expired_or_unknown_link_saves_nothing(idva, closed_case):
    link, token = services.make_link(idva.user, closed_case, stage="exit")
    QuestionnaireLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())

    for tried in (token, "not-a-token-anyone-made"):
        with pytest.raises(services.LinkNotUsable):
            services.answer_by_link(tried, EXIT_ANSWERS)
    assert not OutcomeMeasure.objects.exists()
    assert QuestionnaireLink.objects.get().used_at is None


def test_a_link_for_a_stage_answered_meanwhile_no_longer_works(idva, closed_case, record):
    _, token = services.make_link(idva.user, closed_case, stage="exit")
    record(closed_case, "exit", EXIT_ANSWERS)

    with pytest.raises(services.LinkNotUsable):
        services.usable_link(token)
    with pytest.raises(services.LinkNotUsable):
        services.answer_by_link(token, EXIT_ANSWERS)


def test_bad_answers_by_link_keep_the_link_working(idva, closed_case):
    link, token = services.make_link(idva.user, closed_case, stage="exit")

    with pytest.raises(ValidationError):
        services.answer_by_link(token, {**EXIT_ANSWERS, "safety": 12})

    link.refresh_from_db()
    assert link.used_at is None
    assert services.usable_link(token) == link


def test_exit_answers_by_link_write_the_exit_review(idva, closed_case):
    _, token = services.make_link(idva.user, closed_case, stage="exit")

    services.answer_by_link(token, EXIT_ANSWERS)

    assert ExitReview.objects.get(case=closed_case).feels_safer == "yes"
