"""Risk through the API: the same scope (404), roles (403) and rules (422) as the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.risk import services
from concord.risk.models import Incident, RiskAssessment
from concord.risk.tests.conftest import answers_with

pytestmark = pytest.mark.django_db


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def send(client, method, url, body=None):
    return getattr(client, method)(url, body or {}, content_type="application/json")


@pytest.fixture
def draft(idva, case, ric):
    return services.start_assessment(idva.user, case, ric)


def test_an_assessment_is_started_answered_finished_and_judged(idva, case, ric):
    client = api(idva)

    started = send(client, "post", f"/api/v1/cases/{case.pk}/risk-assessments")
    assert started.status_code == 201, started.content
    assessment = started.json()
    assert assessment["instrument"] == "dash_ric"
    assert len(assessment["unanswered"]) == 24
    url = f"/api/v1/risk-assessments/{assessment['id']}"
    answered = send(client, "patch", f"{url}/answers", {"answers": answers_with(ric, yes=12)})
    assert answered.json()["unanswered"] == []
    done = send(client, "post", f"{url}/finish").json()
    assert (done["status"], done["score"], done["level"]) == ("finished", 12, "medium")
    judged = send(client, "post", f"{url}/judgement", {"level": "high", "concerns": "Stalking"})
    assert judged.json()["level"] == "high"
    assert judged.json()["computed_level"] == "medium"

    summary = client.get(f"/api/v1/cases/{case.pk}/risk").json()
    assert summary["level"] == "high"
    assert summary["marac_criteria"] == ["professional_judgement"]
    assert [a["id"] for a in client.get(f"/api/v1/cases/{case.pk}/risk-assessments").json()] == [
        assessment["id"]
    ]
    assert client.get(url).json()["concerns"] == "Stalking"
    assert AuditEvent.objects.filter(action="risk.assessment_viewed", actor=idva.user).exists()


def test_finishing_with_questions_not_asked_names_each_and_changes_nothing(idva, draft):
    client = api(idva)
    url = f"/api/v1/risk-assessments/{draft.pk}"
    send(client, "patch", f"{url}/answers", {"answers": {"current_injury": "yes"}})

    response = send(client, "post", f"{url}/finish")

    assert response.status_code == 422
    fields = [problem["field"] for problem in response.json()["detail"]]
    assert len(fields) == 23 and "current_injury" not in fields and "very_frightened" in fields
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_answers_can_be_taken_back_and_bad_ones_are_422(idva, draft):
    client = api(idva)
    url = f"/api/v1/risk-assessments/{draft.pk}/answers"
    send(client, "patch", url, {"answers": {"current_injury": "yes", "isolated": "no"}})

    back = send(client, "patch", url, {"answers": {"isolated": None}})
    bad = send(client, "patch", url, {"answers": {"isolated": "sometimes"}})

    assert back.json()["answers"] == {"current_injury": "yes"}
    assert bad.status_code == 422
    assert bad.json()["detail"] == [
        {"field": "answers.isolated", "message": "Input should be 'yes', 'no' or 'dont_know'"}
    ]


def test_a_judgement_that_lowers_the_level_is_422(idva, case, ric):
    assessment = services.start_assessment(idva.user, case, ric)
    services.record_answers(idva.user, assessment, answers_with(ric, yes=15))
    services.finish_assessment(idva.user, assessment)

    response = send(
        api(idva),
        "post",
        f"/api/v1/risk-assessments/{assessment.pk}/judgement",
        {"level": "medium", "concerns": "Moved away from him"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "level"
    assessment.refresh_from_db()
    assert assessment.level == "high"


def test_the_police_get_acpo_dash_and_an_unknown_checklist_is_422(manager_b, police_case):
    client = api(manager_b)
    url = f"/api/v1/cases/{police_case.pk}/risk-assessments"

    unknown = send(client, "post", url, {"instrument": "dara"})
    started = send(client, "post", url)

    assert unknown.status_code == 422
    assert unknown.json()["detail"] == [
        {"field": "instrument", "message": "Choose a checklist that is in use"}
    ]
    assert started.json()["instrument"] == "acpo_dash"
    assert len(started.json()["unanswered"]) == 27


def test_incidents_are_recorded_and_feed_potential_escalation(idva, case):
    client = api(idva)
    url = f"/api/v1/cases/{case.pk}/incidents"

    for ago in (1, 100, 300):
        day = (timezone.localdate() - timedelta(days=ago)).isoformat()
        response = send(client, "post", url, {"occurred_on": day, "reported_to_police": True})
        assert response.status_code == 201
    future = send(client, "post", url, {"occurred_on": "2099-01-01", "reported_to_police": True})

    assert future.status_code == 422
    assert len(client.get(url).json()) == 3
    assert client.get(f"/api/v1/cases/{case.pk}/risk").json()["marac_criteria"] == [
        "potential_escalation"
    ]


def test_checklists_are_listed_with_their_questions(idva):
    found = {i["code"]: i for i in api(idva).get("/api/v1/risk-instruments").json()}

    assert len(found["dash_ric"]["questions"]) == 24
    assert found["acpo_dash"]["questions"][9]["section"] == "Children and other dependants"


def case_urls(case, assessment):
    return [
        ("get", f"/api/v1/cases/{case.pk}/risk"),
        ("get", f"/api/v1/cases/{case.pk}/risk-assessments"),
        ("post", f"/api/v1/cases/{case.pk}/risk-assessments"),
        ("get", f"/api/v1/risk-assessments/{assessment.pk}"),
        ("patch", f"/api/v1/risk-assessments/{assessment.pk}/answers"),
        ("post", f"/api/v1/risk-assessments/{assessment.pk}/finish"),
        ("post", f"/api/v1/risk-assessments/{assessment.pk}/judgement"),
        ("get", f"/api/v1/cases/{case.pk}/incidents"),
        ("post", f"/api/v1/cases/{case.pk}/incidents"),
    ]


BODIES = {
    "answers": {"answers": {"current_injury": "yes"}},
    "judgement": {"level": "high", "concerns": "x"},
    "incidents": {"occurred_on": "2026-11-01", "reported_to_police": True},
}


def _body(url):
    return next((body for end, body in BODIES.items() if url.endswith(end)), {})


@pytest.mark.parametrize(
    ("persona", "status"),
    [("worker_c", 404), ("police_rep", 404), ("commissioner", 403), ("analyst", 403)],
)
def test_other_agencies_get_404_and_roles_without_case_data_403(
    request, persona, status, case, draft
):
    client = api(request.getfixturevalue(persona))

    for method, url in case_urls(case, draft):
        response = send(client, method, url, _body(url))
        assert response.status_code == status, (method, url, response.content)
        assert "Sarah" not in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {}
    assert RiskAssessment.objects.count() == 1
    assert not Incident.objects.exists()
