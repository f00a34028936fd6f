"""The board's rules kept by its services: terms in order, a decision at a held meeting,
attendance of members in term, actions due after their meeting, papers checked, minutes
approved once, reports final once. Each refusal saves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concord.board import services
from concord.board.figures import category_gaps, quoracy_of
from concord.board.models import (
    AnnualReport,
    BoardAction,
    BoardMember,
    Category,
    Decision,
    MeetingAttendance,
    Paper,
)
from concord.board.tests.factories import BoardMemberFactory, MeetingFactory, days_ago, full_board
from concord.core.models import AuditEvent
from concord.domain.periods import financial_year_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_member_is_added_for_a_term_and_audited(partnership_manager):
    member = services.add_member(
        partnership_manager,
        name="Asha Patel",
        organisation="Riverford NHS Trust",
        category=Category.HEALTH,
        voting=True,
        term_starts_on=days_ago(10),
        term_ends_on=None,
    )
    event = AuditEvent.objects.get(action="board.member_added")
    assert event.object_id == str(member.pk)
    assert "Asha" not in str(event.changes) and "name" in event.changes


def test_a_term_ending_before_it_starts_is_refused(partnership_manager):
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            partnership_manager,
            name="Asha Patel",
            organisation="Trust",
            category=Category.HEALTH,
            voting=True,
            term_starts_on=days_ago(10),
            term_ends_on=days_ago(11),
        )
    assert refused.value.message_dict == {"term_ends_on": [services.TERM_ORDER]}
    assert not BoardMember.objects.exists()


def test_a_member_linked_to_an_account_without_the_board_member_role_is_refused(
    partnership_manager, idva
):
    with pytest.raises(ValidationError) as refused:
        services.add_member(
            partnership_manager,
            name="A",
            organisation="B",
            category=Category.HEALTH,
            term_starts_on=days_ago(1),
            user=idva.user,
        )
    assert "user" in refused.value.message_dict


def test_a_board_member_account_may_be_linked(partnership_manager, board_member):
    member = services.add_member(
        partnership_manager,
        name="A",
        organisation="B",
        category=Category.POLICE_JUSTICE,
        term_starts_on=days_ago(1),
        user=board_member.user,
    )
    assert member.user == board_member.user


def test_only_the_partnership_manager_writes(board_member):
    with pytest.raises(ValidationError, match="partnership manager"):
        services.add_meeting(board_member, title="Board", held_on=days_ago(1))


def test_every_required_category_without_a_member_in_term_is_a_gap():
    today = timezone.localdate()
    full_board()
    assert category_gaps(BoardMember.objects.all(), today) == []
    BoardMember.objects.filter(category=Category.CHILD_VICTIM_VOICE).update(
        term_ends_on=today - timedelta(days=1)
    )
    BoardMember.objects.filter(category=Category.HEALTH).update(
        term_starts_on=today + timedelta(days=1)
    )
    assert category_gaps(BoardMember.objects.all(), today) == [
        Category.CHILD_VICTIM_VOICE,
        Category.HEALTH,
    ]


def test_other_is_never_a_gap():
    today = timezone.localdate()
    full_board()
    BoardMember.objects.filter(category=Category.OTHER).delete()
    assert category_gaps(BoardMember.objects.all(), today) == []


def test_a_decision_without_a_meeting_is_refused(partnership_manager):
    with pytest.raises(ValidationError) as refused:
        services.record_decision(partnership_manager, meeting_id=None, text="Agree the plan")
    assert refused.value.message_dict == {"meeting": [services.NO_MEETING]}
    assert not Decision.objects.exists()


def test_a_decision_at_a_meeting_not_held_yet_is_refused(partnership_manager):
    meeting = MeetingFactory(held_on=days_ago(-1))
    with pytest.raises(ValidationError) as refused:
        services.record_decision(partnership_manager, meeting_id=meeting.pk, text="Agree")
    assert refused.value.message_dict == {"meeting": [services.MEETING_NOT_HELD]}
    assert not Decision.objects.exists()


def test_decisions_are_numbered_within_their_meeting(partnership_manager):
    meeting = MeetingFactory()
    first = services.record_decision(partnership_manager, meeting_id=meeting.pk, text="One")
    second = services.record_decision(partnership_manager, meeting_id=meeting.pk, text="Two")
    assert first.reference == f"{meeting.held_on:%Y-%m}/1"
    assert second.reference == f"{meeting.held_on:%Y-%m}/2"


def test_attendance_is_only_for_members_in_term(partnership_manager):
    meeting = MeetingFactory(held_on=days_ago(7))
    current = BoardMemberFactory()
    gone = BoardMemberFactory(term_ends_on=days_ago(30))
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            partnership_manager,
            meeting,
            {current.pk: ("present", ""), gone.pk: ("present", "")},
        )
    assert list(refused.value.message_dict) == [f"attendance_{gone.pk}"]
    assert not MeetingAttendance.objects.exists()


def test_a_deputy_needs_a_name(partnership_manager):
    meeting = MeetingFactory()
    member = BoardMemberFactory()
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(partnership_manager, meeting, {member.pk: ("deputy", " ")})
    assert list(refused.value.message_dict) == [f"deputy_{member.pk}"]


def test_quoracy_counts_deputies_and_only_voting_members_in_term(partnership_manager, settings):
    settings.BOARD_QUORUM_MINIMUM = 3
    meeting = MeetingFactory(held_on=days_ago(7))
    voting = [BoardMemberFactory() for _ in range(9)]
    adviser = BoardMemberFactory(voting=False)
    BoardMemberFactory(term_ends_on=days_ago(8))  # not in term that day: not counted
    entries = {m.pk: ("absent", "") for m in voting}
    entries[voting[0].pk] = ("present", "")
    entries[voting[1].pk] = ("deputy", "Sam Deputy")
    entries[adviser.pk] = ("present", "")
    services.record_attendance(partnership_manager, meeting, entries)
    found = quoracy_of([meeting])[meeting.pk]
    assert found is not None and not found.quorate
    assert found.sentence() == "Not quorate: 2 of 9 voting members present, 3 needed"
    entries[voting[2].pk] = ("present", "")
    services.record_attendance(partnership_manager, meeting, entries)
    assert quoracy_of([meeting])[meeting.pk].quorate


def test_a_meeting_without_attendance_has_no_quoracy_yet():
    meeting = MeetingFactory()
    assert quoracy_of([meeting]) == {meeting.pk: None}


def test_an_action_due_before_its_meeting_is_refused(partnership_manager):
    meeting = MeetingFactory(held_on=days_ago(7))
    owner = BoardMemberFactory()
    with pytest.raises(ValidationError) as refused:
        services.add_action(
            partnership_manager, meeting, description="Write", owner=owner, due_on=days_ago(8)
        )
    assert "due_on" in refused.value.message_dict
    assert not BoardAction.objects.exists()


def test_an_action_is_done_once_with_a_note(partnership_manager):
    meeting = MeetingFactory(held_on=days_ago(7))
    action = services.add_action(
        partnership_manager,
        meeting,
        description="Write",
        owner=BoardMemberFactory(),
        due_on=days_ago(1),
    )
    with pytest.raises(ValidationError) as refused:
        services.complete_action(partnership_manager, action, done_on=days_ago(0), note="")
    assert "note" in refused.value.message_dict
    services.complete_action(partnership_manager, action, done_on=days_ago(0), note="Sent")
    with pytest.raises(ValidationError):
        services.complete_action(partnership_manager, action, done_on=days_ago(0), note="Again")


def test_a_paper_is_kept_when_its_content_is_a_kind_concord_takes(partnership_manager):
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    paper = services.add_paper(partnership_manager, meeting, upload=upload, title="Plan")
    assert paper.kind == "pdf" and bytes(paper.content) == PDF


def test_a_program_called_a_pdf_is_refused(partnership_manager):
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        services.add_paper(partnership_manager, meeting, upload=upload, title="Plan")
    assert "file" in refused.value.message_dict
    assert not Paper.objects.exists()


def test_a_paper_larger_than_the_limit_is_refused(partnership_manager, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("plan.pdf", PDF)
    with pytest.raises(ValidationError, match="smaller than"):
        services.add_paper(partnership_manager, MeetingFactory(), upload=upload, title="Plan")


def test_minutes_are_approved_once_and_then_cannot_change(partnership_manager):
    meeting = MeetingFactory(held_on=days_ago(30))
    with pytest.raises(ValidationError):
        services.approve_minutes(partnership_manager, meeting, approved_on=days_ago(1))
    services.record_minutes(partnership_manager, meeting, minutes="The board met.")
    with pytest.raises(ValidationError):
        services.approve_minutes(partnership_manager, meeting, approved_on=days_ago(31))
    services.approve_minutes(partnership_manager, meeting, approved_on=days_ago(1))
    with pytest.raises(ValidationError, match="approved"):
        services.record_minutes(partnership_manager, meeting, minutes="Changed")


def test_the_annual_report_is_drafted_from_the_records_and_final_once(partnership_manager):
    year = financial_year_of(timezone.localdate())
    full_board()
    BoardMember.objects.filter(category=Category.CHILD_VICTIM_VOICE).delete()
    meeting = MeetingFactory(held_on=timezone.localdate())
    services.record_decision(partnership_manager, meeting_id=meeting.pk, text="Adopt strategy")
    report = services.draft_annual_report(partnership_manager, year)
    by_key = {section["key"]: section for section in report.sections}
    assert "no member for Children's voice" in by_key["membership"]["text"]
    assert "1 decision" in by_key["decisions"]["text"]
    assert by_key["decisions"]["table"]["rows"][0][2] == "Adopt strategy"
    services.edit_report_text(partnership_manager, report, {"introduction": "Our year."})
    report.refresh_from_db()
    assert report.sections[0]["text"] == "Our year."
    services.finalise_report(partnership_manager, report)
    with pytest.raises(ValidationError, match="final"):
        services.draft_annual_report(partnership_manager, year)
    with pytest.raises(ValidationError, match="final"):
        services.edit_report_text(partnership_manager, report, {"introduction": "Again"})
    assert AnnualReport.objects.get().sections[0]["text"] == "Our year."
