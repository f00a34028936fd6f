"""A review is its panel's alone: every page of it is 404 (never 403: its existence is not
shown) to anyone off its panel, whatever their role, a partnership manager and a board
member included; a user seated on the panel opens it whatever their role. The list shows
counts to the roles that watch the partnership, and is 403 to anyone else off every panel."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from concord.accounts.roles import Role
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.dhr import services
from concord.dhr.models import AgencyReport, PanelMember, Review
from concord.dhr.tests.conftest import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_manager(council):
    """A second partnership manager of the same council, on no panel."""
    membership = MembershipFactory(agency=council, role=Role.PARTNERSHIP_MANAGER)
    enrol_authenticator(membership.user)
    return membership


@pytest.fixture
def every_url(partnership_manager, recommendation):
    review = recommendation.review
    report = services.request_agency_report(
        partnership_manager.user,
        review,
        organisation="Riverford GP practice",
        kind="chronology",
        requested_on=date(2025, 6, 10),
    )
    member = review.panel.get()
    args = [review.pk]
    return [
        reverse("dhr:review", args=args),
        reverse("dhr:names", args=args),
        reverse("dhr:decide", args=args),
        reverse("dhr:home-office", args=args),
        reverse("dhr:add-member", args=args),
        reverse("dhr:remove-member", args=[review.pk, member.pk]),
        reverse("dhr:add-report", args=args),
        reverse("dhr:report-received", args=[review.pk, report.pk]),
        reverse("dhr:add-recommendation", args=args),
        reverse("dhr:complete", args=[review.pk, recommendation.number]),
    ]


POSTED = {
    "reason": "To check the chronology",
    "decision": "not_hold",
    "reasons": "Changed",
    **date_parts("decided_on", "2025-06-03"),
    **date_parts("submitted_on", "2025-07-01"),
    "name": "Someone",
    "organisation": "Somewhere",
    **date_parts("received_on", "2025-07-01"),
    "number": "9",
    "text": "Something",
    "owner": "Someone",
    **date_parts("due_on", "2026-01-01"),
    **date_parts("completed_on", "2025-08-01"),
    "evidence": "Evidence",
    "kind": "agency_report",
    **date_parts("requested_on", "2025-07-01"),
}


@pytest.mark.parametrize(
    "persona",
    [
        "other_manager",
        "board_member",
        "analyst",
        "commissioner",
        "idva",
        "police_rep",
        "system_admin",
    ],
)
def test_every_page_of_a_review_is_404_off_its_panel(
    request, signed_in, persona, every_url, recommendation
):
    client = signed_in(request.getfixturevalue(persona))
    review = recommendation.review
    before = AuditEvent.objects.count()

    for url in every_url:
        assert client.get(url).status_code == 404, url
        assert client.post(url, POSTED).status_code == 404, url

    review.refresh_from_db()
    recommendation.refresh_from_db()
    assert review.decision == "hold"
    assert review.panel.count() == 1
    assert review.recommendations.count() == 1
    assert AgencyReport.objects.get().received_on is None
    assert recommendation.completed_on is None
    assert AuditEvent.objects.count() == before  # nothing read, nothing written


def test_a_review_that_does_not_exist_is_404_like_one_off_the_panel(signed_in, partnership_manager):
    missing = "6f1c1c52-0d0a-4ad5-9a4e-6d1b8c9b6a11"

    assert (
        signed_in(partnership_manager).get(reverse("dhr:review", args=[missing])).status_code == 404
    )


def test_the_partnership_manager_who_notified_sits_on_the_panel_as_coordinator(
    signed_in, partnership_manager, review
):
    seat = review.panel.get()

    response = signed_in(partnership_manager).get(reverse("dhr:review", args=[review.pk]))

    assert response.status_code == 200
    assert (seat.user, seat.is_coordinator) == (partnership_manager.user, True)
    assert AuditEvent.objects.filter(action="dhr.review_viewed", object_id=str(review.pk)).exists()


def test_a_police_officer_seated_on_the_panel_opens_the_review_and_loses_it_when_removed(
    signed_in, partnership_manager, police_rep, review
):
    seat = services.add_panel_member(partnership_manager.user, review, user=police_rep.user)
    client = signed_in(police_rep)
    url = reverse("dhr:review", args=[review.pk])

    assert client.get(url).status_code == 200
    assert client.get(reverse("dhr:list")).status_code == 200
    services.remove_panel_member(partnership_manager.user, seat)
    assert client.get(url).status_code == 404
    assert client.get(reverse("dhr:list")).status_code == 403


def test_a_panel_member_sees_only_their_own_reviews_listed(
    signed_in, partnership_manager, other_manager, review
):
    other = notify(other_manager, victim_initials="KL")

    page = signed_in(partnership_manager).get(reverse("dhr:list")).content.decode()

    assert review.reference in page
    assert reverse("dhr:review", args=[review.pk]) in page
    assert reverse("dhr:review", args=[other.pk]) not in page


@pytest.mark.parametrize("persona", ["board_member", "analyst", "commissioner", "other_manager"])
def test_the_roles_that_watch_the_partnership_see_the_list_without_any_review_link(
    request, signed_in, persona, recommendation
):
    review = recommendation.review

    page = signed_in(request.getfixturevalue(persona)).get(reverse("dhr:list")).content.decode()
    main = page[page.index("<main") : page.index("</main>")]  # no random token in it

    assert review.reference in page  # the progress of its recommendations
    assert reverse("dhr:review", args=[review.pk]) not in page
    for detail in ("QZ", "XQV", "Smithson", "Riverford North", "Intimate partner"):
        assert detail not in main


@pytest.mark.parametrize("persona", ["idva", "police_rep", "system_admin", "agency_admin_a"])
def test_the_list_is_403_to_other_roles_off_every_panel(request, signed_in, persona, review):
    assert signed_in(request.getfixturevalue(persona)).get(reverse("dhr:list")).status_code == 403


@pytest.mark.parametrize("persona", ["board_member", "analyst", "commissioner", "idva"])
def test_only_the_partnership_manager_notifies_a_death(request, signed_in, persona):
    client = signed_in(request.getfixturevalue(persona))

    assert client.get(reverse("dhr:notify")).status_code == 403
    assert client.post(reverse("dhr:notify"), {"area": "x"}).status_code == 403
    assert not Review.objects.exists()
    assert not PanelMember.objects.exists()
