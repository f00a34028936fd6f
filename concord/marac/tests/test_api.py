"""MARAC through the API: referring (and its refusals), what each agency's answer holds,
meetings, agendas, research, discussion, actions, agency scope (404), roles (403), the
must-not-receive list (404, audited) and the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from concord.accounts.services import create_api_token
from concord.core.models import AuditEvent
from concord.marac import services
from concord.marac.lifecycle import ActionStatus, MaracStatus
from concord.marac.models import MaracAction, MaracReferral

pytestmark = pytest.mark.django_db

SAFE_CONTACT = "07700 900123"


def api(membership) -> Client:
    key = create_api_token(membership.user, membership, name="test").key
    return Client(headers={"Authorization": f"Bearer {key}"})


def get(client: Client, url: str):
    return client.get(f"/api/v1{url}")


def send(client: Client, url: str, body: dict | None = None, method: str = "post"):
    return getattr(client, method)(f"/api/v1{url}", body or {}, content_type="application/json")


def fields(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["detail"]}


def referral_body(today, **changes):
    body = {
        "area": "riverford",
        "referred_on": today.isoformat(),
        "criteria": ["professional_judgement"],
        "score": 9,
        "risk_summary": "Stalking at work; threats to take the children.",
        "victim_fears": "Darren Cole",
        "new_incident_criminal": True,
        "people_causing_harm": [
            {"given_name": "Darren", "family_name": "Cole", "date_of_birth": "1985-07-01"}
        ],
        "children_count": 0,
        "victim_knows": True,
        "victim_consented": False,
        "no_consent_reason": "She fears he reads her messages",
        "safe_contact": SAFE_CONTACT,
    }
    return body | changes


# Referring ----------------------------------------------------------------------------------


def test_the_idva_refers_a_case_and_gets_the_whole_referral_back(idva, case, area, today):
    response = send(api(idva), f"/cases/{case.pk}/marac-referrals", referral_body(today))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["victim"]["given_name"] == "Sarah"
    assert body["people_causing_harm"][0]["family_name"] == "Cole"
    assert body["status"] == "referred" and body["is_repeat"] is False
    assert body["details"]["case_id"] == str(case.pk)
    assert body["details"]["no_consent_reason"] == "She fears he reads her messages"
    assert body["details"]["must_not_receive_user_ids"] is None
    assert SAFE_CONTACT not in response.content.decode()
    referral = MaracReferral.objects.get()
    event = AuditEvent.objects.for_object("marac.maracreferral", referral.pk).get()
    assert event.reason == "without_consent"


def test_bad_referrals_are_refused_with_the_field(idva, case, area, today, person_a):
    client = api(idva)
    url = f"/cases/{case.pk}/marac-referrals"

    assert fields(send(client, url, referral_body(today, area="nowhere"))) == {"area"}
    assert fields(send(client, url, referral_body(today, people_causing_harm=[]))) == {
        "people_causing_harm"
    }
    assert fields(send(client, url, referral_body(today, score=30))) == {"score"}
    assert fields(send(client, url, referral_body(today, no_consent_reason=""))) == {
        "no_consent_reason"
    }
    person_a.date_of_birth = today.replace(year=today.year - 14)
    person_a.save()
    under_16 = send(client, url, referral_body(today))
    assert fields(under_16) == {"body"}
    assert "aged 16 or over" in under_16.json()["detail"][0]["message"]
    assert not MaracReferral.objects.exists()


def test_another_agency_cannot_refer_the_case_nor_read_the_referral(
    worker_c, case, referral, today
):
    client = api(worker_c)

    assert (
        send(client, f"/cases/{case.pk}/marac-referrals", referral_body(today)).status_code == 404
    )
    assert get(client, f"/marac/referrals/{referral.pk}").status_code == 404
    assert get(client, "/marac/referrals").json()["items"] == []


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "system_admin"])
def test_roles_without_case_work_are_refused_every_marac_call(
    request, persona, case, referral, meeting, item, action, today
):
    client = api(request.getfixturevalue(persona))

    for url in [
        "/marac/referrals",
        f"/marac/referrals/{referral.pk}",
        "/marac/meetings",
        f"/marac/meetings/{meeting.pk}/agenda",
        f"/marac/agenda-items/{item.pk}",
        "/marac/actions",
    ]:
        assert get(client, url).status_code == 403, url
    assert (
        send(client, f"/cases/{case.pk}/marac-referrals", referral_body(today)).status_code == 403
    )
    meeting_body = {"meets_on": today.isoformat(), "agency_ids": []}
    assert send(client, "/marac/areas/riverford/meetings", meeting_body).status_code == 403
    assert (
        send(
            client,
            f"/marac/actions/{action.pk}/outcome",
            {"completed": True, "outcome_on": today.isoformat()},
        ).status_code
        == 403
    )


# The representative's view ------------------------------------------------------------------


def test_a_representative_gets_the_marac_summary_of_a_listed_case_only(police_rep, referral, item):
    client = api(police_rep)

    one = get(client, f"/marac/referrals/{referral.pk}")
    agenda_item = get(client, f"/marac/agenda-items/{item.pk}")

    assert one.status_code == 200 and one.json()["details"] is None
    assert agenda_item.json()["case"]["victim"]["family_name"] == "Ahmed"
    for response in (one, agenda_item):
        assert SAFE_CONTACT not in response.content.decode()
        assert "consent" not in response.content.decode()


def test_a_representative_does_not_see_a_case_not_listed(police_rep, referral, meeting):
    client = api(police_rep)

    assert get(client, f"/marac/referrals/{referral.pk}").status_code == 404
    assert get(client, f"/marac/meetings/{meeting.pk}/agenda").json() == []


def test_a_representative_of_an_agency_not_attending_gets_404(homes_rep, meeting, item, action):
    client = api(homes_rep)

    assert get(client, f"/marac/meetings/{meeting.pk}/agenda").status_code == 404
    assert get(client, f"/marac/agenda-items/{item.pk}").status_code == 404
    body = {"findings": "x"}
    assert send(client, f"/marac/agenda-items/{item.pk}/research", body, "put").status_code == 404
    outcome = {"completed": True, "outcome_on": "2026-01-01"}
    assert send(client, f"/marac/actions/{action.pk}/outcome", outcome).status_code == 404


def test_must_not_receive_is_404_on_every_call_and_audited(
    coordinator, police_rep, referral, meeting, item, action, today
):
    response = send(
        api(coordinator),
        f"/marac/referrals/{referral.pk}/must-not-receive",
        {"user_ids": [str(police_rep.user.pk)]},
        "put",
    )
    assert response.json()["details"]["must_not_receive_user_ids"] == [str(police_rep.user.pk)]
    client = api(police_rep)

    assert get(client, f"/marac/referrals/{referral.pk}").status_code == 404
    assert get(client, f"/marac/agenda-items/{item.pk}").status_code == 404
    research = send(client, f"/marac/agenda-items/{item.pk}/research", {"findings": "x"}, "put")
    assert research.status_code == 404
    outcome = {"completed": True, "outcome_on": today.isoformat()}
    assert send(client, f"/marac/actions/{action.pk}/outcome", outcome).status_code == 404
    assert get(client, f"/marac/meetings/{meeting.pk}/agenda").json() == []
    assert get(client, "/marac/actions").json()["items"] == []
    assert get(client, "/marac/meetings").json()["items"][0]["cases"] == 0
    assert AuditEvent.objects.filter(action="marac.access_refused").count() == 4


def test_the_coordinator_cannot_name_the_host_agency(coordinator, referral, council):
    response = send(
        api(coordinator),
        f"/marac/referrals/{referral.pk}/must-not-receive",
        {"agency_ids": [str(council.pk)]},
        "put",
    )

    assert fields(response) == {"agency_ids"}


# Meetings, agenda, research, actions --------------------------------------------------------


def test_the_whole_meeting_through_the_api(
    coordinator, police_rep, idva, referral, area, agency_a, agency_b, today
):
    coordinating = api(coordinator)
    scheduled = send(
        coordinating,
        "/marac/areas/riverford/meetings",
        {"meets_on": today.isoformat(), "agency_ids": [str(agency_a.pk), str(agency_b.pk)]},
    )
    assert scheduled.status_code == 201, scheduled.content
    meeting_id = scheduled.json()["id"]
    listed = send(
        coordinating, f"/marac/meetings/{meeting_id}/agenda", {"referral_id": str(referral.pk)}
    )
    assert listed.status_code == 201, listed.content
    item_id = listed.json()["id"]

    research = send(
        api(police_rep),
        f"/marac/agenda-items/{item_id}/research",
        {"findings": "Two call-outs"},
        "put",
    )
    assert research.status_code == 200 and research.json()["agency"] == "City Police"
    heard = send(
        coordinating, f"/marac/agenda-items/{item_id}/discussion", {"summary": "Plan"}, "put"
    )
    assert heard.json()["heard_at"] is not None
    no_agency = send(
        coordinating,
        f"/marac/agenda-items/{item_id}/actions",
        {"description": "Flag the address", "due_on": today.isoformat()},
    )
    assert fields(no_agency) == {"agency_id"}
    action = send(
        coordinating,
        f"/marac/agenda-items/{item_id}/actions",
        {
            "agency_id": str(agency_b.pk),
            "description": "Flag the address",
            "due_on": today.isoformat(),
        },
    )
    assert action.status_code == 201, action.content

    done = send(
        api(police_rep),
        f"/marac/actions/{action.json()['id']}/outcome",
        {"completed": True, "outcome_on": today.isoformat()},
    )

    assert done.json()["status"] == ActionStatus.COMPLETED
    assert MaracAction.objects.get().outcome_recorded_by == police_rep.user
    referral.refresh_from_db()
    assert referral.status == MaracStatus.HEARD
    followed = send(
        api(idva),
        f"/marac/referrals/{referral.pk}/follow-up",
        {"feels_safer": "yes", "followed_up_on": today.isoformat()},
    )
    assert followed.json()["details"]["feels_safer"] == "yes"


def test_only_the_coordinator_lists_and_only_representatives_research(
    police_rep, idva, coordinator, meeting, referral, item
):
    listing = send(
        api(police_rep), f"/marac/meetings/{meeting.pk}/agenda", {"referral_id": str(referral.pk)}
    )
    assert listing.status_code == 403
    research = send(
        api(coordinator), f"/marac/agenda-items/{item.pk}/research", {"findings": "x"}, "put"
    )
    assert research.status_code == 403
    assert get(api(idva), f"/marac/agenda-items/{item.pk}").status_code == 403


def test_research_after_the_meeting_is_refused(police_rep, heard):
    response = send(
        api(police_rep), f"/marac/agenda-items/{heard.pk}/research", {"findings": "x"}, "put"
    )

    assert fields(response) == {"body"}
    assert "has taken place" in response.json()["detail"][0]["message"]


def test_a_meeting_in_the_past_takes_no_new_case(coordinator, area, agency_a, referral, today):
    past = services.schedule_meeting(
        coordinator.user, area, meets_on=today - timedelta(days=1), agencies=[agency_a]
    )

    response = send(
        api(coordinator), f"/marac/meetings/{past.pk}/agenda", {"referral_id": str(referral.pk)}
    )

    assert fields(response) == {"meeting_id"}
