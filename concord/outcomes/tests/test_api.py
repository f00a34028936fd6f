"""A case's outcome measures through the API: the pages' scope, roles, checks and audit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.outcomes.models import OutcomeMeasure
from concord.outcomes.tests.conftest import INTAKE_ANSWERS

pytestmark = pytest.mark.django_db


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def url(case):
    return f"/api/v1/cases/{case.pk}/outcome-measures"


def body(**changes):
    return {
        "stage": "intake",
        "answered_on": timezone.localdate().isoformat(),
        "answers": INTAKE_ANSWERS,
    } | changes


def test_a_worker_records_and_lists_a_cases_measures(idva, case):
    client = api(idva)

    made = client.post(url(case), body(), content_type="application/json")

    assert made.status_code == 201, made.content
    assert made.json()["answers"] == INTAKE_ANSWERS
    assert made.json()["questionnaire_version"] == "1"
    listed = client.get(url(case))
    assert [m["stage"] for m in listed.json()] == ["intake"]
    assert AuditEvent.objects.filter(action="outcome_measures.listed").count() == 1


def test_bad_answers_are_refused_with_their_field(idva, case):
    client = api(idva)
    not_a_number = body(answers={**INTAKE_ANSWERS, "safety": True})
    not_a_choice = body(answers={**INTAKE_ANSWERS, "abuse": "maybe", "confidence": 11})

    first = client.post(url(case), not_a_number, content_type="application/json")
    second = client.post(url(case), not_a_choice, content_type="application/json")

    assert (first.status_code, second.status_code) == (422, 422)
    assert all(e["field"].startswith("answers.safety") for e in first.json()["detail"])
    assert {e["field"] for e in second.json()["detail"]} == {"abuse", "confidence"}
    assert not OutcomeMeasure.objects.exists()


def test_another_agency_gets_404_and_a_role_without_case_data_403(worker_c, commissioner, case):
    assert api(worker_c).get(url(case)).status_code == 404
    posted = api(worker_c).post(url(case), body(), content_type="application/json")
    assert posted.status_code == 404
    assert api(commissioner).get(url(case)).status_code == 403
    posted = api(commissioner).post(url(case), body(), content_type="application/json")
    assert posted.status_code == 403
    assert not OutcomeMeasure.objects.exists()
