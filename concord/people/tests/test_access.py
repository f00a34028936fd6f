"""Restricting a record to named workers (DOMAIN §13): only service managers decide, only
case workers of the holding agency can be named, the record then disappears for everyone
else, and each change is audited (field names only)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.people import services

pytestmark = pytest.mark.django_db


def access(person) -> str:
    return reverse("people:access", args=[person.pk])


def test_a_manager_restricts_a_record_to_named_workers(signed_in, manager_a, idva, person_a):
    response = signed_in(manager_a).post(
        access(person_a), {"restricted": "yes", "named_workers": [str(manager_a.user.pk)]}
    )

    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.is_restricted
    assert list(person_a.named_workers.all()) == [manager_a.user]
    event = AuditEvent.objects.get(action="person.access_changed")
    assert event.changes == ["is_restricted", "named_workers"]
    assert signed_in(idva).get(reverse("people:detail", args=[person_a.pk])).status_code == 404
    page = signed_in(manager_a).get(reverse("people:detail", args=[person_a.pk]))
    assert "Restricted record: only its named workers can see it" in page.content.decode()


def test_a_manager_who_does_not_name_themselves_loses_sight_of_the_record(
    signed_in, manager_a, idva, person_a
):
    client = signed_in(manager_a)

    response = client.post(
        access(person_a), {"restricted": "yes", "named_workers": [str(idva.user.pk)]}
    )

    assert response["Location"] == reverse("people:list")
    assert client.get(reverse("people:detail", args=[person_a.pk])).status_code == 404
    assert signed_in(idva).get(reverse("people:detail", args=[person_a.pk])).status_code == 200


def test_opening_a_record_again_clears_its_named_workers(signed_in, manager_a, idva, person_a):
    services.set_access(manager_a.user, person_a, restricted=True, named_workers=[manager_a.user])

    signed_in(manager_a).post(access(person_a), {"restricted": "no"})

    person_a.refresh_from_db()
    assert not person_a.is_restricted
    assert not person_a.named_workers.exists()
    assert signed_in(idva).get(reverse("people:detail", args=[person_a.pk])).status_code == 200


def test_a_restricted_record_needs_a_named_worker(signed_in, manager_a, person_a):
    page = signed_in(manager_a).post(access(person_a), {"restricted": "yes"}).content.decode()

    assert "There is a problem" in page
    assert "Choose at least one worker who may see it" in page
    person_a.refresh_from_db()
    assert not person_a.is_restricted
    assert not AuditEvent.objects.filter(action="person.access_changed").exists()


def test_only_case_workers_of_the_holding_agency_can_be_named(
    signed_in, manager_a, manager_b, agency_admin_a, person_a
):
    client = signed_in(manager_a)

    form = client.get(access(person_a)).content.decode()
    other_agency = client.post(
        access(person_a), {"restricted": "yes", "named_workers": [str(manager_b.user.pk)]}
    )

    assert manager_a.user.full_name in form
    assert manager_b.user.full_name not in form
    assert agency_admin_a.user.full_name not in form  # no case-work role
    assert other_agency.status_code == 200
    assert "Select a valid choice" in other_agency.content.decode()
    person_a.refresh_from_db()
    assert not person_a.is_restricted


def test_the_service_refuses_a_worker_of_another_agency(manager_a, manager_b, person_a):
    with pytest.raises(services.ValidationError) as raised:
        services.set_access(
            manager_a.user, person_a, restricted=True, named_workers=[manager_b.user]
        )

    assert "named_workers" in raised.value.message_dict


@pytest.mark.parametrize("persona", ["idva", "police_rep", "commissioner", "analyst"])
def test_other_roles_may_not_restrict_records(request, signed_in, persona, person_a):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(access(person_a)).status_code == 403
    assert client.post(access(person_a), {"restricted": "no"}).status_code == 403


def test_another_agencys_person_is_404(signed_in, manager_b, person_a):
    client = signed_in(manager_b)

    assert client.get(access(person_a)).status_code == 404
    assert client.post(access(person_a), {"restricted": "yes"}).status_code == 404


def test_only_managers_are_offered_the_link(signed_in, manager_a, idva, person_a):
    link = access(person_a)

    assert (
        link
        in signed_in(manager_a).get(reverse("people:detail", args=[person_a.pk])).content.decode()
    )
    assert (
        link
        not in signed_in(idva).get(reverse("people:detail", args=[person_a.pk])).content.decode()
    )
