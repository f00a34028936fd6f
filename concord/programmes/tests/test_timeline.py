"""Family-service and programme records on the case page's timeline: each child's risk
assessments and sessions (restricted children only for their named workers), and the
programme's dated steps; other services' cases show none of them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from concord.core.tests.pages import named
from concord.programmes import services

pytestmark = pytest.mark.django_db


def timeline_of(client, case) -> str:
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return page[page.index('class="moj-timeline"') :]


def test_a_childs_risk_assessment_and_sessions_are_on_the_timeline(
    signed_in, idva, family_case, child
):
    services.record_child_risk_assessment(
        idva.user, child, assessed_on=date(2026, 11, 3), level="high"
    )
    services.record_child_attendance(
        idva.user, child, kind="group", sessions_attended=3, first_session_on=date(2026, 11, 4)
    )

    timeline = timeline_of(signed_in(idva), family_case)

    assert "Risk assessment of Amy Ahmed" in timeline
    assert "Sessions for Amy Ahmed" in timeline
    assert "3 sessions" in timeline


def test_a_restricted_childs_records_are_not_on_other_workers_timelines(
    signed_in, idva, manager_a, family_case, child
):
    services.record_child_risk_assessment(
        idva.user, child, assessed_on=date(2026, 11, 3), level="high"
    )
    child.person.is_restricted = True
    child.person.save()
    child.person.named_workers.add(manager_a.user)

    assert not named(timeline_of(signed_in(idva), family_case), "Amy")
    assert "Risk assessment of Amy Ahmed" in timeline_of(signed_in(manager_a), family_case)


def test_the_programmes_steps_are_on_the_timeline(signed_in, idva, programme_case):
    services.record_programme_referral(
        idva.user, programme_case, referral_received_on=date(2026, 11, 2)
    )
    services.record_programme_assessment(
        idva.user,
        programme_case,
        assessment_on=date(2026, 11, 9),
        assessment_attendance="attended",
        assessment_outcome="suitable",
    )
    services.record_programme_sessions(
        idva.user, programme_case, sessions_offered=4, sessions_attended=2
    )
    services.record_programme_completion(
        idva.user,
        programme_case,
        completion="left_early",
        completion_on=date(2026, 11, 20),
        left_early_reason="stopped_attending",
    )

    timeline = timeline_of(signed_in(idva), programme_case)

    assert "Programme referral received" in timeline
    assert "Programme assessment" in timeline and "Outcome: Suitable" in timeline
    assert "Left the programme early" in timeline and "Why: Stopped attending" in timeline
    assert timeline.index("Left the programme early") < timeline.index("Programme assessment")


def test_a_case_at_another_service_has_no_programme_entries(signed_in, idva, help_point_case):
    timeline = timeline_of(signed_in(idva), help_point_case)

    assert "Programme" not in timeline and "Risk assessment of" not in timeline


def test_a_family_case_page_keeps_a_fixed_number_of_queries(
    signed_in, idva, family_case, child, django_assert_num_queries
):
    client = signed_in(idva)
    url = reverse("cases:detail", args=[family_case.pk])
    client.get(url)
    with django_assert_num_queries(29) as few:  # 23, the alerts panel's 5, the tasks' 1
        client.get(url)
    for number in range(3):
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

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
