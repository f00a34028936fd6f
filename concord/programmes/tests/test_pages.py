"""Family-service and perpetrator-programme pages: scope (404) and roles (403) on every
page and form, cases at other kinds of service refused with a clear message, forms with
their errors in the GOV.UK error summary and nothing saved, search before adding a child,
and pinned query counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts, date_shown
from concord.people import services as people_services
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory
from concord.programmes import services
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)
from concord.programmes.presenters import PROGRAMME_SECTIONS
from concord.programmes.tests.factories import FamilyCaseFactory
from concord.programmes.views.perpetrator import SECTIONS

pytestmark = pytest.mark.django_db

NEW_CHILD = {
    "given_name": "Leo",
    "family_name": "Ahmed",
    "date_of_birth-day": "4",
    "date_of_birth-month": "9",
    "date_of_birth-year": "2019",
    "sex": "male",
    "role": "child_of_victim",
}
RISK = {**date_parts("assessed_on", "2026-11-03"), "level": "high"}
CONCERNS = {
    **date_parts("asked_on", "2026-11-04"),
    "self_harm": "yes",
    "suicidal_feelings": "no",
    "forced_marriage_risk": "not_known",
    "using_violence_at_home": "no",
}
SESSIONS = {
    "kind": "creche",
    "sessions_attended": "4",
    **date_parts("first_session_on", "2026-11-03"),
    **date_parts("last_session_on", "2026-11-17"),
}
PROGRAMME_POSTS = {
    "referral": {**date_parts("referral_received_on", "2026-11-02")},
    "assessment": {
        **date_parts("assessment_on", "2026-11-05"),
        "assessment_attendance": "attended",
        "assessment_outcome": "suitable",
    },
    "sessions": {"sessions_offered": "12", "sessions_attended": "10"},
    "completion": {"completion": "completed", **date_parts("completion_on", "2026-11-20")},
    "children-and-needs": {
        "complex_needs": "yes",
        "has_children": "yes",
        "number_of_children": "2",
        "child_protection_threshold": "no",
    },
    "partner-support": {"partner_support_offered": "yes", "partner_prior_support": "no"},
    "onward-referrals": {
        **date_parts("referred_to_idva_on", "2026-11-06"),
        **date_parts("referred_to_marac_on", ""),
    },
}


def family_pages(case, child) -> list[tuple[str, dict[str, str]]]:
    """Every family-service page and form of a case, with a valid POST body for each."""
    args = [case.pk, child.pk]
    return [
        (reverse("programmes:family", args=[case.pk]), {}),
        (reverse("programmes:add-child", args=[case.pk]), NEW_CHILD),
        (reverse("programmes:child-risk-assessment", args=args), RISK),
        (reverse("programmes:child-concerns", args=args), CONCERNS),
        (reverse("programmes:child-sessions", args=args), SESSIONS),
    ]


def programme_pages(case) -> list[tuple[str, dict[str, str]]]:
    """Every perpetrator-programme page and form of a case, in the order the work happens,
    with a valid POST body for each."""
    return [
        (reverse("programmes:perpetrator", args=[case.pk]), {}),
        *[
            (reverse("programmes:perpetrator-section", args=[case.pk, slug]), PROGRAMME_POSTS[slug])
            for slug, _ in PROGRAMME_SECTIONS
        ],
    ]


@pytest.fixture
def all_pages(family_case, child, programme_case):
    return family_pages(family_case, child) + programme_pages(programme_case)


def nothing_saved_but_the_child(child) -> None:
    assert list(CaseChild.objects.all()) == [child]
    assert not ChildRiskAssessment.objects.exists()
    assert not ChildAttendance.objects.exists()
    assert not ProgrammeRecord.objects.exists()
    child.refresh_from_db()
    assert child.self_harm == "not_known"


def test_every_section_has_a_form_and_a_test_body():
    slugs = [slug for slug, _ in PROGRAMME_SECTIONS]
    assert set(SECTIONS) == set(slugs) == set(PROGRAMME_POSTS)


# Who may see what ----------------------------------------------------------------------------


def test_every_page_and_form_is_404_for_another_agency(
    signed_in, police_rep, worker_c, all_pages, child
):
    for persona in (police_rep, worker_c):
        client = signed_in(persona)
        for url, body in all_pages:
            response = client.get(url)
            assert response.status_code == 404, url
            page = response.content.decode()
            # As whole words: a random form token may hold "Amy" among its letters.
            assert not re.search(r"\b(Sarah|Amy|Daniel)\b", page), url
            assert client.post(url, body).status_code == 404, url
    nothing_saved_but_the_child(child)


@pytest.mark.parametrize("persona", ["commissioner", "analyst", "agency_admin_a", "system_admin"])
def test_every_page_and_form_is_403_for_roles_without_case_data(
    request, signed_in, persona, all_pages, child
):
    client = signed_in(request.getfixturevalue(persona))

    for url, body in all_pages:
        assert client.get(url).status_code == 403, url
        assert client.post(url, body).status_code == 403, url
    nothing_saved_but_the_child(child)


def test_a_child_on_another_case_is_404_on_this_cases_forms(signed_in, idva, family_case, child):
    other_case = FamilyCaseFactory(agency=family_case.agency, person=family_case.person)
    client = signed_in(idva)

    for url, body in family_pages(other_case, child)[2:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, body).status_code == 404, url
    nothing_saved_but_the_child(child)


def test_a_restricted_child_is_shown_only_to_their_named_workers(
    signed_in, idva, manager_a, family_case, child
):
    person = child.person
    person.is_restricted = True
    person.save()
    person.named_workers.add(manager_a.user)

    hidden = signed_in(idva)
    page = hidden.get(reverse("programmes:family", args=[family_case.pk])).content.decode()
    assert not re.search(r"\bAmy\b", page)
    for url, body in family_pages(family_case, child)[2:]:
        assert hidden.get(url).status_code == 404, url
        assert hidden.post(url, body).status_code == 404, url

    named = signed_in(manager_a)
    assert (
        "Amy Ahmed"
        in named.get(reverse("programmes:family", args=[family_case.pk])).content.decode()
    )


# Cases at other kinds of service ------------------------------------------------------------


def test_family_pages_of_a_case_at_another_kind_of_service_say_why_and_save_nothing(
    signed_in, idva, help_point_case, programme_case, child
):
    client = signed_in(idva)

    for case in (help_point_case, programme_case):
        for url, body in family_pages(case, child):
            response = client.get(url)
            assert response.status_code == 404, url
            page = response.content.decode()
            assert "Family service records are kept on cases at a family service" in page
            assert f"Case {case.reference} is at {case.service.name}" in page
            assert client.post(url, body).status_code == 404, url
    nothing_saved_but_the_child(child)


def test_programme_pages_of_a_case_at_another_kind_of_service_say_why_and_save_nothing(
    signed_in, idva, help_point_case, family_case
):
    client = signed_in(idva)

    for case in (help_point_case, family_case):
        for url, body in programme_pages(case):
            response = client.get(url)
            assert response.status_code == 404, url
            assert "Perpetrator programme records are kept on cases at a perpetrator programme" in (
                response.content.decode()
            )
            assert client.post(url, body).status_code == 404, url
    assert not ProgrammeRecord.objects.exists()


def test_unknown_programme_section_is_404(signed_in, idva, programme_case):
    url = reverse("programmes:perpetrator-section", args=[programme_case.pk, "graduation"])

    assert signed_in(idva).get(url).status_code == 404


# Family service ------------------------------------------------------------------------------


def test_every_family_form_saves_and_returns_to_the_family_page(
    signed_in, idva, family_case, child
):
    client = signed_in(idva)
    family_url = reverse("programmes:family", args=[family_case.pk])

    for url, body in family_pages(family_case, child)[1:]:
        response = client.post(url, body)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
        assert response["Location"] == family_url

    leo = CaseChild.objects.get(person__given_name="Leo")
    assert leo.person.date_of_birth == date(2019, 9, 4) and leo.person.sex == "male"
    child.refresh_from_db()
    assert child.self_harm == "yes" and child.suicidal_feelings == "no"
    page = client.get(family_url).content.decode()
    assert "Leo Ahmed" in page and "Amy Ahmed" in page
    assert "High on 3 November 2026, by " in page
    assert "Crèche: 4 sessions, 3 November 2026 to 17 November 2026" in page
    assert "Concerns last asked" in page and "4 November 2026" in page


def test_family_page_before_anything_is_recorded(signed_in, idva, family_case):
    page = signed_in(idva).get(reverse("programmes:family", args=[family_case.pk])).content.decode()

    assert "No children or young people are on this case yet" in page
    assert reverse("programmes:add-child", args=[family_case.pk]) in page


def test_adding_a_child_with_nothing_entered_is_explained(signed_in, idva, family_case):
    before = Person.objects.count()

    body = (
        signed_in(idva)
        .post(reverse("programmes:add-child", args=[family_case.pk]), {})
        .content.decode()
    )

    assert "There is a problem" in body
    assert "Enter the child&#39;s given name" in body
    assert "Select how the child is involved" in body
    assert Person.objects.count() == before
    assert not CaseChild.objects.exists()


def test_a_child_too_old_for_the_role_is_explained_against_the_role(signed_in, idva, family_case):
    body = (
        signed_in(idva)
        .post(
            reverse("programmes:add-child", args=[family_case.pk]),
            {**NEW_CHILD, "role": "own_relationship_13_to_15"},
        )
        .content.decode()
    )

    assert "There is a problem" in body
    assert 'href="#id_role"' in body
    assert "Leo Ahmed is 7: this role is for young people aged 13 to 15" in body
    assert not Person.objects.filter(given_name="Leo").exists()


def test_the_case_persons_children_are_offered_without_searching(
    signed_in, idva, family_case, person_a, agency_a
):
    amy = PersonFactory(
        agency=agency_a, given_name="Amy", family_name="Ahmed", date_of_birth=date(2016, 3, 27)
    )
    partner = PersonFactory(agency=agency_a, given_name="Mark", family_name="Ahmed")
    sister = PersonFactory(agency=agency_a, given_name="Nadia", family_name="Ahmed")
    people_services.relate(idva.user, person_a, amy, "parent")
    people_services.relate(idva.user, person_a, partner, "ex_partner")
    people_services.relate(idva.user, person_a, sister, "sibling")
    client = signed_in(idva)
    url = reverse("programmes:add-child", args=[family_case.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"person": str(amy.pk), "role": "child_of_victim"})

    assert "Amy Ahmed, child of Sarah Ahmed, born 27 March 2016" in page
    assert "Mark Ahmed" not in page and "Nadia Ahmed" not in page  # adults
    assert response.status_code == 302
    assert CaseChild.objects.get().person == amy
    assert Person.objects.filter(given_name="Amy").count() == 1


def test_someone_else_is_searched_for_before_being_added(signed_in, idva, family_case, agency_a):
    recorded = PersonFactory(
        agency=agency_a, given_name="Leo", family_name="Ahmed", date_of_birth=date(2019, 9, 4)
    )
    client = signed_in(idva)
    url = reverse("programmes:add-child", args=[family_case.pk])

    first = client.post(url, NEW_CHILD).content.decode()
    unanswered = client.post(url, {**NEW_CHILD, "matches_shown": "yes"}).content.decode()
    chosen = client.post(url, {**NEW_CHILD, "matches_shown": "yes", "match": str(recorded.pk)})

    assert "Your agency may already have a record of this child" in first
    assert "Leo Ahmed, born 4 September 2019" in first
    assert "There is a problem" not in first
    assert "Select one of the people already recorded, or add someone new" in unanswered
    assert chosen.status_code == 302
    assert CaseChild.objects.get().person == recorded
    assert Person.objects.filter(given_name="Leo").count() == 1
    assert AuditEvent.objects.filter(action="people.searched", actor=idva.user).exists()


def test_someone_new_is_added_once_the_worker_confirms_none_match(
    signed_in, idva, family_case, agency_a
):
    PersonFactory(
        agency=agency_a, given_name="Leo", family_name="Ahmed", date_of_birth=date(2019, 9, 4)
    )
    client = signed_in(idva)
    url = reverse("programmes:add-child", args=[family_case.pk])

    response = client.post(url, {**NEW_CHILD, "matches_shown": "yes", "match": "new"})

    assert response.status_code == 302
    assert Person.objects.filter(given_name="Leo").count() == 2
    assert CaseChild.objects.get().person.is_child_young_person


def test_a_risk_assessment_in_the_future_is_explained_and_nothing_saved(
    signed_in, idva, family_case, child
):
    url = reverse("programmes:child-risk-assessment", args=[family_case.pk, child.pk])

    body = (
        signed_in(idva)
        .post(url, {**date_parts("assessed_on", "2099-01-01"), "level": "high"})
        .content.decode()
    )

    assert "There is a problem" in body
    assert 'href="#id_assessed_on"' in body
    assert "The date of the assessment must be today or in the past" in body
    assert not ChildRiskAssessment.objects.exists()


def test_sessions_before_the_referral_are_explained_and_nothing_saved(
    signed_in, idva, family_case, child
):
    url = reverse("programmes:child-sessions", args=[family_case.pk, child.pk])

    body = (
        signed_in(idva)
        .post(
            url,
            {**SESSIONS, **date_parts("first_session_on", "2026-10-01"), "sessions_attended": "0"},
        )
        .content.decode()
    )

    assert "There is a problem" in body
    assert "The date of the first session cannot be before the case was referred" in body
    assert "Enter the number of sessions attended, 1 or more" in body
    assert not ChildAttendance.objects.exists()


def test_concerns_show_what_was_recorded_when_changed(signed_in, idva, family_case, child):
    services.record_child_flags(idva.user, child, asked_on=date(2026, 11, 4), self_harm="yes")
    url = reverse("programmes:child-concerns", args=[family_case.pk, child.pk])

    page = signed_in(idva).get(url).content.decode()

    assert 'name="self_harm" type="radio" value="yes" checked' in page
    assert date_shown(page, "asked_on", date(2026, 11, 4))


def test_a_closed_case_shows_no_forms_and_refuses_posts(signed_in, idva, family_case, child):
    from concord.cases import services as case_services

    case_services.change_status(idva.user, family_case, "declined", "duplicate")
    client = signed_in(idva)

    page = client.get(reverse("programmes:family", args=[family_case.pk])).content.decode()
    body = client.post(
        reverse("programmes:child-risk-assessment", args=[family_case.pk, child.pk]), RISK
    ).content.decode()

    assert "Add a child or young person" not in page
    assert "Add a risk assessment" not in page
    assert "Reopen it to record more" in page
    assert "Reopen the case before recording family service work" in body
    assert not ChildRiskAssessment.objects.exists()


def test_family_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, family_case, child, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("programmes:family", args=[family_case.pk])
    client.get(url)
    with django_assert_num_queries(15) as few:
        client.get(url)
    for number in range(5):
        more = services.add_new_child(
            idva.user,
            family_case,
            given_name=f"Child{number}",
            family_name="Ahmed",
            approximate_age=number + 2,
            role="child_of_victim",
        )
        services.record_child_risk_assessment(
            idva.user, more, assessed_on=date(2026, 11, 3), level="medium"
        )
        services.record_child_attendance(
            idva.user, more, kind="group", sessions_attended=2, first_session_on=date(2026, 11, 3)
        )
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


# Perpetrator programme -----------------------------------------------------------------------


def test_every_programme_form_saves_and_returns_to_the_programme_page(
    signed_in, idva, programme_case
):
    client = signed_in(idva)
    programme_url = reverse("programmes:perpetrator", args=[programme_case.pk])

    for url, body in programme_pages(programme_case)[1:]:
        response = client.post(url, body)
        assert response.status_code == 302, (url, response.content.decode()[:3000])
        assert response["Location"] == programme_url

    record = ProgrammeRecord.objects.get()
    assert (record.sessions_offered, record.sessions_attended) == (12, 10)
    assert record.completion_on == date(2026, 11, 20)
    page = client.get(programme_url).content.decode()
    assert "Suitable for the programme" in page
    assert "20 November 2026" in page
    assert "Yes: 2" in page
    assert "6 November 2026" in page and "Not referred" in page


def test_programme_page_before_anything_is_recorded(signed_in, idva, programme_case):
    client = signed_in(idva)

    page = client.get(reverse("programmes:perpetrator", args=[programme_case.pk])).content.decode()
    form = client.get(
        reverse("programmes:perpetrator-section", args=[programme_case.pk, "referral"])
    ).content.decode()

    assert "2 November 2026" in page  # received when the case was referred, until changed
    assert 'Record<span class="govuk-visually-hidden"> (Assessment)</span>' in page
    assert date_shown(form, "referral_received_on", date(2026, 11, 2))
    assert not ProgrammeRecord.objects.exists()


def test_attended_more_than_offered_is_explained_and_nothing_saved(signed_in, idva, programme_case):
    client = signed_in(idva)
    client.post(
        reverse("programmes:perpetrator-section", args=[programme_case.pk, "assessment"]),
        PROGRAMME_POSTS["assessment"],
    )

    body = client.post(
        reverse("programmes:perpetrator-section", args=[programme_case.pk, "sessions"]),
        {"sessions_offered": "4", "sessions_attended": "5"},
    ).content.decode()

    assert "There is a problem" in body
    assert 'href="#id_sessions_attended"' in body
    assert "Sessions attended cannot be more than sessions offered" in body
    assert ProgrammeRecord.objects.get().sessions_offered == 0


def test_an_assessment_before_the_referral_is_explained_and_nothing_saved(
    signed_in, idva, programme_case
):
    url = reverse("programmes:perpetrator-section", args=[programme_case.pk, "assessment"])

    body = (
        signed_in(idva)
        .post(url, {**PROGRAMME_POSTS["assessment"], **date_parts("assessment_on", "2026-11-01")})
        .content.decode()
    )

    assert "There is a problem" in body
    assert "The assessment cannot be before the referral was received" in body
    assert not ProgrammeRecord.objects.exists()


def test_completion_before_the_assessment_is_explained_and_nothing_saved(
    signed_in, idva, programme_case
):
    client = signed_in(idva)
    client.post(
        reverse("programmes:perpetrator-section", args=[programme_case.pk, "assessment"]),
        PROGRAMME_POSTS["assessment"],
    )

    body = client.post(
        reverse("programmes:perpetrator-section", args=[programme_case.pk, "completion"]),
        {"completion": "left_early", **date_parts("completion_on", "2026-11-04")},
    ).content.decode()

    assert "There is a problem" in body
    assert "The date completed or left cannot be before the assessment" in body
    assert "Select why the person left early" in body
    assert ProgrammeRecord.objects.get().completion == ""


def test_a_date_in_the_future_is_explained(signed_in, idva, programme_case):
    url = reverse("programmes:perpetrator-section", args=[programme_case.pk, "onward-referrals"])

    body = (
        signed_in(idva)
        .post(url, {**date_parts("referred_to_marac_on", "2099-01-01")})
        .content.decode()
    )

    assert "The date referred to MARAC must be today or in the past" in body
    assert not ProgrammeRecord.objects.exists()


def test_programme_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, programme_case, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("programmes:perpetrator", args=[programme_case.pk])
    client.get(url)
    with django_assert_num_queries(12) as few:
        client.get(url)
    counted = len(few.captured_queries)  # read now: each request clears Django's query log
    for slug, body in PROGRAMME_POSTS.items():
        client.post(reverse("programmes:perpetrator-section", args=[programme_case.pk, slug]), body)
    assert ProgrammeRecord.objects.get().completion == "completed"
    with django_assert_num_queries(counted):
        client.get(url)
