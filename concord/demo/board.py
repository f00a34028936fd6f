"""The demo's Local Partnership Board, so the board's pages are not empty for a newcomer:
twelve members across the statutory categories with the children's voice seat vacant (the
gap the members page flags), two meetings held (minutes, attendance, decisions and actions)
and one to come with its agenda and a paper. Owen Hale, the demo board member, holds the
police seat. Written through the board's services (checked and audited) and dated from
today; nothing is written if the board already has members, so running again changes
nothing. The people are invented."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from concord.accounts.models import Membership, User
from concord.board import services
from concord.board.models import BoardMember, Category, Meeting

# (name, organisation, category, voting)
MEMBERS = [
    ("Cllr Ruth Adeyemi", "Riverford City Council (chair)", Category.COUNCIL, True),
    ("Mark Ellison", "Riverford City Council, housing", Category.COUNCIL, True),
    ("Priya Shah", "Northvale District Council", Category.DISTRICT_HOUSING, True),
    ("Tom Beck", "Riverford Homes", Category.DISTRICT_HOUSING, True),
    ("Janet Morris", "Survivors' Voice panel", Category.ADULT_VICTIM_VOICE, True),
    ("Grace Obi", "Haven Domestic Abuse Service", Category.SPECIALIST_CHARITIES, True),
    ("Dan Whitlock", "Turning Point Refuges", Category.SPECIALIST_CHARITIES, True),
    ("Dr Helen Carr", "Riverford Integrated Care Board", Category.HEALTH, True),
    ("Sue Bannerjee", "Riverford NHS Trust", Category.HEALTH, False),
    ("Owen Hale", "Riverford Police", Category.POLICE_JUSTICE, True),
    ("Kate Lyons", "Probation Service", Category.POLICE_JUSTICE, True),
    ("Ali Rahman", "Office of the Police and Crime Commissioner", Category.OTHER, False),
]
# Who did not attend in person at the demo's meetings, by their place in MEMBERS.
ATTENDANCE = {2: ("apologies", ""), 8: ("apologies", ""), 9: ("deputy", "Sam Green")}
PAPER = b"%PDF-1.4\n% Concord demo: delivery plan progress, quarter 2\n%%EOF\n"


def record_demo_board(manager: Membership, board_user: User) -> None:
    if BoardMember.objects.exists():
        return
    today = timezone.localdate()
    members = [
        services.add_member(
            manager,
            name=name,
            organisation=organisation,
            category=category,
            voting=voting,
            term_starts_on=today - timedelta(days=500),
            term_ends_on=today + timedelta(days=60) if name == "Tom Beck" else None,
            user=board_user if name == "Owen Hale" else None,
        )
        for name, organisation, category, voting in MEMBERS
    ]
    services.declare_interest(
        manager,
        members[5],
        declared_on=today - timedelta(days=400),
        interest="Chief executive of Haven, which the council funds for the IDVA service",
    )
    first = _held(manager, members, today - timedelta(days=120), "Board meeting, spring")
    second = _held(manager, members, today - timedelta(days=30), "Board meeting, summer")
    services.approve_minutes(manager, first, approved_on=second.held_on)
    services.record_decision(
        manager, meeting_id=first.pk, text="Adopt the safe accommodation needs assessment."
    )
    services.record_decision(
        manager, meeting_id=second.pk, text="Recommend the council recommissions refuge spaces."
    )
    action = services.add_action(
        manager,
        first,
        description="Report the refuge occupancy figures to the next meeting",
        owner=members[6],
        due_on=second.held_on,
    )
    services.complete_action(
        manager, action, done_on=second.held_on, note="Presented at the summer meeting."
    )
    services.add_action(
        manager,
        second,
        description="Recruit a member for the children's voice seat",
        owner=members[0],
        due_on=today - timedelta(days=2),
    )
    services.add_action(
        manager,
        second,
        description="Circulate the draft annual report",
        owner=members[1],
        due_on=today + timedelta(days=21),
    )
    upcoming = services.add_meeting(
        manager,
        title="Board meeting, autumn",
        held_on=today + timedelta(days=28),
        location="Riverford Civic Centre",
    )
    for title in ("Minutes of the last meeting", "Delivery plan progress", "Annual report"):
        services.add_agenda_item(manager, upcoming, title=title)
    services.add_paper(
        manager,
        upcoming,
        upload=SimpleUploadedFile("progress.pdf", PAPER),
        title="Delivery plan progress, quarter 2",
    )


def _held(manager: Membership, members: list[BoardMember], held_on: date, title: str) -> Meeting:
    meeting = services.add_meeting(
        manager, title=title, held_on=held_on, location="Riverford Civic Centre"
    )
    services.add_agenda_item(manager, meeting, title="Delivery plan progress")
    services.record_attendance(
        manager,
        meeting,
        {member.pk: ATTENDANCE.get(n, ("present", "")) for n, member in enumerate(members)},
    )
    services.record_minutes(
        manager, meeting, minutes="The board reviewed the delivery plan and the refuge figures."
    )
    return meeting
