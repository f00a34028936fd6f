"""The case page prompts a new MARAC referral when the case is a repeat: referred to the
MARAC within the last 12 months, with an incident recorded since (DOMAIN §4)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from concord.marac import services
from concord.marac.tests.conftest import referral_values
from concord.risk import services as risk_services

pytestmark = pytest.mark.django_db


def page(client, case) -> str:
    return client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_an_incident_after_a_marac_referral_makes_the_case_a_repeat(
    signed_in, idva, coordinator, case, area, today
):
    """Once heard: a case waiting for the MARAC cannot be referred again."""
    referral = services.refer_to_marac(
        idva.user, case, **referral_values(area, referred_on=today - timedelta(days=10))
    )
    meeting = services.schedule_meeting(
        coordinator.user, area, meets_on=today, agencies=[idva.agency]
    )
    item = services.list_on_agenda(coordinator.user, meeting, referral)
    services.record_discussion(coordinator.user, item, summary="Actions agreed.")
    client = signed_in(idva)
    before = page(client, case)
    risk_services.record_incident(
        idva.user, case, occurred_on=today, reported_to_police=False, description="Threats"
    )

    after = page(client, case)

    assert "meets the criteria for a MARAC referral" not in before
    assert "meets the criteria for a MARAC referral: Repeat" in after
    assert after.count(reverse("marac:refer", args=[case.pk])) == 1  # one button, not two


def test_an_incident_before_the_referral_does_not_make_a_repeat(
    signed_in, idva, case, referral, today
):
    risk_services.record_incident(
        idva.user,
        case,
        occurred_on=referral.referred_on - timedelta(days=3),
        reported_to_police=True,
    )

    assert (
        "Repeat" not in page(signed_in(idva), case).split("Risk", 1)[1].split("MARAC referrals")[0]
    )


def test_the_referral_starts_with_the_latest_assessments_score_and_criteria(signed_in, idva, case):
    assessment = risk_services.start_assessment(
        idva.user, case, instrument=risk_services.default_instrument(idva.agency)
    )
    codes = [question.code for question in assessment.instrument.questions.all()]
    risk_services.record_answers(
        idva.user, assessment, {code: "yes" if n < 15 else "no" for n, code in enumerate(codes)}
    )
    risk_services.finish_assessment(idva.user, assessment)

    form = signed_in(idva).get(reverse("marac:refer", args=[case.pk])).content.decode()

    assert re.search(r'name="score"[^>]*value="15"', form)
    assert 'value="visible_high_risk" checked' in form


def _high_risk(idva, case):
    assessment = risk_services.start_assessment(
        idva.user, case, instrument=risk_services.default_instrument(idva.agency)
    )
    codes = list(assessment.instrument.questions.values_list("code", flat=True))
    answers = {code: "yes" if n < 15 else "no" for n, code in enumerate(codes)}
    risk_services.record_answers(idva.user, assessment, answers)
    return risk_services.finish_assessment(idva.user, assessment)


def test_the_prompt_to_refer_goes_once_the_referral_is_made_and_its_status_shows(
    signed_in, idva, case, area
):
    _high_risk(idva, case)
    client = signed_in(idva)
    assert "meets the criteria for a MARAC referral" in page(client, case)

    services.refer_to_marac(idva.user, case, **referral_values(area))

    after = page(client, case)
    assert "meets the criteria for a MARAC referral" not in after
    assert "govuk-button--warning" not in after
    assert "Referred to Riverford MARAC on" in after and "waiting for an agenda" in after


def test_a_new_assessment_after_the_case_is_heard_prompts_again(
    signed_in, idva, coordinator, case, area, today
):
    referral = services.refer_to_marac(
        idva.user, case, **referral_values(area, referred_on=today - timedelta(days=20))
    )
    meeting = services.schedule_meeting(
        coordinator.user, area, meets_on=today, agencies=[idva.agency]
    )
    item = services.list_on_agenda(coordinator.user, meeting, referral)
    services.record_discussion(coordinator.user, item, summary="Actions agreed.")

    _high_risk(idva, case)

    assert "meets the criteria for a MARAC referral" in page(signed_in(idva), case)
