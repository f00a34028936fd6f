"""MARAC pages: agency scope (404) and roles (403) on every page, representatives seeing
only the MARAC summary of cases on their meetings' agendas, the must-not-receive list on
pages and exports (404, audited), the refer form and its refusals, the coordinator's and
the representative's work, and pinned query counts."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.accounts.roles import Role
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.marac import services
from concord.marac.lifecycle import ActionStatus, MaracStatus
from concord.marac.models import MaracReferral, Research
from concord.marac.repeats import add_months
from concord.marac.tests.conftest import member, open_case, referral_values
from concord.people import services as people_services
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SAFE_CONTACT = "07700 900123"


def text(response) -> str:
    return html.unescape(response.content.decode())


def referral_pages(referral):
    return [
        reverse("marac:referral", args=[referral.pk]),
        reverse("marac:must-not-receive", args=[referral.pk]),
        reverse("marac:list-on-agenda", args=[referral.pk]),
        reverse("marac:follow-up", args=[referral.pk]),
    ]


def meeting_pages(meeting):
    return [
        reverse("marac:meeting", args=[meeting.pk]),
        reverse("marac:change-meeting", args=[meeting.pk]),
        reverse("marac:agenda-csv", args=[meeting.pk]),
        reverse("marac:agenda-xlsx", args=[meeting.pk]),
    ]


def item_pages(item):
    return [
        reverse("marac:item", args=[item.pk]),
        reverse("marac:move", args=[item.pk]),
        reverse("marac:research", args=[item.pk]),
        reverse("marac:discussion", args=[item.pk]),
        reverse("marac:add-action", args=[item.pk]),
    ]


def every_page(case, referral, meeting, item, action, area):
    return [
        reverse("marac:home"),
        reverse("marac:refer", args=[case.pk]),
        reverse("marac:schedule", args=[area.slug]),
        reverse("marac:action-outcome", args=[action.pk]),
        *referral_pages(referral),
        *meeting_pages(meeting),
        *item_pages(item),
    ]


def refer_form(today, **changes):
    data = {
        **date_parts("referred_on", today),
        "criteria": ["visible_high_risk", "potential_escalation"],
        "score": "16",
        "risk_summary": "Strangled last week; threatened to kill her if she leaves.",
        "victim_fears": "Darren Cole, her ex-partner",
        "new_incident_criminal": "yes",
        "harm_given_name": "Darren",
        "harm_family_name": "Cole",
        "harm_date_of_birth-day": "1",
        "harm_date_of_birth-month": "7",
        "harm_date_of_birth-year": "1985",
        "children_count": "2",
        "children_details": "Amir, 4, and Layla, 7",
        "victim_knows": "yes",
        "victim_consented": "yes",
        "safe_contact": f"{SAFE_CONTACT} after 2pm",
    }
    return data | changes


# Roles and scope -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "system_admin", "agency_admin_a"])
def test_every_marac_page_is_403_for_roles_without_case_work(
    request, signed_in, persona, case, referral, meeting, item, action, area
):
    client = signed_in(request.getfixturevalue(persona))

    for url in every_page(case, referral, meeting, item, action, area):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert MaracReferral.objects.count() == 1


def test_an_unrelated_agencys_worker_cannot_reach_the_referral_or_refer_the_case(
    signed_in, worker_c, case, referral
):
    client = signed_in(worker_c)

    assert client.get(reverse("marac:referral", args=[referral.pk])).status_code == 404
    assert client.get(reverse("marac:refer", args=[case.pk])).status_code == 404
    assert client.post(reverse("marac:follow-up", args=[referral.pk]), {}).status_code == 404
    assert "Sarah" not in text(client.get(reverse("marac:home")))


def test_a_restricted_victims_referral_is_only_for_the_named_workers_at_the_referring_agency(
    signed_in, idva, manager_a, coordinator, person_a, referral
):
    people_services.set_access(manager_a.user, person_a, restricted=True, named_workers=[idva.user])
    url = reverse("marac:referral", args=[referral.pk])

    assert signed_in(manager_a).get(url).status_code == 404
    assert signed_in(idva).get(url).status_code == 200
    assert signed_in(coordinator).get(url).status_code == 200


def test_a_practitioner_cannot_coordinate_nor_attend(signed_in, idva, meeting, item, area):
    client = signed_in(idva)

    for url in [
        *meeting_pages(meeting),
        *item_pages(item),
        reverse("marac:schedule", args=[area.slug]),
    ]:
        assert client.get(url).status_code == 403, url


def test_a_representative_of_an_agency_not_attending_gets_404(
    signed_in, homes_rep, referral, meeting, item, action
):
    client = signed_in(homes_rep)

    for url in [
        reverse("marac:referral", args=[referral.pk]),
        *[u for u in meeting_pages(meeting) if "change" not in u],
        reverse("marac:item", args=[item.pk]),
        reverse("marac:research", args=[item.pk]),
        reverse("marac:action-outcome", args=[action.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_a_representative_does_not_see_a_case_before_it_is_listed(
    signed_in, police_rep, referral, meeting
):
    client = signed_in(police_rep)

    assert client.get(reverse("marac:referral", args=[referral.pk])).status_code == 404
    assert "Sarah" not in text(client.get(reverse("marac:meeting", args=[meeting.pk])))


def test_another_areas_coordinator_gets_404(signed_in, referral, meeting, item, agency_c):
    other = signed_in(member(agency_c, Role.MARAC_COORDINATOR))

    assert other.get(reverse("marac:referral", args=[referral.pk])).status_code == 404
    assert other.get(reverse("marac:meeting", args=[meeting.pk])).status_code == 404
    assert other.get(reverse("marac:item", args=[item.pk])).status_code == 404
    assert other.get(reverse("marac:must-not-receive", args=[referral.pk])).status_code == 404


def test_a_representative_sees_only_the_marac_summary_of_a_listed_case(
    signed_in, police_rep, referral, item
):
    client = signed_in(police_rep)

    for url in [
        reverse("marac:item", args=[item.pk]),
        reverse("marac:referral", args=[referral.pk]),
    ]:
        page = text(client.get(url))
        assert "Sarah Ahmed" in page and "Darren Cole" in page and "Amir, 4, and Layla, 7" in page
        assert "Strangled last week" in page
        assert SAFE_CONTACT not in page
        assert "consent" not in page.lower()
        assert reverse("cases:detail", args=[referral.case_id]) not in page
    reveal = reverse("marac:reveal-safe-contact", args=[referral.pk])
    assert client.post(reveal, {"reason": "emergency"}).status_code == 403


# Must not receive ----------------------------------------------------------------------------


def test_someone_who_must_not_receive_the_case_gets_404_everywhere_and_it_is_audited(
    signed_in, coordinator, police_rep, referral, meeting, item, action
):
    services.set_must_not_receive(coordinator, referral, users=[police_rep.user], agencies=[])
    client = signed_in(police_rep)

    for url in [
        reverse("marac:referral", args=[referral.pk]),
        reverse("marac:item", args=[item.pk]),
        reverse("marac:research", args=[item.pk]),
        reverse("marac:action-outcome", args=[action.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    refusals = AuditEvent.objects.filter(action="marac.access_refused", actor=police_rep.user)
    assert refusals.count() == 4
    assert set(refusals.values_list("reason", flat=True)) == {"must_not_receive"}
    assert "Sarah" not in text(client.get(reverse("marac:meeting", args=[meeting.pk])))
    assert "Sarah" not in text(client.get(reverse("marac:home")))
    export = client.get(reverse("marac:agenda-csv", args=[meeting.pk]))
    assert export.status_code == 200
    assert "Sarah" not in b"".join(export.streaming_content).decode()


def test_an_agency_that_must_not_receive_the_case_is_kept_out(
    signed_in, coordinator, police_rep, manager_b, referral, item, agency_b
):
    services.set_must_not_receive(coordinator, referral, users=[], agencies=[agency_b])

    assert signed_in(police_rep).get(reverse("marac:item", args=[item.pk])).status_code == 404


def test_the_coordinator_names_who_must_not_receive_the_case(
    signed_in, coordinator, police_rep, referral
):
    client = signed_in(coordinator)
    url = reverse("marac:must-not-receive", args=[referral.pk])
    assert str(police_rep.user) in text(client.get(url))

    response = client.post(url, {"users": [str(police_rep.user.pk)]})

    assert response.status_code == 302
    assert list(referral.must_not_receive_users.all()) == [police_rep.user]
    assert str(police_rep.user) in text(client.get(reverse("marac:referral", args=[referral.pk])))


# Referring -----------------------------------------------------------------------------------


def test_the_idva_refers_a_case_from_its_page(signed_in, idva, case, area, today):
    client = signed_in(idva)
    page = text(client.get(reverse("cases:detail", args=[case.pk])))
    assert "Refer to MARAC" in page

    response = client.post(reverse("marac:refer", args=[case.pk]), refer_form(today, area=area.pk))

    referral = MaracReferral.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "marac:referral", args=[referral.pk]
    )
    assert referral.criteria == ["visible_high_risk", "potential_escalation"]
    assert referral.score == 16 and referral.children_count == 2
    harm = referral.people_causing_harm.get()
    assert (str(harm), harm.date_of_birth.year) == ("Darren Cole", 1985)
    page = text(client.get(reverse("cases:detail", args=[case.pk])))
    assert "Riverford MARAC" in page and "Waiting for an agenda" in page


def test_the_refer_form_shows_why_it_is_refused(signed_in, idva, case, area, today, person_a):
    person_a.date_of_birth = add_months(today, -15 * 12)
    person_a.save()
    client = signed_in(idva)
    url = reverse("marac:refer", args=[case.pk])

    under_16 = text(client.post(url, refer_form(today, area=area.pk)))
    assert "There is a problem" in under_16 and "MARAC hears victims aged 16 or over" in under_16

    empty = text(client.post(url, {"area": area.pk}))
    for message in [
        "Select the MARAC criteria the case meets",
        "Enter the risk checklist score",
        "Name at least one person causing harm",
        "Select whether the victim knows of the referral",
    ]:
        assert message in empty
    half_named = text(client.post(url, refer_form(today, area=area.pk, harm_family_name="")))
    assert "Enter both names of the person causing harm" in half_named
    no_reason = text(client.post(url, refer_form(today, area=area.pk, victim_consented="no")))
    assert "Say why the referral is made without the victim&#x27;s consent" in html.escape(
        no_reason
    )
    assert not MaracReferral.objects.exists()


def test_the_safe_contact_is_hidden_until_revealed_with_a_reason(signed_in, idva, referral):
    client = signed_in(idva)
    url = reverse("marac:referral", args=[referral.pk])
    assert SAFE_CONTACT not in text(client.get(url))

    reveal = reverse("marac:reveal-safe-contact", args=[referral.pk])
    assert "Select why you need to see this" in text(client.post(reveal, {"reason": ""}))
    response = client.post(reveal, {"reason": "contacting_the_person"})

    assert response.status_code == 302
    assert SAFE_CONTACT in text(client.get(url))
    assert SAFE_CONTACT not in text(client.get(url))  # shown once
    assert AuditEvent.objects.filter(action="marac_referral.safe_contact_revealed").count() == 1


# The coordinator's and the representative's work -------------------------------------------


def test_the_coordinator_schedules_a_meeting_and_lists_the_referral(
    signed_in, coordinator, referral, area, agency_a, agency_b, today
):
    client = signed_in(coordinator)
    assert "Sarah Ahmed" in text(client.get(reverse("marac:home")))
    meets_on = today + timedelta(days=7)

    response = client.post(
        reverse("marac:schedule", args=[area.slug]),
        {**date_parts("meets_on", meets_on), "agencies": [agency_a.pk, agency_b.pk]},
    )
    meeting = area.meetings.get()
    assert response.url == reverse("marac:meeting", args=[meeting.pk])
    response = client.post(
        reverse("marac:list-on-agenda", args=[referral.pk]), {"meeting": meeting.pk}
    )

    assert response.url == reverse("marac:meeting", args=[meeting.pk])
    referral.refresh_from_db()
    assert referral.status == MaracStatus.LISTED
    assert "Sarah Ahmed" in text(client.get(response.url))


def test_a_meeting_without_agencies_is_refused(signed_in, coordinator, area, today):
    page = text(
        signed_in(coordinator).post(
            reverse("marac:schedule", args=[area.slug]), {**date_parts("meets_on", today)}
        )
    )

    assert "Select the agencies attending" in page
    assert not area.meetings.exists()


def test_the_representative_records_research_and_completes_an_action(
    signed_in, police_rep, item, coordinator, today, agency_b
):
    client = signed_in(police_rep)
    response = client.post(
        reverse("marac:research", args=[item.pk]), {"findings": "Three call-outs since May"}
    )
    assert response.url == reverse("marac:item", args=[item.pk])
    assert Research.objects.get().agency == agency_b

    services.record_discussion(coordinator.user, item, summary="Flag the address")
    action = services.assign_action(
        coordinator.user, item, agency=agency_b, description="Flag the address", due_on=today
    )
    assert "Record outcome" in text(client.get(reverse("marac:home")))
    response = client.post(
        reverse("marac:action-outcome", args=[action.pk]),
        {"outcome": "completed", **date_parts("outcome_on", today)},
    )

    assert response.url == reverse("marac:item", args=[item.pk])
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETED


def test_an_action_without_an_agency_is_refused_on_the_page(signed_in, coordinator, heard, today):
    page = text(
        signed_in(coordinator).post(
            reverse("marac:add-action", args=[heard.pk]),
            {"description": "Flag the address", **date_parts("due_on", today)},
        )
    )

    assert "Select the agency the action is assigned to" in page
    assert not heard.actions.exists()


def test_the_agenda_exports_the_marac_summary_only(signed_in, police_rep, meeting, item):
    response = signed_in(police_rep).get(reverse("marac:agenda-csv", args=[meeting.pk]))

    content = b"".join(response.streaming_content).decode()
    assert "Sarah Ahmed" in content and "Darren Cole" in content
    assert SAFE_CONTACT not in content
    event = AuditEvent.objects.filter(action="marac_meeting.exported").get()
    assert (event.actor, event.reason) == (police_rep.user, "csv")
    xlsx = signed_in(police_rep).get(reverse("marac:agenda-xlsx", args=[meeting.pk]))
    assert xlsx.status_code == 200


def test_the_meeting_page_takes_a_fixed_number_of_queries(
    signed_in, coordinator, meeting, item, idva, case, area, django_assert_num_queries
):
    client = signed_in(coordinator)
    url = reverse("marac:meeting", args=[meeting.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        person = PersonFactory(agency=case.agency, given_name=f"Victim{n}")
        other = open_case(idva, person, case.service)
        more = services.refer_to_marac(idva.user, other, **referral_values(area))
        services.list_on_agenda(coordinator.user, meeting, more)

    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


# Configuration -------------------------------------------------------------------------------


def test_a_system_administrator_changes_a_marac_population_and_it_is_audited(
    signed_in, system_admin, coordinator, area, council
):
    url = f"/admin/marac/maracarea/{area.pk}/change/"
    form = {
        "name": area.name,
        "slug": area.slug,
        "hosted_by": council.pk,
        "adult_female_population": "101500",
        "is_active": "on",
    }

    assert signed_in(coordinator).post(url, form).status_code == 403
    response = signed_in(system_admin).post(url, form)

    assert response.status_code == 302
    area.refresh_from_db()
    assert area.adult_female_population == 101500
    event = AuditEvent.objects.get(action="admin.changed")
    assert (event.actor, event.object_id, event.changes) == (
        system_admin.user,
        str(area.pk),
        ["adult_female_population"],
    )
