"""A person's linked feedback and complaints are part of what Concord holds about them: a
subject access request finds them, anonymising blanks what was said and keeps the figures."""

from __future__ import annotations

import pytest

from concord.people.personal_data import ANONYMISED, HOLDINGS
from concord.voice import holding, services
from concord.voice.models import ComplaintStage, Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(manager_a, help_point, case_a, today):
    complaint = services.log_complaint(
        manager_a.user,
        help_point,
        received_on=today,
        channel="phone",
        summary="My worker told my sister where I was staying.",
        wants_linked=True,
        case=case_a,
    )
    services.respond_to_complaint(
        manager_a.user,
        complaint,
        responded_on=today,
        outcome="upheld",
        response="We are sorry.",
        lessons="Confirm who is on the phone before sharing anything.",
    )
    services.record_feedback(
        manager_a.user,
        help_point,
        received_on=today,
        kind="compliment",
        channel="email",
        what_was_said="Thank you for coming to court.",
        wants_linked=True,
        case=case_a,
    )
    services.record_feedback(  # not linked: not theirs
        manager_a.user,
        help_point,
        received_on=today,
        kind="comment",
        channel="email",
        what_was_said="Someone else's comment.",
    )
    return complaint


def test_a_subject_access_request_finds_linked_records_only(linked, case_a):
    assert "voice" in {h.name for h in HOLDINGS.in_order()}
    records = list(holding.held_about(case_a.person))
    assert [record.kind for record in records] == ["Feedback", "Complaint"]
    text = str(records)
    assert "Thank you for coming to court." in text and "We are sorry." in text
    assert "Someone else's comment." not in text


def test_anonymising_blanks_what_was_said_and_keeps_outcomes(linked, case_a):
    assert holding.anonymise(case_a.person) == 3
    stage = ComplaintStage.objects.get()
    linked.refresh_from_db()
    assert linked.summary == ANONYMISED and stage.response == ""
    assert stage.outcome == "upheld" and stage.lessons.startswith("Confirm who")
    assert Feedback.objects.filter(what_was_said=ANONYMISED).count() == 1
    assert Feedback.objects.filter(what_was_said="Someone else's comment.").exists()
