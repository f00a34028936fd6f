"""The call log's pages and API: scope (another agency's call is 404), roles (403), the
list's filters, export and pinned queries, and a call turned into a case."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.accounts.services import create_api_token
from concord.cases.models import Case
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.helpline import services
from concord.helpline.models import HelplineCall

pytestmark = pytest.mark.django_db


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def call_pages(call):
    return [
        reverse("helpline:list"),
        reverse("helpline:export"),
        reverse("helpline:log"),
        reverse("helpline:detail", args=[call.pk]),
        reverse("helpline:turn-into-case", args=[call.pk]),
    ]


def test_a_helpline_worker_logs_a_call_with_no_name(signed_in, idva, help_point):
    now = timezone.localtime()
    client = signed_in(idva)
    assert "No names are needed" in client.get(reverse("helpline:log")).content.decode()
    response = client.post(
        reverse("helpline:log"),
        {
            "service": str(help_point.pk),
            **date_parts("on", now.date()),
            "at": (now.replace(minute=0) if now.minute else now).strftime("%H:%M"),
            "caller_type": "family_or_friend",
            "reason": "worried_about_someone",
            "advice_given": "Explained coercive control and the helpline's hours.",
            "signposted_to": ["national_helpline"],
        },
    )
    call = HelplineCall.objects.get()
    assert response["Location"] == reverse("helpline:detail", args=[call.pk])
    assert (call.caller_type, call.logged_by) == ("family_or_friend", idva.user)


def test_the_log_form_shows_errors_in_a_summary(signed_in, idva, help_point):
    page = signed_in(idva).post(reverse("helpline:log"), {}).content.decode()
    assert "govuk-error-summary" in page
    assert "Select who called" in page
    assert not HelplineCall.objects.exists()


def test_the_list_filters_and_keeps_a_fixed_number_of_queries(
    signed_in, idva, help_point, call, django_assert_num_queries
):
    services.log_call(
        idva.user,
        help_point,
        called_at=call.called_at,
        caller_type="professional",
        reason="professional_guidance",
    )
    client = signed_in(idva)
    client.get(reverse("helpline:list"))  # the session and membership, cached after
    with django_assert_num_queries(11) as queries:
        page = client.get(reverse("helpline:list")).content.decode()
    assert "2 calls" in page, [q["sql"] for q in queries]
    filtered = client.get(reverse("helpline:list"), {"caller_type": "professional"})
    assert "1 call<" in filtered.content.decode()
    export = b"".join(client.get(reverse("helpline:export")).streaming_content).decode()
    assert "Local food bank" in export and "Professional seeking guidance" in export
    assert AuditEvent.objects.filter(action="helpline_calls.exported").count() == 1


def test_another_agencys_call_is_not_found(signed_in, worker_c, other_help_point, call):
    client = signed_in(worker_c)
    for url in call_pages(call)[3:]:
        assert client.get(url).status_code == 404, url
    assert "Local food bank" not in client.get(reverse("helpline:list")).content.decode()
    assert api(worker_c).get(f"/api/v1/helpline-calls/{call.pk}").status_code == 404


@pytest.mark.parametrize("persona", ["commissioner", "police_rep"])
def test_roles_and_agencies_without_a_help_point_are_refused(request, signed_in, persona, call):
    membership = request.getfixturevalue(persona)
    client = signed_in(membership)
    for url in call_pages(call):
        assert client.get(url).status_code == 403, url
    assert api(membership).get("/api/v1/helpline-calls").status_code == 403


def test_a_call_is_turned_into_a_person_and_case_on_its_page(signed_in, idva, call):
    client = signed_in(idva)
    detail = client.get(reverse("helpline:detail", args=[call.pk])).content.decode()
    assert "Turn into a person and case" in detail
    response = client.post(
        reverse("helpline:turn-into-case", args=[call.pk]),
        {"given_name": "Rosa", "family_name": "Lind"},
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    detail = client.get(reverse("helpline:detail", args=[call.pk])).content.decode()
    assert "Go to the case" in detail and "Turn into a person and case" not in detail


def test_the_api_logs_lists_and_turns_calls_into_cases(idva, help_point):
    client = api(idva)
    body = {
        "called_at": timezone.now().replace(microsecond=0).isoformat(),
        "caller_type": "victim_survivor",
        "reason": "housing",
        "signposted_to": ["housing"],
    }
    made = client.post("/api/v1/helpline-calls", body, content_type="application/json")
    assert made.status_code == 201, made.content
    call_id = made.json()["id"]
    listed = client.get("/api/v1/helpline-calls", {"caller_type": "victim_survivor"})
    assert [c["id"] for c in listed.json()["items"]] == [call_id]
    today = timezone.localdate().isoformat()
    listed = client.get("/api/v1/helpline-calls", {"called_from": today, "called_to": today})
    assert listed.json()["count"] == 1
    wrong = client.get("/api/v1/helpline-calls", {"called_to": "0"})
    assert wrong.status_code == 422
    assert {e["field"] for e in wrong.json()["detail"]} == {"called_to"}

    refused = client.post(
        "/api/v1/helpline-calls", body | {"caller_type": "x"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["detail"]} == {"caller_type"}

    turned = client.post(
        f"/api/v1/helpline-calls/{call_id}/case",
        {"given_name": "Rosa", "family_name": "Lind"},
        content_type="application/json",
    )
    assert turned.status_code == 201, turned.content
    assert (
        client.get(f"/api/v1/helpline-calls/{call_id}").json()["case_id"]
        == (turned.json()["case_id"])
    )
