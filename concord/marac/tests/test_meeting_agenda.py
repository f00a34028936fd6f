"""A meeting's time and venue, and the coordinator adding several referrals waiting for a
meeting to its agenda at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.accounts.roles import Role
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.marac import services
from concord.marac.lifecycle import MaracStatus
from concord.marac.tests.conftest import member, open_case, referral_values
from concord.marac.tests.test_api import api
from concord.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_referral(idva, agency_a, help_point, area):
    case = open_case(idva, PersonFactory(agency=agency_a, given_name="Joan"), help_point)
    return services.refer_to_marac(idva.user, case, **referral_values(area))


def test_a_meeting_is_scheduled_with_its_time_and_venue(
    signed_in, coordinator, area, agency_a, today
):
    client = signed_in(coordinator)
    response = client.post(
        reverse("marac:schedule", args=[area.slug]),
        {
            **date_parts("meets_on", today),
            "starts_at": "09:30",
            "venue": "Riverford Civic Centre, room 2",
            "agencies": [agency_a.pk],
        },
    )

    meeting = area.meetings.get()
    assert (f"{meeting.starts_at:%H:%M}", meeting.venue) == (
        "09:30",
        "Riverford Civic Centre, room 2",
    )
    page = client.get(response.url).content.decode()
    assert "09:30" in page and "Riverford Civic Centre, room 2" in page


def test_a_time_that_is_not_a_time_is_refused_with_the_error_summary(
    signed_in, coordinator, area, agency_a, today
):
    response = signed_in(coordinator).post(
        reverse("marac:schedule", args=[area.slug]),
        {**date_parts("meets_on", today), "starts_at": "half nine", "agencies": [agency_a.pk]},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Enter the time like 09:30" in body
    assert not area.meetings.exists()


def test_changing_the_meeting_changes_its_time_and_venue(signed_in, coordinator, meeting, agency_a):
    signed_in(coordinator).post(
        reverse("marac:change-meeting", args=[meeting.pk]),
        {
            **date_parts("meets_on", meeting.meets_on),
            "starts_at": "14:00",
            "venue": "Online",
            "agencies": [agency_a.pk],
        },
    )

    meeting.refresh_from_db()
    assert (f"{meeting.starts_at:%H:%M}", meeting.venue) == ("14:00", "Online")
    changed = AuditEvent.objects.get(action="marac_meeting.changed")
    assert {"starts_at", "venue"} <= set(changed.changes)


def test_the_api_schedules_and_gives_the_time_and_venue(coordinator, area, agency_a, today):
    response = api(coordinator).post(
        f"/api/v1/marac/areas/{area.slug}/meetings",
        {
            "meets_on": today.isoformat(),
            "starts_at": "10:00",
            "venue": "Town hall",
            "agency_ids": [str(agency_a.pk)],
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["starts_at"], response.json()["venue"]) == ("10:00:00", "Town hall")


def test_several_referrals_are_added_to_the_agenda_at_once(
    signed_in, coordinator, meeting, referral, second_referral
):
    client = signed_in(coordinator)
    url = reverse("marac:add-to-agenda", args=[meeting.pk])
    form = client.get(url).content.decode()
    assert 'type="checkbox"' in form and "Joan" in form

    response = client.post(url, {"referrals": [referral.pk, second_referral.pk]}, follow=True)

    assert "2 referrals are on the agenda" in response.content.decode()
    assert set(meeting.items.values_list("referral", flat=True)) == {
        referral.pk,
        second_referral.pk,
    }
    for listed in (referral, second_referral):
        listed.refresh_from_db()
        assert listed.status == MaracStatus.LISTED
    assert AuditEvent.objects.filter(action="marac_referral.listed").count() == 2


def test_adding_none_shows_a_clear_error(signed_in, coordinator, meeting, referral):
    response = signed_in(coordinator).post(reverse("marac:add-to-agenda", args=[meeting.pk]), {})

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Select the referrals to add to the agenda" in body
    assert not meeting.items.exists()


def test_a_referral_already_listed_cannot_be_added_again(
    signed_in, coordinator, meeting, item, second_referral
):
    response = signed_in(coordinator).post(
        reverse("marac:add-to-agenda", args=[meeting.pk]),
        {"referrals": [item.referral_id, second_referral.pk]},
    )

    assert response.status_code == 200
    assert "Select referrals that are waiting for a meeting" in response.content.decode()
    assert meeting.items.count() == 1


def test_adding_to_the_agenda_is_403_for_a_practitioner_and_404_for_another_marac(
    signed_in, idva, agency_b, meeting, referral
):
    url = reverse("marac:add-to-agenda", args=[meeting.pk])

    assert signed_in(idva).get(url).status_code == 403
    other_coordinator = member(agency_b, Role.MARAC_COORDINATOR)
    client = signed_in(other_coordinator)
    assert client.get(url).status_code == 404
    assert client.post(url, {"referrals": [referral.pk]}).status_code == 404
    assert not meeting.items.exists()
