"""Every write to the board's records: the partnership manager's, each in one short
transaction with its audit event (names of fields changed, never their values). The
pages and the API call these, so both refuse the same bad input the same way."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

import rules
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Membership, User
from concord.accounts.roles import Role
from concord.board import annual
from concord.board.models import (
    AgendaItem,
    AnnualReport,
    Attendance,
    BoardAction,
    BoardMember,
    Decision,
    InterestDeclaration,
    Meeting,
    MeetingAttendance,
    Paper,
)
from concord.core import audit, filetypes
from concord.core.validators import future_problem
from concord.domain.quorum import in_term

NOT_MANAGER = "Only the partnership manager can change the board's records"
TERM_ORDER = "The end of the term must be the same as or after its start"
NO_MEETING = "Choose the meeting the decision was made at"
MEETING_NOT_HELD = "A decision can only be recorded for a meeting that has been held"
FINALISED = "The report is final: it cannot be changed or drafted again"

MEMBER_FIELDS = (
    "name",
    "organisation",
    "agency",
    "category",
    "role_title",
    "user",
    "voting",
    "term_starts_on",
    "term_ends_on",
)


def _may_keep(membership: Membership) -> None:
    if not rules.test_rule("board.manage_board", membership):
        raise ValidationError(NOT_MANAGER)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# Members -------------------------------------------------------------------------------------


def _check_member(member: BoardMember) -> None:
    if member.term_ends_on is not None and member.term_ends_on < member.term_starts_on:
        raise ValidationError({"term_ends_on": TERM_ORDER})
    if member.user_id is not None and not _reads_board_papers(member.user_id):
        raise ValidationError(
            {"user": "Link a Concord account with the board member role, or none"}
        )


def _reads_board_papers(user_id: UUID) -> bool:
    return Membership.objects.active().filter(user_id=user_id, role=Role.BOARD_MEMBER).exists()


@transaction.atomic
def add_member(membership: Membership, **values: Any) -> BoardMember:
    """Add a member to the board in a statutory category, for a term."""
    _may_keep(membership)
    return audit.save_changes(
        BoardMember(),
        _member_values(values),
        "board.member_added",
        actor=membership.user,
        agency=membership.agency,
        check=_check_member,
    )


@transaction.atomic
def change_member(membership: Membership, member: BoardMember, **values: Any) -> BoardMember:
    _may_keep(membership)
    member = BoardMember.objects.select_for_update().get(pk=member.pk)
    return audit.save_changes(
        member,
        _member_values(values),
        "board.member_changed",
        actor=membership.user,
        agency=membership.agency,
        check=_check_member,
        only_if_changed=True,
    )


def _member_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"Not a member's field: {sorted(unknown)}")
    return {name: values[name] for name in MEMBER_FIELDS if name in values}


@transaction.atomic
def end_term(membership: Membership, member: BoardMember, *, ended_on: date) -> BoardMember:
    """End a member's term on ``ended_on`` (their last day on the board)."""
    _may_keep(membership)
    member = BoardMember.objects.select_for_update().get(pk=member.pk)
    if ended_on < member.term_starts_on:
        raise ValidationError({"ended_on": "The term cannot end before it started"})
    return audit.save_changes(
        member,
        {"term_ends_on": ended_on},
        "board.member_term_ended",
        actor=membership.user,
        agency=membership.agency,
    )


@transaction.atomic
def declare_interest(
    membership: Membership, member: BoardMember, *, declared_on: date, interest: str
) -> InterestDeclaration:
    _may_keep(membership)
    problem = future_problem(declared_on, "The date declared")
    if problem:
        raise ValidationError({"declared_on": problem})
    if not interest.strip():
        raise ValidationError({"interest": "Enter the interest declared"})
    declaration = InterestDeclaration.objects.create(
        member=member, declared_on=declared_on, interest=interest.strip()
    )
    audit.record(
        "board.interest_declared",
        actor=membership.user,
        agency=membership.agency,
        target=declaration,
        changes=["declared_on", "interest"],
    )
    return declaration


@transaction.atomic
def end_interest(
    membership: Membership, declaration: InterestDeclaration, *, ended_on: date
) -> InterestDeclaration:
    _may_keep(membership)
    declaration = InterestDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.ended_on is not None:
        raise ValidationError({"ended_on": "The interest has already ended"})
    if ended_on < declaration.declared_on:
        raise ValidationError({"ended_on": "The interest cannot end before it was declared"})
    return audit.save_changes(
        declaration,
        {"ended_on": ended_on},
        "board.interest_ended",
        actor=membership.user,
        agency=membership.agency,
    )


