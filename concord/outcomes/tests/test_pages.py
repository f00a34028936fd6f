"""Workers' outcome pages: the case page's link, a case's measures, recording the answers
with the GOV.UK error summary, a measure's answers and a link shown once; another agency's
case is 404, a role without case data 403; pages pin their queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.outcomes import services
from concord.outcomes.models import OutcomeMeasure, QuestionnaireLink
from concord.outcomes.tests.conftest import EXIT_ANSWERS, INTAKE_ANSWERS

pytestmark = pytest.mark.django_db


def posted(answers, on=None):
    return {
        **{k: str(v) for k, v in answers.items()},
        **date_parts("answered_on", on or timezone.localdate()),
    }


def pages(case, measure):
    return [
        reverse("outcomes:case", args=[case.pk]),
        reverse("outcomes:record", args=[case.pk, "intake"]),
        reverse("outcomes:make-link", args=[case.pk]),
        reverse("outcomes:measure", args=[measure.pk]),
    ]


@pytest.fixture
def measure(case, record):
    return record(case, "intake", INTAKE_ANSWERS)


def test_the_case_page_links_to_the_outcome_measures(signed_in, idva, case):
    page = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert reverse("outcomes:case", args=[case.pk]) in page


def test_a_worker_records_the_intake_answers(signed_in, idva, case):
    client = signed_in(idva)
    form = client.get(reverse("outcomes:record", args=[case.pk, "intake"])).content.decode()
    assert "How safe do you feel at the moment?" in form
    assert "Do you feel safer now than before" not in form  # asked at exit and follow-up

    response = client.post(
        reverse("outcomes:record", args=[case.pk, "intake"]), posted(INTAKE_ANSWERS)
    )

    assert response["Location"] == reverse("outcomes:case", args=[case.pk])
    measure = OutcomeMeasure.objects.get()
    assert (measure.stage, measure.safety, measure.recorded_by) == ("intake", 3, idva.user)
    listed = client.get(response["Location"]).content.decode()
    assert "Intake" in listed and reverse("outcomes:measure", args=[measure.pk]) in listed


def test_missing_answers_are_shown_in_an_error_summary_and_nothing_is_saved(signed_in, idva, case):
    response = signed_in(idva).post(
        reverse("outcomes:record", args=[case.pk, "intake"]),
        posted({"safety": 3, "wellbeing": 12}),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Select an answer to question 2" in page and "Select an answer to question 3" in page
    assert "<title>Error:" in page
    assert not OutcomeMeasure.objects.exists()


def test_exit_questions_wait_for_closure_and_unknown_stages_are_not_found(signed_in, idva, case):
    client = signed_in(idva)
    page = client.get(reverse("outcomes:record", args=[case.pk, "exit"])).content.decode()
    assert "once the case has closed" in page and "Save answers" not in page
    client.post(reverse("outcomes:record", args=[case.pk, "exit"]), posted(EXIT_ANSWERS))
    assert not OutcomeMeasure.objects.exists()
    assert client.get(reverse("outcomes:record", args=[case.pk, "follow_up_4"])).status_code == 404


def test_a_measure_page_shows_the_answers_in_the_versions_words_and_is_audited(
    signed_in, idva, measure
):
    page = signed_in(idva).get(reverse("outcomes:measure", args=[measure.pk])).content.decode()

    assert "3 out of 10" in page and "It has carried on" in page
    assert "How things are for you (version 1)" in page
    assert AuditEvent.objects.filter(
        action="outcome_measure.viewed", object_id=str(measure.pk)
    ).exists()


def test_a_link_is_shown_once_and_never_kept(signed_in, idva, closed_case):
    client = signed_in(idva)
    response = client.post(
        reverse("outcomes:make-link", args=[closed_case.pk]), {"stage": "follow_up_3"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    link = QuestionnaireLink.objects.get()
    token = page.split("/your-say/")[1].split("/")[0]
    assert services.token_hash(token) == link.token_hash
    listed = client.get(reverse("outcomes:case", args=[closed_case.pk])).content.decode()
    assert token not in listed and "Waiting, works until" in listed


def test_a_link_needs_a_stage_to_ask(signed_in, idva, case):
    response = signed_in(idva).post(
        reverse("outcomes:make-link", args=[case.pk]), {"stage": "exit"}
    )

    assert "Select which questions the link should ask" in response.content.decode()
    assert not QuestionnaireLink.objects.exists()


def test_another_agencys_case_and_measure_are_not_found(signed_in, worker_c, case, measure):
    client = signed_in(worker_c)
    for url in pages(case, measure):
        assert client.get(url).status_code == 404, url
    assert client.post(pages(case, measure)[2], {"stage": "intake"}).status_code == 404
    assert not QuestionnaireLink.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "system_admin"])
def test_roles_without_case_data_are_refused(request, signed_in, persona, case, measure):
    client = signed_in(request.getfixturevalue(persona))
    for url in pages(case, measure):
        assert client.get(url).status_code == 403, url


def test_the_pages_keep_a_fixed_number_of_queries(
    signed_in, idva, closed_case, record, django_assert_num_queries
):
    client = signed_in(idva)
    first = record(closed_case, "intake", INTAKE_ANSWERS)
    services.make_link(idva.user, closed_case, stage="exit")
    case_url = reverse("outcomes:case", args=[closed_case.pk])
    client.get(case_url)
    with django_assert_num_queries(15) as few:
        client.get(case_url)
    record(closed_case, "exit", EXIT_ANSWERS)
    services.make_link(idva.user, closed_case, stage="follow_up", months=3)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(case_url)
    with django_assert_num_queries(13):
        client.get(reverse("outcomes:measure", args=[first.pk]))
