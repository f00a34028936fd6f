"""A restricted person's restriction travels with a referral (DOMAIN §13): at the receiving
agency the referral is for its service managers only, and the person's record there is
restricted to the workers named on accepting it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.cases.models import Case
from concord.people import services as people_services
from concord.people.models import Person
from concord.referrals import services
from concord.referrals.tests.test_api import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_referral(idva, case, safe_home, consent):
    people_services.set_access(idva.user, case.person, restricted=True, named_workers=[idva.user])
    return services.make_referral(
        idva.user, case, to_service=safe_home, summary="Needs a safe place.", consent=consent
    )


@pytest.fixture
def second_worker_c(agency_c):
    membership = MembershipFactory(agency=agency_c, role=Role.PRACTITIONER)
    enrol_authenticator(membership.user)
    return membership


def test_a_referral_remembers_whether_the_person_was_restricted(referral):
    assert not referral.person_restricted


def test_a_restricted_persons_referral_says_so(restricted_referral):
    assert restricted_referral.person_restricted


def test_only_the_receiving_managers_see_a_restricted_referral_before_it_is_accepted(
    signed_in, worker_c, manager_c, restricted_referral
):
    detail = reverse("referrals:detail", args=[restricted_referral.pk])
    accept = reverse("referrals:accept", args=[restricted_referral.pk])
    worker = signed_in(worker_c)

    assert worker.get(detail).status_code == 404
    assert worker.get(accept).status_code == 404
    assert worker.post(accept).status_code == 404
    assert "Ahmed" not in worker.get(reverse("referrals:inbox")).content.decode()
    manager = signed_in(manager_c)
    page = manager.get(detail)
    assert page.status_code == 200
    assert "Only named workers may see this person" in page.content.decode()
    assert "Ahmed" in manager.get(reverse("referrals:inbox")).content.decode()


def test_accepting_restricts_the_receiving_record_to_the_workers_named(
    signed_in, manager_c, worker_c, second_worker_c, restricted_referral
):
    manager = signed_in(manager_c)
    url = reverse("referrals:accept", args=[restricted_referral.pk])
    page = manager.get(url).content.decode()
    assert "Who else may see this person" in page
    assert second_worker_c.user.full_name in page

    response = manager.post(url, {"named_workers": [str(second_worker_c.user.pk)]})

    case = Case.objects.get(agency=manager_c.agency)
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    person = Person.objects.get(pk=case.person_id)
    assert person.is_restricted
    assert set(person.named_workers.all()) == {manager_c.user, second_worker_c.user}
    worker = signed_in(worker_c)  # a case worker of the agency who was not named
    assert worker.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert worker.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert worker.get(reverse("referrals:detail", args=[restricted_referral.pk])).status_code == 404
    named = signed_in(second_worker_c)
    assert named.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert named.get(reverse("referrals:detail", args=[restricted_referral.pk])).status_code == 200


def test_accepting_a_restricted_referral_restricts_someone_already_known(
    manager_c, agency_c, restricted_referral, person_a
):
    known = people_services.record_person(
        manager_c.user, agency_c, given_name="Sarah", family_name="Ahmed"
    )

    case = services.accept_referral(manager_c, restricted_referral, person=known)

    known.refresh_from_db()
    assert case.person == known and known.is_restricted
    assert list(known.named_workers.all()) == [manager_c.user]


def test_a_worker_of_another_agency_cannot_be_named(manager_c, idva, restricted_referral):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.accept_referral(manager_c, restricted_referral, named_workers=[idva.user])

    assert "named_workers" in error.value.error_dict
    assert not Case.objects.filter(agency=manager_c.agency).exists()


def test_an_unrestricted_referral_leaves_the_receiving_record_open(manager_c, referral):
    case = services.accept_referral(manager_c, referral)

    assert not Person.objects.get(pk=case.person_id).is_restricted


def test_the_api_accepts_with_named_workers_and_says_the_referral_is_restricted(
    manager_c, worker_c, second_worker_c, restricted_referral
):
    manager, worker = api(manager_c), api(worker_c)
    url = f"/api/v1/referrals/{restricted_referral.pk}"

    assert worker.get(url).status_code == 404
    assert manager.get(url).json()["person_restricted"] is True
    refused = manager.post(
        f"{url}/accept",
        json.dumps({"named_worker_ids": [str(manager_c.agency.pk)]}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "named_worker_ids" in refused.content.decode()

    accepted = manager.post(
        f"{url}/accept",
        json.dumps({"named_worker_ids": [str(second_worker_c.user.pk)]}),
        content_type="application/json",
    )

    assert accepted.status_code == 201
    person = Person.objects.get(pk=Case.objects.get(pk=accepted.json()["id"]).person_id)
    assert set(person.named_workers.all()) == {manager_c.user, second_worker_c.user}