# Meetings, agenda, papers, minutes -----------------------------------------------------------


@transaction.atomic
def add_meeting(
    membership: Membership, *, title: str, held_on: date, location: str = ""
) -> Meeting:
    _may_keep(membership)
    return audit.save_changes(
        Meeting(),
        {"title": title.strip(), "held_on": held_on, "location": location.strip()},
        "board.meeting_added",
        actor=membership.user,
        agency=membership.agency,
    )


@transaction.atomic
def change_meeting(
    membership: Membership, meeting: Meeting, *, title: str, held_on: date, location: str = ""
) -> Meeting:
    """Change a meeting's details. A meeting with attendance or decisions recorded cannot
    move to a date after today, nor to one some members recorded were not in term on."""
    _may_keep(membership)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if held_on != meeting.held_on and _has_records(meeting):
        if held_on > timezone.localdate():
            raise ValidationError(
                {"held_on": "The meeting has attendance or decisions: it cannot move to the future"}
            )
        out = _out_of_term(meeting.attendance.values_list("member_id", flat=True), held_on)
        if out:
            raise ValidationError(
                {"held_on": f"{out[0].name} was recorded at the meeting but is not in term then"}
            )
    return audit.save_changes(
        meeting,
        {"title": title.strip(), "held_on": held_on, "location": location.strip()},
        "board.meeting_changed",
        actor=membership.user,
        agency=membership.agency,
        only_if_changed=True,
    )


def _has_records(meeting: Meeting) -> bool:
    return meeting.attendance.exists() or meeting.decisions.exists()


def _out_of_term(member_ids: Any, day: date) -> list[BoardMember]:
    return [
        member
        for member in BoardMember.objects.filter(pk__in=list(member_ids))
        if not in_term(member.term_starts_on, member.term_ends_on, day)
    ]


@transaction.atomic
def add_agenda_item(
    membership: Membership, meeting: Meeting, *, title: str, presenter: str = ""
) -> AgendaItem:
    """Add an item at the end of the meeting's agenda. The meeting's row is locked so that
    two items added at once take consecutive places."""
    _may_keep(membership)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not title.strip():
        raise ValidationError({"title": "Enter the agenda item"})
    last = meeting.agenda.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem.objects.create(
        meeting=meeting, position=(last or 0) + 1, title=title.strip(), presenter=presenter.strip()
    )
    audit.record(
        "board.agenda_item_added",
        actor=membership.user,
        agency=membership.agency,
        target=meeting,
        changes=["agenda"],
    )
    return item


def too_large_message() -> str:
    return f"The file must be smaller than {settings.DOCUMENT_MAX_BYTES // (1024 * 1024)} MB"


def _paper_kind(upload: UploadedFile) -> str:
    if upload.size is None or upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": too_large_message()})
    try:
        return filetypes.kind_of(upload)
    except filetypes.NotAccepted as refused:
        raise ValidationError({"file": str(refused)}) from None


@transaction.atomic
def add_paper(
    membership: Membership,
    meeting: Meeting,
    *,
    upload: UploadedFile,
    title: str,
    agenda_item: AgendaItem | None = None,
) -> Paper:
    """Keep a paper for the meeting: a kind of document Concord takes, told by its
    content, no larger than CONCORD_DOCUMENT_MAX_MB."""
    _may_keep(membership)
    if not title.strip():
        raise ValidationError({"title": "Enter the paper's title"})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Choose an item of this meeting's agenda"})
    kind = _paper_kind(upload)
    upload.seek(0)
    content = upload.read()
    paper = Paper.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip(),
        kind=kind,
        size=len(content),
        content=content,
        uploaded_by=membership.user,
    )
    audit.record(
        "board.paper_added",
        actor=membership.user,
        agency=membership.agency,
        target=paper,
        changes=["file", "title"],
    )
    return paper


def open_paper(user: User, membership: Membership, paper_id: UUID) -> Paper:
    """A paper with its content, to download; the download is audited."""
    paper = Paper.objects.get(pk=paper_id)
    audit.record("board.paper_downloaded", actor=user, agency=membership.agency, target=paper)
    return paper


