"""The pages of feedback, complaints and the involvement register: scope (another agency's
record is 404), roles (403: board members, the partnership manager and commissioners never
read the texts), audit of reads and writes, forms with the error summary, filters, the CSV
export without names, overdue flags, pinned queries and the manager's home panel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.core.tests.dates import date_parts
from concord.voice import services
from concord.voice.models import Complaint, ComplaintStage, Feedback, InvolvementActivity

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(idva, help_point, today):
    return services.record_feedback(
        idva.user,
        help_point,
        received_on=today,
        kind="suggestion",
        channel="in_person",
        what_was_said="Evening drop-in sessions would help.",
    )


@pytest.fixture
def activity(partnership_manager, council, days_ago):
    return services.record_activity(
        partnership_manager.user,
        council,
        held_on=days_ago(10),
        title="Survivor panel on the refuge rules",
        kind="survivor_panel",
        survivors_involved=8,
        what_was_asked="Which refuge rules get in the way?",
        what_changed="Visiting hours extended.",
        change_status="done",
    )


def record_pages(feedback, complaint):
    return [
        reverse("voice:feedback-item", args=[feedback.pk]),
        reverse("voice:feedback-actions", args=[feedback.pk]),
        reverse("voice:complaint", args=[complaint.pk]),
        reverse("voice:acknowledge", args=[complaint.pk]),
        reverse("voice:respond", args=[complaint.pk]),
        reverse("voice:escalate", args=[complaint.pk]),
    ]


def list_pages():
    return [
        reverse("voice:feedback"),
        reverse("voice:record-feedback"),
        reverse("voice:complaints"),
        reverse("voice:log-complaint"),
    ]


def test_a_practitioner_records_feedback_with_equality_answers(signed_in, idva, help_point, today):
    client = signed_in(idva)
    response = client.post(
        reverse("voice:record-feedback"),
        {
            "service": str(help_point.pk),
            "kind": "compliment",
            **date_parts("received_on", today),
            "channel": "survey",
            "what_was_said": "Thank you for the safety plan.",
            "wants_linked": "no",
            "sex": "female",
            "ethnicity": "prefer_not_to_say",
            "disability": "yes_limited_a_little",
            "sexual_orientation": "not_known",
            "approximate_age": "45",
        },
    )
    item = Feedback.objects.get()
    assert response["Location"] == reverse("voice:feedback-item", args=[item.pk])
    assert (item.equality.sex, item.equality.ethnicity, item.equality.age_band) == (
        "female",
        "prefer_not_to_say",
        "45 to 54",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Thank you for the safety plan." in page and "45 to 54" in page


def test_a_case_is_linked_by_its_reference_only_when_wanted(
    signed_in, manager_a, help_point, case_a, today
):
    client = signed_in(manager_a)
    values = {
        "service": str(help_point.pk),
        **date_parts("received_on", today),
        "channel": "phone",
        "summary": "Worker was late twice.",
        "case_reference": case_a.reference,
    }
    page = client.post(reverse("voice:log-complaint"), {**values, "wants_linked": "no"})
    assert "Leave the case reference empty" in page.content.decode()
    page = client.post(
        reverse("voice:log-complaint"),
        {**values, "wants_linked": "yes", "case_reference": "NOT-THERE"},
    )
    assert "There is no case of yours with that reference" in page.content.decode()
    assert not Complaint.objects.exists()
    response = client.post(reverse("voice:log-complaint"), {**values, "wants_linked": "yes"})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.case == case_a


def test_the_complaint_form_shows_errors_in_a_summary_and_saves_nothing(signed_in, manager_a):
    page = signed_in(manager_a).post(reverse("voice:log-complaint"), {}).content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a summary of the complaint" in page and "Select the service" in page
    assert not Complaint.objects.exists()


def test_a_response_dated_before_the_complaint_is_a_field_error(
    signed_in, manager_a, complaint, days_ago
):
    page = signed_in(manager_a).post(
        reverse("voice:respond", args=[complaint.pk]),
        {**date_parts("responded_on", days_ago(3)), "outcome": "upheld"},
    )
    text = page.content.decode()
    assert page.status_code == 200 and "govuk-error-summary" in text
    assert "The date of the response cannot be before the stage began" in text
    assert ComplaintStage.objects.get().responded_on is None


def test_another_agencys_records_are_not_found(
    signed_in, worker_c, manager_c, homes_service, feedback, complaint
):
    for member in (worker_c, manager_c):
        client = signed_in(member)
        for url in record_pages(feedback, complaint):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {}).status_code == 404, url
        assert "Evening drop-in" not in client.get(reverse("voice:feedback")).content.decode()
        assert "Nobody called back" not in client.get(reverse("voice:complaints")).content.decode()
    assert ComplaintStage.objects.get().acknowledged_on is None


@pytest.mark.parametrize("who", ["board_member", "commissioner", "partnership_manager", "analyst"])
def test_roles_that_see_only_figures_cannot_read_the_texts(
    request, signed_in, who, feedback, complaint
):
    client = signed_in(request.getfixturevalue(who))
    for url in [*list_pages(), *record_pages(feedback, complaint)]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("voice:complaints-export")).status_code == 403


def test_reads_and_writes_are_audited(signed_in, manager_a, complaint, today):
    client = signed_in(manager_a)
    client.get(reverse("voice:complaint", args=[complaint.pk]))
    client.get(reverse("voice:complaints"))
    client.post(
        reverse("voice:acknowledge", args=[complaint.pk]),
        date_parts("acknowledged_on", today),
    )
    actions = set(AuditEvent.objects.filter(actor=manager_a.user).values_list("action", flat=True))
    assert {
        "complaint.logged",
        "complaint.viewed",
        "complaints.listed",
        "complaint.acknowledged",
    } <= actions
    viewed = AuditEvent.objects.filter(action="complaint.viewed").first()
    assert viewed.object_id == str(complaint.pk)


def test_the_list_flags_overdue_complaints_and_filters_by_status(
    signed_in, manager_a, help_point, days_ago, complaint, django_assert_max_num_queries
):
    late = services.log_complaint(
        manager_a.user, help_point, received_on=days_ago(10), channel="email", summary="Late one"
    )
    client = signed_in(manager_a)
    client.get(reverse("voice:complaints"))
    with django_assert_max_num_queries(7):
        page = client.get(reverse("voice:complaints")).content.decode()
    assert "2 complaints" in page and "Acknowledgement overdue" in page
    overdue = client.get(reverse("voice:complaints"), {"status": "overdue"}).content.decode()
    assert (
        "1 complaint<" in overdue and str(late.pk) in overdue and str(complaint.pk) not in overdue
    )
    home = client.get(reverse("home")).content.decode()
    assert "Complaints overdue" in home and str(late.pk) in home


def test_the_list_keeps_its_queries_with_more_complaints(
    signed_in, manager_a, help_point, days_ago, django_assert_max_num_queries
):
    for days in range(6):
        services.log_complaint(
            manager_a.user, help_point, received_on=days_ago(days), channel="email", summary="x"
        )
    client = signed_in(manager_a)
    client.get(reverse("voice:complaints"))
    with django_assert_max_num_queries(7):
        assert "6 complaints" in client.get(reverse("voice:complaints")).content.decode()


def test_managers_export_complaints_without_names_or_texts(
    signed_in, manager_a, idva, help_point, case_a, today
):
    services.log_complaint(
        manager_a.user,
        help_point,
        received_on=today,
        channel="phone",
        summary="Secret summary text",
        wants_linked=True,
        case=case_a,
    )
    export = signed_in(manager_a).get(reverse("voice:complaints-export"))
    text = b"".join(export.streaming_content).decode()
    assert "Stage 1 (service)" in text and "SAFE help point" in text
    assert "Secret summary text" not in text and case_a.person.family_name not in text
    assert case_a.reference not in text
    assert AuditEvent.objects.filter(action="complaints.exported").count() == 1
    assert signed_in(idva).get(reverse("voice:complaints-export")).status_code == 403


def test_empty_lists_say_so(signed_in, manager_a):
    client = signed_in(manager_a)
    assert "No feedback matches" in client.get(reverse("voice:feedback")).content.decode()
    assert "No complaints match" in client.get(reverse("voice:complaints")).content.decode()
    assert (
        "No involvement activity matches"
        in client.get(reverse("voice:involvement")).content.decode()
    )


def test_board_members_read_the_register_but_do_not_keep_it(signed_in, board_member, activity):
    client = signed_in(board_member)
    assert client.get(reverse("voice:start"))["Location"] == reverse("voice:involvement")
    page = client.get(reverse("voice:activity", args=[activity.pk])).content.decode()
    assert "Visiting hours extended." in page
    assert client.get(reverse("voice:record-activity")).status_code == 403
    assert client.get(reverse("voice:change-activity", args=[activity.pk])).status_code == 403


def test_a_service_manager_adds_an_activity_but_changes_only_their_agencys(
    signed_in, manager_a, activity, days_ago
):
    client = signed_in(manager_a)
    response = client.post(
        reverse("voice:record-activity"),
        {
            **date_parts("held_on", days_ago(2)),
            "title": "Survey of group members",
            "kind": "survey",
            "survivors_involved": "23",
            "what_was_asked": "What time suits the group?",
            "change_status": "in_progress",
        },
    )
    mine = InvolvementActivity.objects.get(title="Survey of group members")
    assert response["Location"] == reverse("voice:activity", args=[mine.pk])
    assert client.get(reverse("voice:change-activity", args=[mine.pk])).status_code == 200
    assert client.get(reverse("voice:change-activity", args=[activity.pk])).status_code == 403


def test_commissioners_cannot_see_the_register(signed_in, commissioner, activity):
    client = signed_in(commissioner)
    assert client.get(reverse("voice:involvement")).status_code == 403
    assert client.get(reverse("voice:activity", args=[activity.pk])).status_code == 403


def test_feedback_and_the_register_filter_and_keep_their_queries(
    signed_in,
    manager_a,
    help_point,
    housing,
    feedback,
    activity,
    days_ago,
    django_assert_max_num_queries,
):
    services.record_feedback(
        manager_a.user,
        housing,
        received_on=days_ago(40),
        kind="compliment",
        channel="phone",
        what_was_said="Lovely flat.",
        actions_taken="Passed on to the team.",
    )
    client = signed_in(manager_a)
    client.get(reverse("voice:feedback"))
    with django_assert_max_num_queries(7):
        assert "2 items" in client.get(reverse("voice:feedback")).content.decode()
    acted = client.get(reverse("voice:feedback"), {"status": "acted"}).content.decode()
    assert "1 item<" in acted and "Compliment" in acted
    recent = client.get(
        reverse("voice:feedback"), {**date_parts("received_from", days_ago(7))}
    ).content.decode()
    assert "1 item<" in recent and "Suggestion" in recent
    by_service = client.get(reverse("voice:feedback"), {"service": str(housing.pk)})
    assert "1 item<" in by_service.content.decode()
    with django_assert_max_num_queries(5):
        register = client.get(reverse("voice:involvement")).content.decode()
    assert "1 activity" in register
    none = client.get(reverse("voice:involvement"), {"change_status": "not_started"})
    assert "No involvement activity matches" in none.content.decode()


def test_a_practitioner_takes_an_answered_complaint_to_its_review_stage(
    signed_in, idva, complaint, today
):
    client = signed_in(idva)
    detail = reverse("voice:complaint", args=[complaint.pk])
    assert "Take it to" not in client.get(detail).content.decode()
    client.post(
        reverse("voice:respond", args=[complaint.pk]),
        {**date_parts("responded_on", today), "outcome": "not_upheld"},
    )
    page = client.get(detail).content.decode()
    assert "Take it to Stage 2 (review)" in page
    response = client.post(
        reverse("voice:escalate", args=[complaint.pk]), date_parts("began_on", today)
    )
    assert response["Location"] == detail
    page = client.get(detail).content.decode()
    assert "Stage 2 (review)" in page and "Stage 1 (service)" in page
    assert "Waiting to be acknowledged" in page


def test_actions_taken_are_recorded_on_feedback(signed_in, idva, feedback):
    client = signed_in(idva)
    url = reverse("voice:feedback-actions", args=[feedback.pk])
    assert "Enter the actions taken" in client.post(url, {}).content.decode()
    client.post(url, {"actions_taken": "Evening sessions trialled in March."})
    feedback.refresh_from_db()
    assert feedback.actions_taken == "Evening sessions trialled in March."
    assert AuditEvent.objects.filter(action="feedback.actions_recorded").count() == 1
