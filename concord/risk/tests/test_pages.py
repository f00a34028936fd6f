"""Risk pages: agency scope (404) and roles (403) on every page and form, the checklist
answered part by part, the error summary naming each unanswered question, judgement,
incidents, and the case page's risk section with the MARAC prompt."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.people import services as people_services
from concord.risk import services
from concord.risk.models import AssessmentStatus, Incident, RiskAssessment
from concord.risk.tests.conftest import answers_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(idva, case, ric):
    return services.start_assessment(idva.user, case, ric)


@pytest.fixture
def medium(idva, case, ric):
    assessment = services.start_assessment(idva.user, case, ric)
    services.record_answers(idva.user, assessment, answers_with(ric, yes=11))
    return services.finish_assessment(idva.user, assessment)


def pages(case, assessment):
    return [
        reverse("risk:start", args=[case.pk]),
        reverse("risk:record-incident", args=[case.pk]),
        reverse("risk:assessment", args=[assessment.pk]),
        reverse("risk:section", args=[assessment.pk, 1]),
        reverse("risk:judgement", args=[assessment.pk]),
    ]


def posts(case, assessment):
    return [
        *pages(case, assessment),
        reverse("risk:finish", args=[assessment.pk]),
    ]


def unchanged(assessment):
    assessment.refresh_from_db()
    return assessment.answers == {} and assessment.status == AssessmentStatus.DRAFT


# Scope and roles ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["worker_c", "police_rep"])
def test_every_risk_page_and_form_is_404_for_another_agency(
    request, signed_in, persona, case, draft
):
    client = signed_in(request.getfixturevalue(persona))

    for url in pages(case, draft):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Sarah" not in response.content.decode()
    for url in posts(case, draft):
        assert client.post(url, {"current_injury": "yes", "level": "high"}).status_code == 404, url
    assert unchanged(draft)
    assert not Incident.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_every_risk_page_and_form_is_403_for_roles_without_case_data(
    request, signed_in, persona, case, draft
):
    client = signed_in(request.getfixturevalue(persona))

    for url in pages(case, draft):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Sarah" not in response.content.decode()
    for url in posts(case, draft):
        assert client.post(url, {"current_injury": "yes"}).status_code == 403, url
    assert unchanged(draft)


def test_a_restricted_persons_assessment_is_only_for_their_named_workers(
    signed_in, idva, manager_a, case, draft, person_a
):
    people_services.set_access(
        manager_a.user, person_a, restricted=True, named_workers=[manager_a.user]
    )

    assert signed_in(idva).get(reverse("risk:assessment", args=[draft.pk])).status_code == 404
    assert signed_in(manager_a).get(reverse("risk:assessment", args=[draft.pk])).status_code == 200


# Assessing ---------------------------------------------------------------------------------


def test_the_checklist_is_answered_part_by_part_and_finished(signed_in, idva, case, ric):
    client = signed_in(idva)
    start = client.get(reverse("risk:start", args=[case.pk])).content.decode()
    assert f'value="{ric.pk}" checked' in start  # the DASH RIC for a non-police agency
    assert "Why assess the risk again" not in start

    response = client.post(reverse("risk:start", args=[case.pk]), {"instrument": ric.pk})
    assessment = RiskAssessment.objects.get()
    assert response.url == reverse("risk:section", args=[assessment.pk, 1])
    answers = answers_with(ric, yes=15)
    for number, next_url in [
        (1, reverse("risk:section", args=[assessment.pk, 2])),
        (2, reverse("risk:section", args=[assessment.pk, 3])),
        (3, reverse("risk:assessment", args=[assessment.pk])),
    ]:
        page = client.get(reverse("risk:section", args=[assessment.pk, number]))
        codes = [code for code in answers if f'name="{code}"' in page.content.decode()]
        response = client.post(
            reverse("risk:section", args=[assessment.pk, number]),
            {**{code: answers[code] for code in codes}, "then": "continue"},
        )
        assert response.url == next_url
    check = client.get(response.url).content.decode()
    assert "Check the answers" in check
    response = client.post(reverse("risk:finish", args=[assessment.pk]), follow=True)

    body = response.content.decode()
    assert "The assessment is finished: high risk, with 15 yes answers" in body
    assessment.refresh_from_db()
    assert (assessment.score, assessment.level) == (15, "high")
    assert AuditEvent.objects.filter(action="risk.assessment_viewed", actor=idva.user).exists()


def test_finishing_with_questions_not_asked_lists_each_in_the_error_summary(
    signed_in, idva, draft, ric
):
    answers = answers_with(ric, yes=3)
    del answers["isolated"], answers["harms_animals"]
    services.record_answers(idva.user, draft, answers)

    response = signed_in(idva).post(reverse("risk:finish", args=[draft.pk]))

    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "<title>Error:" in body
    assert "There is a problem" in body
    part_1 = reverse("risk:section", args=[draft.pk, 1])
    part_3 = reverse("risk:section", args=[draft.pk, 3])
    assert f'href="{part_1}#id_isolated">Answer question 4, isolated from family or friends' in body
    assert f'href="{part_3}#id_harms_animals">Answer question 19, harms animals' in body
    assert "Not asked" in body
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_an_answer_that_is_not_offered_is_refused(signed_in, idva, draft):
    response = signed_in(idva).post(
        reverse("risk:section", args=[draft.pk, 1]), {"current_injury": "maybe"}
    )

    assert "Select yes, no or don't know" in html.unescape(response.content.decode())
    assert unchanged(draft)


def test_save_as_draft_returns_to_the_case_which_offers_to_continue(signed_in, idva, case, draft):
    client = signed_in(idva)

    response = client.post(
        reverse("risk:section", args=[draft.pk, 2]), {"sexual_abuse": "dont_know", "then": "draft"}
    )

    assert response.url == reverse("cases:detail", args=[case.pk])
    body = client.get(response.url).content.decode()
    assert "Continue the assessment in progress" in body
    assert "Assess risk</a>" not in body
    draft.refresh_from_db()
    assert draft.answers == {"sexual_abuse": "dont_know"}


def test_starting_again_while_a_draft_is_open_continues_it(signed_in, idva, case, draft):
    response = signed_in(idva).get(reverse("risk:start", args=[case.pk]))

    assert response.url == reverse("risk:section", args=[draft.pk, 1])


def test_a_part_that_does_not_exist_is_404_and_a_finished_one_shows_the_result(
    signed_in, idva, case, medium, ric
):
    client = signed_in(idva)
    draft = services.start_assessment(idva.user, case, ric, "review")

    assert client.get(reverse("risk:section", args=[draft.pk, 4])).status_code == 404
    assert client.get(reverse("risk:section", args=[draft.pk, 0])).status_code == 404
    response = client.get(reverse("risk:section", args=[medium.pk, 1]))
    assert response.url == reverse("risk:assessment", args=[medium.pk])


def test_assessing_again_asks_why(signed_in, idva, case, medium, ric):
    client = signed_in(idva)

    refused = client.post(reverse("risk:start", args=[case.pk]), {"instrument": ric.pk})
    client.post(reverse("risk:start", args=[case.pk]), {"instrument": ric.pk, "reason": "review"})

    assert "Select why" in refused.content.decode()
    assert RiskAssessment.objects.filter(reason="review").exists()


def test_the_police_start_with_acpo_dash(signed_in, manager_b, police_case, acpo):
    body = signed_in(manager_b).get(reverse("risk:start", args=[police_case.pk])).content.decode()

    assert f'value="{acpo.pk}" checked' in body


# Professional judgement --------------------------------------------------------------------


def test_judgement_offers_only_higher_levels_and_needs_concerns(signed_in, idva, medium):
    client = signed_in(idva)
    url = reverse("risk:judgement", args=[medium.pk])

    form = client.get(url).content.decode()
    lowering = client.post(url, {"level": "standard", "concerns": "She feels safer"})
    blank = client.post(url, {"level": "high", "concerns": ""})

    assert 'value="high"' in form and 'value="standard"' not in form
    assert "Select a level" in lowering.content.decode()
    assert "Write down your concerns" in blank.content.decode()
    medium.refresh_from_db()
    assert medium.level == "medium"

    done = client.post(url, {"level": "high", "concerns": "He has bought a knife"}, follow=True)
    assert "Your professional judgement is recorded" in done.content.decode()
    medium.refresh_from_db()
    assert medium.level == "high"
    assert client.get(url).url == reverse("risk:assessment", args=[medium.pk])  # nothing higher


# Incidents ---------------------------------------------------------------------------------


def test_an_incident_needs_a_date_and_whether_the_police_know(signed_in, idva, case):
    client = signed_in(idva)
    url = reverse("risk:record-incident", args=[case.pk])

    response = client.post(url, {"description": "Threatened her at the school gate"})

    body = html.unescape(response.content.decode())
    assert "Enter the date of the incident" in body
    assert "Select yes or no" in body
    assert not Incident.objects.exists()


def test_recorded_incidents_show_on_the_case_page(signed_in, idva, case):
    client = signed_in(idva)
    day = timezone.localdate() - timedelta(days=3)

    response = client.post(
        reverse("risk:record-incident", args=[case.pk]),
        {
            "occurred_on-day": day.day,
            "occurred_on-month": day.month,
            "occurred_on-year": day.year,
            "reported_to_police": "yes",
            "description": "Threatened her at the school gate",
        },
        follow=True,
    )

    body = response.content.decode()
    assert "The incident is recorded" in body
    assert "Threatened her at the school gate" in body
    assert Incident.objects.get().reported_to_police is True


# The case page -----------------------------------------------------------------------------


def test_the_case_page_shows_the_latest_level_the_trend_and_the_marac_prompt(
    signed_in, idva, case, medium, ric
):
    client = signed_in(idva)
    before = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    again = services.start_assessment(idva.user, case, ric, "new_incident")
    services.record_answers(idva.user, again, answers_with(ric, yes=16))
    services.finish_assessment(idva.user, again)

    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "Medium risk" in before and "MARAC referral" not in before
    assert "High risk" in body and "16 yes answers" in body
    assert "A new incident" in body and "First assessment" in body  # the trend
    assert "meets the criteria for a MARAC referral: Visible high risk" in body
    if apps.is_installed("concord.marac"):
        assert "Refer to MARAC" in body
        assert reverse("marac:refer", args=[case.pk]) in body


def test_three_incidents_prompt_a_referral_without_an_assessment(signed_in, idva, case):
    for ago in (1, 40, 300):
        services.record_incident(
            idva.user,
            case,
            occurred_on=timezone.localdate() - timedelta(days=ago),
            reported_to_police=False,
        )

    body = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert "No risk assessment is finished on this case" in body
    assert "meets the criteria for a MARAC referral: Potential escalation" in body


def test_the_case_page_keeps_its_queries_as_assessments_and_incidents_grow(
    signed_in, idva, case, medium, ric, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(4):
        again = services.start_assessment(idva.user, case, ric, "review")
        services.record_answers(idva.user, again, answers_with(ric, yes=number))
        services.finish_assessment(idva.user, again)
        services.record_incident(
            idva.user, case, occurred_on=timezone.localdate(), reported_to_police=True
        )

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