@transaction.atomic
def record_minutes(membership: Membership, meeting: Meeting, *, minutes: str) -> Meeting:
    """Write or correct the minutes of a held meeting, until they are approved."""
    _may_keep(membership)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.held_on > timezone.localdate():
        raise ValidationError({"minutes": "The meeting has not been held yet"})
    if meeting.minutes_approved_on is not None:
        raise ValidationError({"minutes": "The minutes are approved: they cannot be changed"})
    if not minutes.strip():
        raise ValidationError({"minutes": "Enter the minutes"})
    return audit.save_changes(
        meeting,
        {"minutes": minutes.strip()},
        "board.minutes_recorded",
        actor=membership.user,
        agency=membership.agency,
        only_if_changed=True,
    )


@transaction.atomic
def approve_minutes(membership: Membership, meeting: Meeting, *, approved_on: date) -> Meeting:
    """Record the date the board approved the minutes (usually at its next meeting)."""
    _may_keep(membership)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.minutes:
        raise ValidationError({"approved_on": "Record the minutes before approving them"})
    if meeting.minutes_approved_on is not None:
        raise ValidationError({"approved_on": "The minutes are already approved"})
    problem = future_problem(approved_on, "The date approved")
    if problem:
        raise ValidationError({"approved_on": problem})
    if approved_on < meeting.held_on:
        raise ValidationError(
            {"approved_on": "The minutes cannot be approved before the meeting was held"}
        )
    return audit.save_changes(
        meeting,
        {"minutes_approved_on": approved_on},
        "board.minutes_approved",
        actor=membership.user,
        agency=membership.agency,
    )


# Attendance ----------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    membership: Membership,
    meeting: Meeting,
    entries: Mapping[UUID, tuple[str, str]],
) -> list[MeetingAttendance]:
    """Record (or correct) who attended a held meeting: for each member, their attendance
    and the name of the deputy they sent. Only members in term on the meeting's date; the
    whole record is refused, nothing saved, if any entry is wrong."""
    _may_keep(membership)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.held_on > timezone.localdate():
        raise ValidationError("Attendance can be recorded once the meeting has been held")
    members = {member.pk: member for member in BoardMember.objects.filter(pk__in=list(entries))}
    problems: dict[str, str] = {}
    for member_id, (attendance, deputy) in entries.items():
        member = members.get(member_id)
        field = f"attendance_{member_id}"
        if member is None or not in_term(
            member.term_starts_on, member.term_ends_on, meeting.held_on
        ):
            problems[field] = "Attendance can only be recorded for members in term on the day"
        elif attendance not in Attendance.values:
            problems[field] = (
                f"Choose whether {member.name} was present, sent a deputy, "
                "gave apologies or was absent"
            )
        elif attendance == Attendance.DEPUTY and not deputy.strip():
            problems[f"deputy_{member_id}"] = f"Enter the name of {member.name}'s deputy"
    if problems:
        raise ValidationError(problems)
    meeting.attendance.exclude(member_id__in=list(entries)).delete()
    saved = [
        MeetingAttendance.objects.update_or_create(
            meeting=meeting,
            member_id=member_id,
            defaults={
                "attendance": attendance,
                "deputy_name": deputy.strip() if attendance == Attendance.DEPUTY else "",
            },
        )[0]
        for member_id, (attendance, deputy) in entries.items()
    ]
    audit.record(
        "board.attendance_recorded",
        actor=membership.user,
        agency=membership.agency,
        target=meeting,
        changes=["attendance"],
        reason=f"{len(saved)} members",
    )
    return saved


# Decisions and actions -----------------------------------------------------------------------


@transaction.atomic
def record_decision(
    membership: Membership, *, meeting_id: UUID | None, text: str, today: date | None = None
) -> Decision:
    """Record a decision of the board at a meeting that exists and has been held; its
    reference is the meeting's month and the next number at that meeting (2025-06/3)."""
    _may_keep(membership)
    if meeting_id is None:
        raise ValidationError({"meeting": NO_MEETING})
    meeting = Meeting.objects.select_for_update().filter(pk=meeting_id).first()
    if meeting is None:
        raise ValidationError({"meeting": NO_MEETING})
    if meeting.held_on > _today(today):
        raise ValidationError({"meeting": MEETING_NOT_HELD})
    if not text.strip():
        raise ValidationError({"text": "Enter the decision"})
    number = meeting.decisions.count() + 1
    decision = Decision.objects.create(
        meeting=meeting, reference=f"{meeting.held_on:%Y-%m}/{number}", text=text.strip()
    )
    audit.record(
        "board.decision_recorded",
        actor=membership.user,
        agency=membership.agency,
        target=decision,
        changes=["text"],
    )
    return decision


