"""The demo's feedback, complaints and survivor involvement, so the pages, the service
manager's home panel, the pack's victims' voice section and the board pack are not empty:
four pieces of feedback (one linked to a case, as the person wished), four complaints at
different stages (one answered within target, one overdue, one at its review stage, one
just in) and two involvement activities with what changed.

Written through concord.voice.services (each write audited), dated back from today so one
complaint is always overdue; loading again finds the demo's records and adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from concord.accounts.models import Agency, Membership, Service, User
from concord.cases.models import Case
from concord.people.models import Person
from concord.voice import services
from concord.voice.models import Complaint

Ago = Callable[[int], date]

FIRST_COMPLAINT = "Waited a week for the call back the worker promised."


def record_demo_voice(
    agencies: dict[str, Agency],
    people: dict[str, Person],
    manager: Membership,
    partnership: Membership,
) -> None:
    haven = agencies["haven"]
    if Complaint.objects.filter(agency=haven, summary=FIRST_COMPLAINT).exists():
        return
    today = timezone.localdate()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    help_point = Service.objects.get(agency=haven, name="SAFE help point")
    safe_home = Service.objects.get(agency=haven, name="Safe Home")
    user = manager.user
    case = Case.objects.filter(person=people["demo-sarah"]).first()
    _feedback(user, help_point, safe_home, case, ago)
    _complaints(user, help_point, safe_home, ago)
    _involvement(partnership, manager, ago)


def _feedback(
    user: User, help_point: Service, safe_home: Service, case: Case | None, ago: Ago
) -> None:
    record = services.record_feedback
    record(
        user,
        help_point,
        received_on=ago(12),
        kind="compliment",
        channel="survey",
        what_was_said="My worker believed me from the first call and never rushed me.",
        answers={
            "sex": "female",
            "ethnicity": "white_english_welsh_scottish_ni_british",
            "approximate_age": 35,
        },
        actions_taken="Shared with the team at the weekly meeting.",
    )
    record(
        user,
        safe_home,
        received_on=ago(20),
        kind="suggestion",
        channel="in_person",
        what_was_said="A text the day before a sanctuary fitting would help.",
        answers={"sex": "female", "ethnicity": "asian_pakistani", "disability": "no"},
    )
    record(
        user,
        help_point,
        received_on=ago(5),
        kind="comment",
        channel="phone",
        what_was_said="The evening line was engaged three times.",
    )
    if case is not None:
        record(
            user,
            help_point,
            received_on=ago(3),
            kind="compliment",
            channel="email",
            what_was_said="Thank you for coming with me to court.",
            wants_linked=True,
            case=case,
        )


def _complaints(user: User, help_point: Service, safe_home: Service, ago: Ago) -> None:
    answered = services.log_complaint(
        user,
        help_point,
        received_on=ago(40),
        channel="phone",
        summary=FIRST_COMPLAINT,
        answers={"sex": "female", "ethnicity": "black_caribbean", "approximate_age": 25},
    )
    services.acknowledge_complaint(user, answered, acknowledged_on=ago(39))
    services.respond_to_complaint(
        user,
        answered,
        responded_on=ago(30),
        outcome="upheld",
        response="We apologised and named a worker to call on agreed days.",
        lessons="Call-backs are booked in the shared diary, not on paper.",
    )
    reviewed = services.log_complaint(
        user,
        safe_home,
        received_on=ago(35),
        channel="letter",
        summary="The locks were fitted but the back door was left unchecked.",
        answers={"sex": "male", "disability": "yes_limited_a_lot", "approximate_age": 55},
    )
    services.acknowledge_complaint(user, reviewed, acknowledged_on=ago(34))
    services.respond_to_complaint(
        user, reviewed, responded_on=ago(20), outcome="not_upheld", response="Checked on site."
    )
    services.escalate_complaint(user, reviewed, began_on=ago(15))
    reviewed.refresh_from_db()
    services.acknowledge_complaint(user, reviewed, acknowledged_on=ago(14))
    # Not acknowledged, and its three days have passed: overdue on the list and home panel.
    services.log_complaint(
        user,
        help_point,
        received_on=ago(6),
        channel="email",
        summary="Nobody told me my appointment had moved.",
    )
    services.log_complaint(
        user,
        help_point,
        received_on=ago(1),
        channel="web",
        summary="The leaflet was only in English.",
    )


def _involvement(partnership: Membership, manager: Membership, ago: Ago) -> None:
    services.record_activity(
        partnership.user,
        partnership.agency,
        held_on=ago(25),
        title="Survivor panel: the refuge house rules",
        kind="survivor_panel",
        survivors_involved=7,
        what_was_asked="Which refuge rules make it harder to settle or to keep children safe?",
        what_changed="Visiting hours changed to fit school runs; the curfew was dropped.",
        change_status="done",
    )
    services.record_activity(
        manager.user,
        manager.agency,
        held_on=ago(10),
        title="Help point survey on getting through",
        kind="survey",
        survivors_involved=41,
        what_was_asked="When do you try to call, and what happens when the line is busy?",
        what_changed="A call-back request by text is being set up for evenings.",
        change_status="in_progress",
    )
