"""The panel's pages: notifying a death (initials only, names kept masked), revealing the
names with a reason (audited, never cached), the decision with reasons, the order of the
review's dates, the panel, agency reports, recommendations completed only with evidence;
each bad input refused in the error summary with nothing changed; query counts pinned."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.dhr import services
from concord.dhr.models import AgencyReport, PanelMember, Recommendation, Review
from concord.dhr.tests.conftest import hold, notify, recommend

pytestmark = pytest.mark.django_db

NOTIFIED = {
    **date_parts("notified_on", "2025-05-12"),
    **date_parts("died_on", "2025-05-01"),
    "area": "Riverford North",
    "kind": "suicide",
    "victim_initials": "q. z.",
    "perpetrator_initials": "",
    "relationship": "ex_partner",
    "victim_name": "",
    "perpetrator_name": "",
}


def errors_of(response) -> str:
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page
    return page


# Notifying ---------------------------------------------------------------------------------


def test_the_partnership_manager_notifies_a_death_with_initials_only(
    signed_in, partnership_manager
):
    response = signed_in(partnership_manager).post(reverse("dhr:notify"), NOTIFIED)

    review = Review.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("dhr:review", args=[review.pk])
    assert (review.victim_initials, review.perpetrator_initials, review.victim_name) == (
        "QZ",
        "",
        "",
    )
    assert review.reference == "DHR-2025-01"
    assert review.panel.get().user == partnership_manager.user
    event = AuditEvent.objects.get(action="dhr.death_notified")
    assert "victim_name" not in event.changes


def test_references_count_up_within_a_financial_year(partnership_manager):
    first = notify(partnership_manager)
    second = notify(partnership_manager, notified_on=date(2026, 3, 31))
    next_year = notify(partnership_manager, notified_on=date(2026, 4, 1))

    assert [first.reference, second.reference, next_year.reference] == [
        "DHR-2025-01",
        "DHR-2025-02",
        "DHR-2026-01",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"area": "", "kind": ""}, "Enter the area where the death happened"),
        ({"victim_initials": ""}, "Enter the victim's initials"),
        ({"victim_initials": "Jane Ann"}, "Enter the victim's initials: 1 to 4 letters"),
        ({"victim_initials": "J3"}, "1 to 4 letters"),
        (
            {**date_parts("died_on", "2025-05-20")},
            "The date notified cannot be before the date of death",
        ),
        (
            {**date_parts("notified_on", "2099-01-01")},
            "The date notified must be today or in the past",
        ),
        ({**date_parts("died_on", "2025-02-31")}, "Date of death must be a real date"),
        ({"relationship": "friend"}, "Select a valid choice"),
    ],
)
def test_a_bad_notification_is_refused_and_nothing_saved(
    signed_in, partnership_manager, changes, message
):
    response = signed_in(partnership_manager).post(reverse("dhr:notify"), NOTIFIED | changes)

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not Review.objects.exists()
    assert not PanelMember.objects.exists()


# The review page and its names -------------------------------------------------------------


def test_the_review_page_shows_initials_and_masks_the_names(signed_in, partnership_manager, review):
    page = (
        signed_in(partnership_manager).get(reverse("dhr:review", args=[review.pk])).content.decode()
    )

    assert "QZ" in page and "XQV" in page
    assert "Intimate partner" in page
    assert "Smithson" not in page
    assert "Show names" in page
    assert f"<title>Homicide review {review.reference} – Concord</title>" in page


def test_names_are_shown_only_with_a_reason_and_the_reveal_is_audited(
    signed_in, partnership_manager, review
):
    client = signed_in(partnership_manager)
    url = reverse("dhr:names", args=[review.pk])

    asked = client.get(url)
    refused = client.post(url, {"reason": "  "})
    shown = client.post(url, {"reason": "The panel is writing to the family"})

    assert "Smithson" not in asked.content.decode()
    assert "Enter why you need to see the names" in errors_of(refused)
    assert "Smithson" not in refused.content.decode()
    assert "Jane Smithson" in shown.content.decode()
    assert "Mark Smithson" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    event = AuditEvent.objects.get(action="dhr.names_revealed")
    assert (event.reason, event.actor_id) == (
        "The panel is writing to the family",
        partnership_manager.user_id,
    )


# The decision and the dates ----------------------------------------------------------------


def test_a_decision_without_reasons_is_refused_and_nothing_changed(
    signed_in, partnership_manager, review
):
    url = reverse("dhr:decide", args=[review.pk])

    response = signed_in(partnership_manager).post(
        url, {"decision": "hold", **date_parts("decided_on", "2025-06-02"), "reasons": ""}
    )

    assert response.status_code == 400
    assert "Enter the reasons for the decision" in errors_of(response)
    review.refresh_from_db()
    assert (review.decision, review.decided_on) == ("pending", None)


def test_a_decision_before_the_notification_is_refused(signed_in, partnership_manager, review):
    response = signed_in(partnership_manager).post(
        reverse("dhr:decide", args=[review.pk]),
        {"decision": "hold", **date_parts("decided_on", "2025-05-11"), "reasons": "Criteria met"},
    )

    assert "The date of the decision cannot be before the date notified" in errors_of(response)
    review.refresh_from_db()
    assert review.decision == "pending"


def test_the_decision_is_saved_with_its_reasons(signed_in, partnership_manager, review):
    response = signed_in(partnership_manager).post(
        reverse("dhr:decide", args=[review.pk]),
        {"decision": "hold", **date_parts("decided_on", "2025-06-02"), "reasons": "Criteria met"},
    )

    review.refresh_from_db()
    assert response.status_code == 302
    assert (review.decision, review.decided_on, review.decision_reasons) == (
        "hold",
        date(2025, 6, 2),
        "Criteria met",
    )
    assert AuditEvent.objects.filter(action="dhr.decision_recorded").exists()


def test_a_review_not_held_is_never_submitted(signed_in, partnership_manager, review):
    services.record_decision(
        partnership_manager.user,
        review,
        decision="not_hold",
        decided_on=date(2025, 6, 2),
        reasons="The death was not after abuse",
    )

    response = signed_in(partnership_manager).post(
        reverse("dhr:home-office", args=[review.pk]), date_parts("submitted_on", "2025-09-01")
    )

    assert "Record a decision to hold a review before its submission" in errors_of(response)
    review.refresh_from_db()
    assert review.submitted_on is None


@pytest.mark.parametrize(
    ("submitted", "published", "message"),
    [
        (
            "2025-06-01",
            "",
            "The date submitted to the Home Office cannot be before the date of the decision",
        ),
        ("2025-09-01", "2025-08-01", "The date published cannot be before the date submitted"),
        ("", "2025-08-01", "Enter the date submitted to the Home Office before the date published"),
        ("2099-01-01", "", "must be today or in the past"),
    ],
)
def test_home_office_dates_out_of_order_are_refused(
    signed_in, partnership_manager, held_review, submitted, published, message
):
    response = signed_in(partnership_manager).post(
        reverse("dhr:home-office", args=[held_review.pk]),
        {**date_parts("submitted_on", submitted), **date_parts("published_on", published)},
    )

    assert message in errors_of(response)
    held_review.refresh_from_db()
    assert (held_review.submitted_on, held_review.published_on) == (None, None)


def test_submission_and_publication_are_saved_in_order(signed_in, partnership_manager, held_review):
    signed_in(partnership_manager).post(
        reverse("dhr:home-office", args=[held_review.pk]),
        {**date_parts("submitted_on", "2025-12-01"), **date_parts("published_on", "2026-04-20")},
    )

    held_review.refresh_from_db()
    assert (held_review.submitted_on, held_review.published_on) == (
        date(2025, 12, 1),
        date(2026, 4, 20),
    )
    page = signed_in(partnership_manager).get(reverse("dhr:review", args=[held_review.pk]))
    assert "Published" in page.content.decode()


# The panel ---------------------------------------------------------------------------------


def test_a_concord_user_is_seated_by_email_and_may_then_open_the_review(
    signed_in, partnership_manager, police_rep, review
):
    response = signed_in(partnership_manager).post(
        reverse("dhr:add-member", args=[review.pk]),
        {"email": police_rep.user.email.upper(), "name": "", "organisation": ""},
    )

    seat = review.panel.get(user=police_rep.user)
    assert response.status_code == 302
    assert (seat.name, seat.organisation) == (police_rep.user.full_name, "City Police")
    assert signed_in(police_rep).get(reverse("dhr:review", args=[review.pk])).status_code == 200


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"email": "nobody@example.org"}, "No active Concord user has that email address"),
        (
            {"name": "Dr Ruth Mensah", "organisation": ""},
            "Enter the panel member's organisation",
        ),
        ({}, "Enter the panel member's name, or the email of their Concord account"),
    ],
)
def test_a_bad_panel_member_is_refused(signed_in, partnership_manager, review, posted, message):
    response = signed_in(partnership_manager).post(
        reverse("dhr:add-member", args=[review.pk]), posted
    )

    assert message in errors_of(response)
    assert review.panel.count() == 1


def test_a_review_has_one_chair(signed_in, partnership_manager, review):
    services.add_panel_member(
        partnership_manager.user,
        review,
        name="Dr Ruth Mensah",
        organisation="Independent",
        is_chair=True,
    )

    response = signed_in(partnership_manager).post(
        reverse("dhr:add-member", args=[review.pk]),
        {"name": "Sam Cole", "organisation": "Independent", "is_chair": "yes"},
    )

    assert "The review has a chair: remove them first to seat another" in errors_of(response)
    assert review.panel.filter(is_chair=True).count() == 1


def test_the_last_member_with_an_account_cannot_be_removed(signed_in, partnership_manager, review):
    outsider = services.add_panel_member(
        partnership_manager.user, review, name="Dr Ruth Mensah", organisation="Independent"
    )
    coordinator = review.panel.get(is_coordinator=True)
    client = signed_in(partnership_manager)

    refused = client.post(reverse("dhr:remove-member", args=[review.pk, coordinator.pk]))
    removed = client.post(reverse("dhr:remove-member", args=[review.pk, outsider.pk]))

    assert "The panel needs at least one member with a Concord account" in errors_of(refused)
    assert removed.status_code == 302
    assert list(review.panel.all()) == [coordinator]
    assert AuditEvent.objects.filter(action="dhr.panel_member_removed").count() == 1


def test_another_reviews_seat_is_404(signed_in, partnership_manager, review):
    other = notify(partnership_manager, victim_initials="KL")
    seat = other.panel.get()

    response = signed_in(partnership_manager).get(
        reverse("dhr:remove-member", args=[review.pk, seat.pk])
    )

    assert response.status_code == 404


# Agency reports ----------------------------------------------------------------------------


def test_a_report_is_requested_and_received_in_order(signed_in, partnership_manager, review):
    client = signed_in(partnership_manager)
    client.post(
        reverse("dhr:add-report", args=[review.pk]),
        {
            "organisation": "Riverford GP practice",
            "kind": "chronology",
            **date_parts("requested_on", "2025-06-10"),
        },
    )
    report = AgencyReport.objects.get()
    url = reverse("dhr:report-received", args=[review.pk, report.pk])

    early = client.post(url, date_parts("received_on", "2025-06-01"))
    on_time = client.post(url, date_parts("received_on", "2025-07-01"))

    assert "The date received cannot be before the date requested" in errors_of(early)
    assert on_time.status_code == 302
    report.refresh_from_db()
    assert report.received_on == date(2025, 7, 1)


def test_a_report_requested_before_the_notification_is_refused(
    signed_in, partnership_manager, review
):
    response = signed_in(partnership_manager).post(
        reverse("dhr:add-report", args=[review.pk]),
        {
            "organisation": "Police",
            "kind": "agency_report",
            **date_parts("requested_on", "2025-05-01"),
        },
    )

    assert "The date requested cannot be before the date notified" in errors_of(response)
    assert not AgencyReport.objects.exists()


# Recommendations ---------------------------------------------------------------------------

RECOMMENDED = {
    "number": "1",
    "text": "Train GP practices to ask about abuse",
    "owner": "Head of safeguarding",
    "owner_agency": "",
    **date_parts("due_on", "2026-03-31"),
}


def test_recommendations_wait_for_the_decision_to_hold_a_review(
    signed_in, partnership_manager, review
):
    response = signed_in(partnership_manager).post(
        reverse("dhr:add-recommendation", args=[review.pk]), RECOMMENDED
    )

    assert "Record a decision to hold a review before its recommendations" in errors_of(response)
    assert not Recommendation.objects.exists()


def test_a_recommendation_number_is_used_once(signed_in, partnership_manager, recommendation):
    response = signed_in(partnership_manager).post(
        reverse("dhr:add-recommendation", args=[recommendation.review.pk]), RECOMMENDED
    )

    assert "Recommendation 1 exists already" in errors_of(response)
    assert Recommendation.objects.count() == 1


def test_a_recommendation_is_added_with_its_owner(
    signed_in, partnership_manager, held_review, agency_b
):
    response = signed_in(partnership_manager).post(
        reverse("dhr:add-recommendation", args=[held_review.pk]),
        RECOMMENDED | {"owner_agency": str(agency_b.pk)},
    )

    assert response.status_code == 302
    assert Recommendation.objects.get().owner_agency == agency_b


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"evidence": ""}, "Enter the evidence that the recommendation was completed"),
        ({"evidence": "   "}, "Enter the evidence that the recommendation was completed"),
        ({**date_parts("completed_on", "")}, "Enter the date completed"),
        (
            {**date_parts("completed_on", "2099-01-01")},
            "The date completed must be today or in the past",
        ),
    ],
)
def test_a_recommendation_is_not_completed_without_evidence_and_a_date(
    signed_in, partnership_manager, recommendation, posted, message
):
    url = reverse("dhr:complete", args=[recommendation.review.pk, 1])
    complete = {**date_parts("completed_on", "2025-09-01"), "evidence": "Training records kept"}

    response = signed_in(partnership_manager).post(url, complete | posted)

    assert message in errors_of(response)
    recommendation.refresh_from_db()
    assert (recommendation.completed_on, recommendation.evidence) == (None, "")
    assert not AuditEvent.objects.filter(action="dhr.recommendation_completed").exists()


def test_a_recommendation_is_completed_with_evidence(
    signed_in, partnership_manager, recommendation
):
    client = signed_in(partnership_manager)
    url = reverse("dhr:complete", args=[recommendation.review.pk, 1])

    response = client.post(
        url, {**date_parts("completed_on", "2025-09-01"), "evidence": "Training records kept"}
    )
    again = client.post(url, {**date_parts("completed_on", "2025-09-02"), "evidence": "Again"})

    recommendation.refresh_from_db()
    assert response.status_code == 302
    assert (recommendation.completed_on, recommendation.evidence) == (
        date(2025, 9, 1),
        "Training records kept",
    )
    assert "Recommendation 1 is complete already" in errors_of(again)
    page = client.get(reverse("dhr:review", args=[recommendation.review.pk])).content.decode()
    assert "Training records kept" in page
    assert "Complete</strong>" in page


def test_the_database_refuses_a_completion_without_evidence(recommendation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(completed_on=date(2025, 9, 1))


def test_a_recommendation_that_does_not_exist_is_404(
    signed_in, partnership_manager, recommendation
):
    url = reverse("dhr:complete", args=[recommendation.review.pk, 2])

    assert signed_in(partnership_manager).get(url).status_code == 404


# Outside the panel: counts and progress ----------------------------------------------------


def test_the_board_member_sees_small_counts_hidden(
    signed_in, board_member, partnership_manager, recommendation
):
    notify(partnership_manager, kind="suicide", victim_initials="AB")

    page = signed_in(board_member).get(reverse("dhr:list")).content.decode()

    assert "&lt;5" in page
    assert "Counts from 1 to 4 are shown as" in page
    assert recommendation.review.reference in page


def test_the_panel_of_every_review_sees_exact_counts(signed_in, partnership_manager, review):
    page = signed_in(partnership_manager).get(reverse("dhr:list")).content.decode()

    assert "the figures are exact" in page
    assert "&lt;5" not in page


def test_the_list_says_when_nothing_was_notified(signed_in, board_member):
    page = signed_in(board_member).get(reverse("dhr:list")).content.decode()

    assert "No deaths have been notified." in page
    assert "No review has been held yet" in page


def test_the_list_counts_in_a_fixed_number_of_queries(
    signed_in, partnership_manager, board_member, django_assert_max_num_queries
):
    for initials in ("AB", "CD", "EF", "GH"):
        review = hold(partnership_manager, notify(partnership_manager, victim_initials=initials))
        for number in (1, 2, 3):
            recommend(partnership_manager, review, number)
    client = signed_in(board_member)
    client.get(reverse("dhr:list"))  # the session and membership are cached after this

    with django_assert_max_num_queries(12):
        response = client.get(reverse("dhr:list"))

    assert response.status_code == 200


def test_the_review_page_reads_in_a_fixed_number_of_queries(
    signed_in, partnership_manager, held_review, django_assert_max_num_queries
):
    for number in (1, 2, 3, 4, 5):
        recommend(partnership_manager, held_review, number)
    for name in ("A", "B", "C"):
        services.add_panel_member(
            partnership_manager.user, held_review, name=name, organisation="X"
        )
    client = signed_in(partnership_manager)
    client.get(reverse("dhr:review", args=[held_review.pk]))

    with django_assert_max_num_queries(14):
        response = client.get(reverse("dhr:review", args=[held_review.pk]))

    assert response.status_code == 200