@transaction.atomic
def add_action(
    membership: Membership,
    meeting: Meeting,
    *,
    description: str,
    owner: BoardMember | None,
    due_on: date,
) -> BoardAction:
    """An action agreed at a meeting, owned by a member, due on or after the meeting."""
    _may_keep(membership)
    problems: dict[str, str] = {}
    if not description.strip():
        problems["description"] = "Enter what is to be done"
    if owner is None:
        problems["owner"] = "Choose the member who owns the action"
    if due_on < meeting.held_on:
        problems["due_on"] = "The action cannot be due before the meeting that agreed it"
    if problems:
        raise ValidationError(problems)
    assert owner is not None
    action = BoardAction.objects.create(
        meeting=meeting, description=description.strip(), owner=owner, due_on=due_on
    )
    audit.record(
        "board.action_added",
        actor=membership.user,
        agency=membership.agency,
        target=action,
        changes=["description", "owner", "due_on"],
    )
    return action


@transaction.atomic
def complete_action(
    membership: Membership, action: BoardAction, *, done_on: date, note: str
) -> BoardAction:
    _may_keep(membership)
    action = BoardAction.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    problems: dict[str, str] = {}
    if action.done_on is not None:
        problems["done_on"] = "The action is already done"
    elif problem := future_problem(done_on, "The date done"):
        problems["done_on"] = problem
    elif done_on < action.meeting.held_on:
        problems["done_on"] = "The action cannot be done before the meeting that agreed it"
    if not note.strip():
        problems["note"] = "Say what was done"
    if problems:
        raise ValidationError(problems)
    return audit.save_changes(
        action,
        {"done_on": done_on, "done_note": note.strip()},
        "board.action_done",
        actor=membership.user,
        agency=membership.agency,
    )


# The annual report ---------------------------------------------------------------------------


@transaction.atomic
def draft_annual_report(
    membership: Membership, year: int, *, today: date | None = None
) -> AnnualReport:
    """Draft (or draft again) the report of a financial year from the board's records as
    they stand. A final report is never drafted again."""
    _may_keep(membership)
    today = _today(today)
    report = AnnualReport.objects.select_for_update().filter(year=year).first()
    if report is not None and report.finalised_on is not None:
        raise ValidationError({"year": FINALISED})
    sections = annual.draft_sections(year, today=today, council=membership.agency.name)
    values = {"sections": sections, "drafted_by": membership.user, "drafted_on": today}
    return audit.save_changes(
        report or AnnualReport(year=year),
        values,
        "board.annual_report_drafted",
        actor=membership.user,
        agency=membership.agency,
    )


@transaction.atomic
def edit_report_text(
    membership: Membership, report: AnnualReport, texts: Mapping[str, str]
) -> AnnualReport:
    """Replace the text of sections (by key); the tables stay as drafted."""
    _may_keep(membership)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.finalised_on is not None:
        raise ValidationError(FINALISED)
    sections = [dict(section) for section in report.sections]
    changed = []
    for section in sections:
        text = texts.get(section["key"])
        if text is None:
            continue
        if not text.strip():
            raise ValidationError({section["key"]: f"Enter the text of “{section['title']}”"})
        if text.strip() != section["text"]:
            section["text"] = text.strip()
            changed.append(section["key"])
    report.sections = sections
    report.save(update_fields=["sections", "updated_at"])
    audit.record(
        "board.annual_report_edited",
        actor=membership.user,
        agency=membership.agency,
        target=report,
        changes=[f"sections.{key}" for key in changed],
    )
    return report


@transaction.atomic
def finalise_report(
    membership: Membership, report: AnnualReport, *, today: date | None = None
) -> AnnualReport:
    """Make the report final: read-only from now on."""
    _may_keep(membership)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.finalised_on is not None:
        raise ValidationError(FINALISED)
    return audit.save_changes(
        report,
        {"finalised_on": _today(today), "finalised_by": membership.user},
        "board.annual_report_finalised",
        actor=membership.user,
        agency=membership.agency,
    )
