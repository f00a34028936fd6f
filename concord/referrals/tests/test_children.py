"""Children go with a referral: the referrer chooses them from the case, the receiving side
sees what is shared about them, and accepting makes each a child of the victim on the new
case, a person of the receiving agency."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import child_services
from concord.cases import services as case_services
from concord.cases.models import CaseChild
from concord.core.models import AuditEvent
from concord.people import services as people_services
from concord.referrals import services
from concord.referrals.models import Referral, ReferredChild
from concord.referrals.tests.test_api import api, post
from concord.referrals.tests.test_pages import refer_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def amy(idva, case):
    return child_services.add_new_child(
        idva.user,
        case,
        given_name="Amy",
        family_name="Ahmed",
        date_of_birth=date(2016, 3, 27),
        sex="female",
        role="child_of_victim",
    )


@pytest.fixture
def leo(idva, case):
    return child_services.add_new_child(
        idva.user,
        case,
        given_name="Leo",
        family_name="Ahmed",
        approximate_age=4,
        role="child_of_victim",
    )


def refer_with(idva, case, safe_home, consent, children):
    return services.make_referral(
        idva.user,
        case,
        to_service=safe_home,
        summary="Mother and two children need a refuge space.",
        consent=consent,
        children=children,
    )


def test_a_referral_carries_two_children_into_the_case_it_creates(
    idva, worker_c, case, safe_home, consent, amy, leo
):
    referral = refer_with(idva, case, safe_home, consent, [amy, leo])
    shared = list(referral.children.values_list("given_name", "date_of_birth", "approximate_age"))
    assert shared == [("Amy", date(2016, 3, 27), None), ("Leo", None, 4)]

    created = services.accept_referral(worker_c, referral)

    children = list(CaseChild.objects.filter(case=created).select_related("person"))
    assert sorted(child.person.given_name for child in children) == ["Amy", "Leo"]
    for child in children:
        assert child.role == "child_of_victim"
        assert child.agency == worker_c.agency
        assert child.person.agency == worker_c.agency
        assert child.person.is_child_young_person
        assert child.person.pk not in (amy.person_id, leo.person_id)  # linked, never shared
    by_name = {child.person.given_name: child.person for child in children}
    joined = {r.case_child.person_id: r.received_person for r in referral.children.all()}
    assert joined == {amy.person_id: by_name["Amy"], leo.person_id: by_name["Leo"]}
    assert by_name["Amy"].sex == "female"
    assert by_name["Leo"].age_on(date.today()) == 4
    assert (
        AuditEvent.objects.filter(
            action="case.child_added", object_id=str(created.pk), agency=worker_c.agency
        ).count()
        == 2
    )


def test_a_referral_without_children_adds_none(idva, worker_c, case, safe_home, consent, amy):
    referral = refer_with(idva, case, safe_home, consent, [])
    created = services.accept_referral(worker_c, referral)
    assert not CaseChild.objects.filter(case=created).exists()


def test_a_child_of_another_case_cannot_go_with_the_referral(
    idva, case, safe_home, consent, help_point, agency_a
):
    sister = people_services.record_person(idva.user, agency_a, given_name="Jo", family_name="Lee")
    other_case = case_services.open_case(
        idva.user,
        sister,
        help_point,
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=case.referred_at,
    )
    stranger = child_services.add_new_child(
        idva.user, other_case, given_name="Kai", family_name="Lee", role="child_of_victim"
    )
    with pytest.raises(ValidationError) as refused:
        refer_with(idva, case, safe_home, consent, [stranger])
    assert "children" in refused.value.message_dict
    assert not Referral.objects.exists() and not ReferredChild.objects.exists()


def test_a_restricted_child_stays_restricted_at_the_receiving_agency(
    idva, worker_c, case, safe_home, consent, amy
):
    people_services.set_access(idva.user, amy.person, restricted=True, named_workers=[idva.user])
    referral = refer_with(idva, case, safe_home, consent, [amy])

    created = services.accept_referral(worker_c, referral)

    person = CaseChild.objects.get(case=created).person
    assert person.is_restricted
    assert list(person.named_workers.all()) == [worker_c.user]


def test_within_one_agency_the_same_child_is_on_both_cases(idva, manager_a, case, consent, amy):
    refuge = add_service(None, case.agency, name="Refuge", kind=ServiceKind.REFUGE)
    referral = services.make_referral(
        idva.user,
        case,
        to_service=refuge,
        summary="Refuge space.",
        safeguarding_basis="serious_risk_of_harm",
        safeguarding_reason="Threats to kill",
        children=[amy],
    )

    created = services.accept_referral(manager_a, referral)

    assert CaseChild.objects.get(case=created).person == amy.person


# Pages and API -------------------------------------------------------------------------------


def test_the_referrer_chooses_children_and_the_receiver_sees_them(
    signed_in, idva, worker_c, case, safe_home, today, amy, leo
):
    client = signed_in(idva)
    url = reverse("referrals:refer", args=[case.pk])
    form = client.get(url).content.decode()
    assert "Which children go with the person?" in form
    assert "Amy Ahmed, born 27 March 2016, female" in form

    response = client.post(url, refer_form(safe_home, today, children=[str(amy.pk), str(leo.pk)]))

    referral = Referral.objects.get()
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    page = signed_in(worker_c).get(reverse("referrals:detail", args=[referral.pk]))
    body = page.content.decode()
    assert "Children going with them" in body
    assert "Amy Ahmed, born 27 March 2016, female" in body
    assert "Leo Ahmed, aged about 4" in body


def test_a_child_not_on_the_case_is_refused_on_the_page(
    signed_in, idva, case, safe_home, today, amy
):
    response = signed_in(idva).post(
        reverse("referrals:refer", args=[case.pk]),
        refer_form(safe_home, today, children=["not-a-child"]),
    )
    assert response.status_code == 200
    assert "Select children on this case" in response.content.decode()
    assert not Referral.objects.exists()


def test_the_referral_api_takes_and_shows_children(
    idva, worker_c, case, safe_home, consent, amy, leo
):
    made = post(
        api(idva),
        f"/cases/{case.pk}/referrals",
        {
            "to_service_id": str(safe_home.pk),
            "summary": "Refuge space for three.",
            "consent_id": str(consent.pk),
            "child_ids": [str(amy.pk), str(leo.pk)],
        },
    )
    assert made.status_code == 201, made.content
    assert [child["given_name"] for child in made.json()["children"]] == ["Amy", "Leo"]
    inbox = api(worker_c).get("/api/v1/referrals/inbox").json()["items"]
    assert [c["approximate_age"] for c in inbox[0]["children"]] == [None, 4]

    accepted = post(api(worker_c), f"/referrals/{made.json()['id']}/accept")
    assert accepted.status_code == 201
    children = api(worker_c).get(f"/api/v1/cases/{accepted.json()['id']}/children").json()
    assert sorted(child["given_name"] for child in children) == ["Amy", "Leo"]


def test_the_referral_api_refuses_a_child_not_on_the_case(idva, case, safe_home, consent):
    made = post(
        api(idva),
        f"/cases/{case.pk}/referrals",
        {
            "to_service_id": str(safe_home.pk),
            "summary": "Refuge space.",
            "consent_id": str(consent.pk),
            "child_ids": ["6f1c1b1e-0000-4000-8000-000000000000"],
        },
    )
    assert made.status_code == 422
    assert "child_ids" in made.content.decode()
    assert not Referral.objects.exists()
