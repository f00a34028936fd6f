"""Children on a case at any service: the services' rules, the case page's Children section
and its pages (scope 404, role 403, errors, query counts), and the API."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import child_services, services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import CaseChild, ChildSupport
from concord.cases.tests.test_api import api
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.people import services as people_services
from concord.people.models import Person

pytestmark = pytest.mark.django_db

NEW_CHILD = {
    "given_name": "Leo",
    "family_name": "Ahmed",
    **date_parts("date_of_birth", "2019-09-04"),
    "sex": "male",
    "role": "child_of_victim",
}


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def case(idva, person_a, help_point):
    case = services.open_case(
        idva.user,
        person_a,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    return services.change_status(idva.user, case, CaseStatus.OPEN)


def new_child(idva, case, **details):
    values = {
        "given_name": "Amy",
        "family_name": "Ahmed",
        "date_of_birth": date(2016, 3, 27),
        "role": "child_of_victim",
    }
    return child_services.add_new_child(idva.user, case, **(values | details))


@pytest.fixture
def child(idva, case):
    return new_child(idva, case)


def child_pages(case, child, support):
    args = [case.pk, child.pk]
    return [
        (reverse("cases:add-child", args=[case.pk]), NEW_CHILD),
        (reverse("cases:child-needs", args=args), {"needs": ["health"]}),
        (
            reverse("cases:add-child-support", args=args),
            {"kind": "counselling", **date_parts("started_on", "2026-11-03")},
        ),
        (
            reverse("cases:end-child-support", args=[*args, support.pk]),
            date_parts("ended_on", "2026-11-20"),
        ),
    ]


@pytest.fixture
def support(idva, child):
    return child_services.start_child_support(
        idva.user, child, kind="one_to_one", started_on=date(2026, 11, 3)
    )


# Services ------------------------------------------------------------------------------------


def test_a_child_new_to_the_agency_is_a_person_of_their_own_on_any_case(idva, case):
    child = new_child(idva, case, sex="female")

    person = child.person
    assert person.agency == case.agency
    assert person.is_child_young_person
    assert (person.given_name, person.date_of_birth, person.sex) == (
        "Amy",
        date(2016, 3, 27),
        "female",
    )
    assert child.case == case and child.role == "child_of_victim"
    assert AuditEvent.objects.filter(action="case.child_added", object_id=str(case.pk)).exists()


def test_a_childs_date_of_birth_in_the_future_is_refused(idva, case):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        new_child(idva, case, date_of_birth=tomorrow)
    assert "date_of_birth" in refused.value.message_dict
    assert not CaseChild.objects.exists()
    assert not Person.objects.filter(given_name="Amy").exists()


def test_an_adults_record_cannot_be_a_child_on_a_case(idva, case, agency_a):
    adult = people_services.record_person(
        idva.user, agency_a, given_name="Dan", family_name="Ahmed", date_of_birth=date(1990, 1, 1)
    )
    with pytest.raises(ValidationError) as refused:
        child_services.add_child(idva.user, case, adult, role="child_of_victim")
    assert "under 18" in refused.value.message_dict["person"][0]
    assert not CaseChild.objects.exists()
    adult.refresh_from_db()
    assert not adult.is_child_young_person


def test_someone_of_another_agency_cannot_be_a_child_on_the_case(idva, case, person_b):
    with pytest.raises(ValidationError, match="your agency"):
        child_services.add_child(idva.user, case, person_b, role="child_of_victim")


def test_a_child_is_on_a_case_once(idva, case, child):
    with pytest.raises(ValidationError, match="already on this case"):
        child_services.add_child(idva.user, case, child.person, role="child_of_victim")


def test_children_are_recorded_only_on_a_live_case(idva, case):
    services.change_status(idva.user, case, CaseStatus.NOT_ENGAGED, "not_contactable")
    with pytest.raises(ValidationError, match="Reopen"):
        new_child(idva, case)


def test_needs_are_kept_in_the_lists_order_and_unknown_ones_refused(idva, child):
    child_services.record_child_needs(idva.user, child, needs=["young_carer", "health", "health"])
    child.refresh_from_db()
    assert child.needs == ["health", "young_carer"]
    with pytest.raises(ValidationError):
        child_services.record_child_needs(idva.user, child, needs=["astrology"])
    child.refresh_from_db()
    assert child.needs == ["health", "young_carer"]


def test_support_cannot_end_before_it_starts(idva, child, support):
    with pytest.raises(ValidationError) as refused:
        child_services.end_child_support(idva.user, support, ended_on=date(2026, 11, 2))
    assert "before it started" in refused.value.message_dict["ended_on"][0]
    support.refresh_from_db()
    assert support.ended_on is None
    with pytest.raises(ValidationError):
        child_services.start_child_support(
            idva.user,
            child,
            kind="group",
            started_on=date(2026, 11, 5),
            ended_on=date(2026, 11, 4),
        )
    assert ChildSupport.objects.count() == 1


def test_support_ends_once(idva, support):
    child_services.end_child_support(idva.user, support, ended_on=date(2026, 11, 20))
    with pytest.raises(ValidationError, match="already ended"):
        child_services.end_child_support(idva.user, support, ended_on=date(2026, 11, 21))


# Pages ---------------------------------------------------------------------------------------


def test_the_case_page_lists_each_child_with_age_needs_and_support(signed_in, idva, case, child):
    child_services.record_child_needs(idva.user, child, needs=["witnessed_abuse"])
    child_services.start_child_support(
        idva.user, child, kind="counselling", started_on=date(2026, 11, 3)
    )

    page = signed_in(idva).get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert ">Children</h2>" in page
    assert "Amy Ahmed" in page and "27 March 2016" in page
    assert "Saw or heard the abuse" in page
    assert "Counselling or therapy, from 3 November 2026 (ongoing)" in page
    assert reverse("cases:add-child", args=[case.pk]) in page
    assert "<title>Amy" not in page


def test_the_case_page_says_when_the_intake_count_differs(signed_in, idva, case, child):
    services.record_intake_profile(
        idva.user, case, assessed_on=date(2026, 11, 3), answers={}, number_of_children=3
    )
    client = signed_in(idva)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "The intake profile says 3 children; 1 is recorded here." in page

    new_child(idva, case, given_name="Ben")
    new_child(idva, case, given_name="Cara")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "The intake profile says" not in page


def test_a_worker_adds_a_new_child_records_needs_and_support_through_the_pages(
    signed_in, idva, case
):
    client = signed_in(idva)

    added = client.post(reverse("cases:add-child", args=[case.pk]), NEW_CHILD)
    assert added.status_code == 302, added.content.decode()
    child = CaseChild.objects.get(case=case)
    args = [case.pk, child.pk]
    client.post(reverse("cases:child-needs", args=args), {"needs": ["education", "health"]})
    client.post(
        reverse("cases:add-child-support", args=args),
        {"kind": "school_liaison", **date_parts("started_on", "2026-11-03"), "note": "Weekly"},
    )
    support = ChildSupport.objects.get()
    ended = client.post(
        reverse("cases:end-child-support", args=[*args, support.pk]),
        date_parts("ended_on", "2026-11-20"),
    )

    assert ended.status_code == 302
    child.refresh_from_db()
    support.refresh_from_db()
    assert child.person.given_name == "Leo" and child.needs == ["education", "health"]
    assert (support.kind, support.ended_on, support.note) == (
        "school_liaison",
        date(2026, 11, 20),
        "Weekly",
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"case_child.viewed", "case.child_needs_recorded", "case.child_support_ended"} <= actions


def test_the_add_child_page_shows_errors_and_saves_nothing(signed_in, idva, case):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = signed_in(idva).post(
        reverse("cases:add-child", args=[case.pk]),
        {**NEW_CHILD, **date_parts("date_of_birth", tomorrow)},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Date of birth must be today or in the past" in page
    assert not CaseChild.objects.exists()


def test_support_ending_before_it_starts_is_shown_against_the_field(
    signed_in, idva, case, child, support
):
    url = reverse("cases:end-child-support", args=[case.pk, child.pk, support.pk])
    page = signed_in(idva).post(url, date_parts("ended_on", "2026-11-01")).content.decode()

    assert "cannot be before it started" in page
    support.refresh_from_db()
    assert support.ended_on is None


def test_an_adult_chosen_as_a_child_is_refused_on_the_page(signed_in, idva, case, agency_a):
    adult = people_services.record_person(
        idva.user, agency_a, given_name="Dan", family_name="Ahmed", date_of_birth=date(1990, 1, 1)
    )
    people_services.relate(idva.user, case.person, adult, "parent")
    client = signed_in(idva)
    url = reverse("cases:add-child", args=[case.pk])

    assert str(adult.pk) not in client.get(url).content.decode()  # not offered
    response = client.post(url, {"person": str(adult.pk), "role": "child_of_victim"})
    assert response.status_code == 200
    assert not CaseChild.objects.exists()


def test_another_agency_gets_404_on_every_child_page(signed_in, worker_c, case, child, support):
    client = signed_in(worker_c)
    for url, body in child_pages(case, child, support):
        assert client.get(url).status_code == 404, url
        assert client.post(url, body).status_code == 404, url
    assert not ChildSupport.objects.exclude(ended_on=None).exists()


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a"])
def test_roles_without_case_work_get_403(request, signed_in, persona, case, child, support):
    client = signed_in(request.getfixturevalue(persona))
    for url, body in child_pages(case, child, support):
        assert client.get(url).status_code == 403, url
        assert client.post(url, body).status_code == 403, url


def test_a_restricted_child_is_only_for_their_named_workers(
    signed_in, idva, manager_a, case, child
):
    people_services.set_access(idva.user, child.person, restricted=True, named_workers=[idva.user])
    url = reverse("cases:child-needs", args=[case.pk, child.pk])

    assert signed_in(idva).get(url).status_code == 200
    assert signed_in(manager_a).get(url).status_code == 404
    page = signed_in(manager_a).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Amy Ahmed" not in page


def test_the_case_page_keeps_a_fixed_number_of_queries_as_children_grow(
    signed_in, idva, case, child, support, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    with django_assert_num_queries(27) as few:
        client.get(url)
    for name in ("Ben", "Cara", "Dee"):
        more = new_child(idva, case, given_name=name)
        child_services.record_child_needs(idva.user, more, needs=["health"])
        for kind in ("group", "counselling"):
            child_services.start_child_support(
                idva.user, more, kind=kind, started_on=date(2026, 11, 4)
            )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


# API -----------------------------------------------------------------------------------------


def test_children_and_their_support_through_the_api(idva, case):
    client = api(idva)
    base = f"/api/v1/cases/{case.pk}/children"

    made = client.post(
        base,
        {
            "given_name": "Amy",
            "family_name": "Ahmed",
            "approximate_age": 9,
            "role": "child_of_victim",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    child_id = made.json()["id"]
    assert made.json()["age"] == 9
    needs = client.put(
        f"{base}/{child_id}/needs", {"needs": ["behaviour"]}, content_type="application/json"
    )
    assert needs.json()["needs"] == ["behaviour"]
    support = client.post(
        f"{base}/{child_id}/support",
        {"kind": "group", "started_on": "2026-11-03"},
        content_type="application/json",
    )
    assert support.status_code == 201
    ended = client.post(
        f"{base}/{child_id}/support/{support.json()['id']}/end",
        {"ended_on": "2026-11-10"},
        content_type="application/json",
    )
    assert ended.json()["ended_on"] == "2026-11-10"

    listed = client.get(base).json()
    assert [(c["given_name"], c["needs"]) for c in listed] == [("Amy", ["behaviour"])]
    assert listed[0]["supports"][0]["kind"] == "group"
    assert client.get(f"{base}/{child_id}/support").json()[0]["ended_on"] == "2026-11-10"


def test_the_api_answers_bad_input_with_field_errors(idva, case, child, support, agency_a):
    client = api(idva)
    base = f"/api/v1/cases/{case.pk}/children"
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    future = client.post(
        base,
        {
            "given_name": "Amy",
            "family_name": "Ahmed",
            "date_of_birth": tomorrow,
            "role": "child_of_victim",
        },
        content_type="application/json",
    )
    no_name = client.post(base, {"role": "child_of_victim"}, content_type="application/json")
    adult = people_services.record_person(
        idva.user, agency_a, given_name="Dan", family_name="Ahmed", date_of_birth=date(1990, 1, 1)
    )
    grown = client.post(
        base,
        {"person_id": str(adult.pk), "role": "child_of_victim"},
        content_type="application/json",
    )
    backwards = client.post(
        f"{base}/{child.pk}/support/{support.pk}/end",
        {"ended_on": "2026-11-01"},
        content_type="application/json",
    )
    unknown_need = client.put(
        f"{base}/{child.pk}/needs", {"needs": ["astrology"]}, content_type="application/json"
    )

    for response, field in [
        (future, "date_of_birth"),
        (no_name, "given_name"),
        (grown, "person_id"),
        (backwards, "ended_on"),
        (unknown_need, "needs"),
    ]:
        assert response.status_code == 422, response.content
        assert field in response.content.decode(), response.content
    assert CaseChild.objects.count() == 1


def test_the_api_is_404_for_another_agency_and_403_for_a_commissioner(
    worker_c, commissioner, case, child
):
    base = f"/api/v1/cases/{case.pk}/children"
    assert api(worker_c).get(base).status_code == 404
    assert api(worker_c).get(f"{base}/{child.pk}/support").status_code == 404
    body = {"given_name": "X", "family_name": "Y", "role": "child_of_victim"}
    assert api(worker_c).post(base, body, content_type="application/json").status_code == 404
    assert api(commissioner).get(base).status_code == 403
    assert api(commissioner).post(base, body, content_type="application/json").status_code == 403
