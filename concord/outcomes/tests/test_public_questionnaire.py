"""The questionnaire by one-time link: the questions only, nothing of the person or case;
no cookie but CSRF, never kept; answered once, even by two submissions at the same moment;
an unknown, expired or used link gets one neutral page and nothing is saved."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.cases.tests.test_import_contention import on_a_file
from concord.core.models import AuditEvent
from concord.outcomes import services
from concord.outcomes.models import OutcomeMeasure, QuestionnaireLink
from concord.outcomes.tests.conftest import FOLLOW_UP_ANSWERS, ensure_questionnaire

pytestmark = pytest.mark.django_db


def form_data(answers):
    return {code: str(value) for code, value in answers.items()}


@pytest.fixture
def made(idva, closed_case):
    return services.make_link(idva.user, closed_case, stage="follow_up", months=3)


@pytest.fixture
def token(made):
    return made[1]


def address(token):
    return reverse("questionnaire:answer", args=[token])


def test_the_page_asks_the_questions_and_shows_nothing_of_the_case(
    idva, person_a, closed_case, token
):
    response = Client().get(address(token))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Has there been any more abuse since your support ended?" in page
    assert "May we get in touch" not in page  # asked at exit only
    assert re.search(r"<title>\s*Your say – Get support\s*</title>", page)
    assert "Exit this page" in page and "If someone else uses or checks this device" in page
    for revealing in (
        closed_case.reference,
        person_a.given_name,
        person_a.family_name,
        closed_case.service.name,
        idva.user.get_full_name(),
        idva.user.email,
        idva.agency.name,
    ):
        assert revealing not in page, revealing


def test_the_page_is_never_kept_and_sets_no_cookie_but_csrf(token):
    client = Client()
    response = client.get(address(token))

    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"  # never to other sites
    assert set(response.cookies) <= {"csrftoken"}
    assert not re.search(
        r'(src|href)="https?://',
        response.content.decode().replace('href="https://www.bbc.co.uk/weather"', ""),
    )


def test_a_post_without_the_csrf_token_is_refused(token):
    response = Client(enforce_csrf_checks=True).post(address(token), form_data(FOLLOW_UP_ANSWERS))

    assert response.status_code == 403
    assert not OutcomeMeasure.objects.exists()


def test_the_person_answers_once_and_then_the_link_no_longer_works(token):
    client = Client()

    response = client.post(address(token), form_data(FOLLOW_UP_ANSWERS))

    assert response["Location"] == reverse("questionnaire:thanks")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    measure = OutcomeMeasure.objects.get()
    assert (measure.how, measure.recorded_by, measure.further_incidents) == ("by_link", None, "no")
    again = client.get(address(token))
    assert again.status_code == 410 and "This link no longer works" in again.content.decode()
    replay = client.post(
        address(token), form_data({**FOLLOW_UP_ANSWERS, "further_incidents": "yes"})
    )
    assert replay.status_code == 410
    assert OutcomeMeasure.objects.get().further_incidents == "no"
    assert AuditEvent.objects.filter(action="questionnaire_link.used", actor=None).count() == 1


def test_missing_answers_show_an_error_summary_and_keep_the_link(made, token):
    response = Client().post(address(token), form_data({"safety": 5}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Select an answer to question 2" in page
    assert not OutcomeMeasure.objects.exists()
    assert QuestionnaireLink.objects.get().used_at is None


def _main(page: str) -> str:
    return page.split('id="main-content"')[1].split("</main>")[0]


def test_unknown_expired_and_used_links_get_the_same_neutral_page(idva, closed_case, made, token):
    expired_link, expired = services.make_link(idva.user, closed_case, stage="exit")
    QuestionnaireLink.objects.filter(pk=expired_link.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    Client().post(address(token), form_data(FOLLOW_UP_ANSWERS))
    unknown = "x" * 43

    responses = [Client().get(address(t)) for t in (unknown, expired, token)]
    posted = Client().post(address(expired), form_data(FOLLOW_UP_ANSWERS))

    assert {r.status_code for r in [*responses, posted]} == {410}
    assert len({_main(r.content.decode()) for r in [*responses, posted]}) == 1
    assert all("no-store" in r["Cache-Control"] for r in responses)
    assert OutcomeMeasure.objects.count() == 1  # the one answer by the used link


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_token_at_the_same_moment_save_one(
    idva, closed_case, monkeypatch, tmp_path
):
    """Each submission on its own database connection; the stage check is slowed down so
    that, were the link's row not locked and claimed, both would pass it."""
    ensure_questionnaire()
    _, token = services.make_link(idva.user, closed_case, stage="follow_up", months=3)
    checked = services.check_stage

    def slowly(*args, **kwargs):
        checked(*args, **kwargs)
        threading.Event().wait(0.5)

    monkeypatch.setattr(services, "check_stage", slowly)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(answer: str) -> None:
        try:
            start.wait()
            services.answer_by_link(token, {**FOLLOW_UP_ANSWERS, "further_incidents": answer})
            outcomes.append("saved")
        except services.LinkNotUsable:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with on_a_file(tmp_path):
        threads = [threading.Thread(target=submit, args=(answer,)) for answer in ("no", "yes")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        saved = list(OutcomeMeasure.objects.values_list("further_incidents", flat=True))
        used = QuestionnaireLink.objects.get().used_at

    assert sorted(outcomes) == ["refused", "saved"]
    assert len(saved) == 1 and used is not None
