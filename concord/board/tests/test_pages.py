"""The board's pages: who may read (manager, board member) and write (manager only), 404
for unknown ids, the forms' refusals shown in the error summary with nothing saved, the
paper's download, and the pages' query counts."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from concord.board import services
from concord.board.models import BoardMember, Category, Decision, Paper
from concord.board.tests.factories import BoardMemberFactory, MeetingFactory, days_ago, full_board
from concord.core.models import AuditEvent
from concord.domain.periods import financial_year_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def records(partnership_manager):
    members = full_board()
    BoardMember.objects.filter(category=Category.CHILD_VICTIM_VOICE).delete()
    meeting = MeetingFactory(title="June board", held_on=days_ago(7))
    services.add_agenda_item(partnership_manager, meeting, title="Delivery plan")
    upload = SimpleUploadedFile("plan.pdf", PDF)
    paper = services.add_paper(partnership_manager, meeting, upload=upload, title="Plan")
    services.record_decision(partnership_manager, meeting_id=meeting.pk, text="Adopt the plan")
    services.add_action(
        partnership_manager,
        meeting,
        description="Recruit a children's voice member",
        owner=members[0],
        due_on=days_ago(1),
    )
    return {"meeting": meeting, "paper": paper, "member": members[0]}


def read_urls(records):
    year = financial_year_of(timezone.localdate())
    return [
        "/board/",
        f"/board/members/{records['member'].pk}/",
        "/board/meetings/",
        f"/board/meetings/{records['meeting'].pk}/",
        "/board/actions/",
        "/board/reports/",
        f"/board/papers/{records['paper'].pk}/",
    ], year


def write_urls(records):
    meeting, member = records["meeting"].pk, records["member"].pk
    return [
        "/board/members/new/",
        f"/board/members/{member}/change/",
        f"/board/members/{member}/end-term/",
        f"/board/members/{member}/interests/new/",
        "/board/meetings/new/",
        f"/board/meetings/{meeting}/change/",
        f"/board/meetings/{meeting}/agenda/new/",
        f"/board/meetings/{meeting}/papers/new/",
        f"/board/meetings/{meeting}/minutes/",
        f"/board/meetings/{meeting}/attendance/",
        f"/board/meetings/{meeting}/actions/new/",
        "/board/decisions/new/",
    ]


@pytest.mark.parametrize("persona", ["partnership_manager", "board_member"])
def test_the_manager_and_board_members_read_every_page(request, signed_in, persona, records):
    client = signed_in(request.getfixturevalue(persona))
    urls, _ = read_urls(records)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_members_page_flags_the_gap_in_words(signed_in, board_member, records):
    text = signed_in(board_member).get("/board/").content.decode()
    assert "No member for Children&#39;s voice" in text
    assert "Vacant" in text and "No member for Health" not in text


def test_board_members_may_not_write(signed_in, board_member, records):
    client = signed_in(board_member)
    for url in write_urls(records):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert client.post("/board/reports/draft/", {"year": 2025}).status_code == 403
    page = client.get(f"/board/meetings/{records['meeting'].pk}/").content.decode()
    assert "Record a decision" not in page and "Add a paper" not in page


@pytest.mark.parametrize(
    "persona", ["idva", "manager_a", "police_rep", "commissioner", "analyst", "system_admin"]
)
def test_other_roles_get_403(request, signed_in, persona, records):
    client = signed_in(request.getfixturevalue(persona))
    urls, _ = read_urls(records)
    for url in [*urls, *write_urls(records)]:
        assert client.get(url).status_code == 403, url


def test_no_board_link_for_other_roles(signed_in, idva, board_member):
    assert 'href="/board/"' not in signed_in(idva).get("/").content.decode()
    assert 'href="/board/"' in signed_in(board_member).get("/").content.decode()


def test_unknown_ids_are_404(signed_in, partnership_manager):
    client = signed_in(partnership_manager)
    unknown = uuid.uuid4()
    for url in [
        f"/board/members/{unknown}/",
        f"/board/meetings/{unknown}/",
        f"/board/meetings/{unknown}/attendance/",
        f"/board/papers/{unknown}/",
        f"/board/actions/{unknown}/done/",
        f"/board/interests/{unknown}/end/",
        "/board/reports/1999/",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_paper_downloads_as_an_attachment_not_cached_and_audited(
    signed_in, board_member, records
):
    paper = records["paper"]
    response = signed_in(board_member).get(f"/board/papers/{paper.pk}/")
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="board-paper-')
    assert AuditEvent.objects.filter(
        action="board.paper_downloaded", object_id=str(paper.pk)
    ).exists()


def test_a_decision_without_a_meeting_is_refused_on_the_form(signed_in, partnership_manager):
    response = signed_in(partnership_manager).post("/board/decisions/new/", {"text": "Adopt"})
    text = response.content.decode()
    assert "There is a problem" in text and "Choose the meeting the decision was made at" in text
    assert not Decision.objects.exists()


def test_a_decision_at_an_upcoming_meeting_cannot_be_chosen(signed_in, partnership_manager):
    upcoming = MeetingFactory(held_on=days_ago(-14))
    response = signed_in(partnership_manager).post(
        "/board/decisions/new/", {"meeting": str(upcoming.pk), "text": "Adopt"}
    )
    assert "Choose the meeting the decision was made at" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decision_is_recorded_at_a_held_meeting(signed_in, partnership_manager):
    meeting = MeetingFactory()
    response = signed_in(partnership_manager).post(
        "/board/decisions/new/", {"meeting": str(meeting.pk), "text": "Adopt the strategy"}
    )
    assert response.status_code == 302
    assert Decision.objects.get().meeting == meeting


def test_a_term_ending_before_it_starts_is_shown_in_the_error_summary(
    signed_in, partnership_manager
):
    response = signed_in(partnership_manager).post(
        "/board/members/new/",
        {
            "name": "Asha",
            "organisation": "Trust",
            "category": "health",
            "voting": "yes",
            "term_starts_on-day": "1",
            "term_starts_on-month": "4",
            "term_starts_on-year": "2025",
            "term_ends_on-day": "31",
            "term_ends_on-month": "3",
            "term_ends_on-year": "2025",
        },
    )
    text = response.content.decode()
    assert "There is a problem" in text and "The end of the term must be the same as" in text
    assert not BoardMember.objects.exists()


def test_an_empty_member_form_says_what_is_missing(signed_in, partnership_manager):
    text = signed_in(partnership_manager).post("/board/members/new/", {}).content.decode()
    for message in [
        "Enter the member&#39;s name",
        "Choose the category",
        "Enter the date the term starts",
    ]:
        assert message in text


def test_attendance_is_recorded_and_quoracy_shown(signed_in, partnership_manager, settings):
    settings.BOARD_QUORUM_MINIMUM = 3
    meeting = MeetingFactory(held_on=days_ago(3))
    members = [BoardMemberFactory() for _ in range(4)]
    BoardMemberFactory(term_starts_on=days_ago(1))  # joined after the meeting: not listed
    client = signed_in(partnership_manager)
    page = client.get(f"/board/meetings/{meeting.pk}/attendance/").content.decode()
    assert page.count('type="radio"') == 4 * 4
    data = {f"attendance_{m.pk}": "present" for m in members}
    data[f"attendance_{members[3].pk}"] = "deputy"
    response = client.post(f"/board/meetings/{meeting.pk}/attendance/", data)
    assert "Enter the name of" in response.content.decode()
    data[f"deputy_{members[3].pk}"] = "Jo Deputy"
    assert client.post(f"/board/meetings/{meeting.pk}/attendance/", data).status_code == 302
    text = client.get(f"/board/meetings/{meeting.pk}/").content.decode()
    assert "Quorate: 4 of 4 voting members present, 3 needed" in text
    assert "Deputy attended: Jo Deputy" in text


def test_a_program_uploaded_as_a_paper_is_refused(signed_in, partnership_manager):
    meeting = MeetingFactory()
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00")
    response = signed_in(partnership_manager).post(
        f"/board/meetings/{meeting.pk}/papers/new/", {"title": "Plan", "file": upload}
    )
    assert "There is a problem" in response.content.decode()
    assert not Paper.objects.exists()


def test_the_actions_list_filters_open_overdue_and_done(
    signed_in, board_member, records, partnership_manager
):
    client = signed_in(board_member)
    assert "Recruit a children" in client.get("/board/actions/?status=overdue").content.decode()
    assert "Recruit a children" not in client.get("/board/actions/?status=done").content.decode()
    assert "Overdue" in client.get("/board/actions/").content.decode()
    assert client.get("/board/actions/?status=nonsense").status_code == 200


def test_the_annual_report_is_drafted_edited_downloaded_and_finalised(
    signed_in, partnership_manager, board_member, records
):
    year = financial_year_of(timezone.localdate())
    client = signed_in(partnership_manager)
    assert client.post("/board/reports/draft/", {"year": year}).status_code == 302
    page = client.get(f"/board/reports/{year}/").content.decode()
    assert "Membership" in page and "Adopt the plan" in page and "Make final" in page
    workbook = load_workbook(
        filename=io.BytesIO(client.get(f"/board/reports/{year}/?format=xlsx").content)
    )
    cells = [c for row in workbook.active.iter_rows(values_only=True) for c in row if c]
    assert "Decisions" in cells and "Adopt the plan" in cells
    refused = client.post(f"/board/reports/{year}/finalise/", {})
    assert refused.status_code == 400 and "Confirm the report is ready" in refused.content.decode()
    assert client.post(f"/board/reports/{year}/finalise/", {"confirmed": "on"}).status_code == 302
    assert "Make final" not in client.get(f"/board/reports/{year}/").content.decode()
    again = client.post("/board/reports/draft/", {"year": year})
    assert "The report is final" in again.content.decode()
    assert signed_in(board_member).get(f"/board/reports/{year}/").status_code == 200


def test_the_pages_query_counts_are_pinned(
    signed_in, partnership_manager, records, django_assert_max_num_queries
):
    client = signed_in(partnership_manager)
    for _ in range(3):
        MeetingFactory(held_on=days_ago(60))
        BoardMemberFactory()
    pages = {
        "/board/": 12,
        "/board/meetings/": 12,
        f"/board/meetings/{records['meeting'].pk}/": 18,
        "/board/actions/": 12,
    }
    for url, most in pages.items():
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200
