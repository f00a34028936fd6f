"""The demo's outcomes of support beyond the help point, so the pack's outcome and strategy
lines show figures: Sarah's home made safe with sanctuary measures after a refuge stay,
Leanne's children at the family service (their concerns asked, one at the crèche), a refuge
place at Turning Point, and training sessions that asked whether attendees know more.

Recorded through each app's services like a worker would, dated from today so the demo
always looks current; each part is recorded once (running again changes nothing).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from concord.accommodation import services as housing
from concord.accounts.models import Agency, Service, User
from concord.cases import services as cases
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.people.models import Person
from concord.people.services import record_person
from concord.programmes import services as family
from concord.training.models import TrainingSession
from concord.training.services import record_training_session

SESSIONS = (
    # (title, days ago, attendees, said they know more: None when not asked)
    ("Recognising coercive control", 30, 18, 15),
    ("Domestic abuse and the workplace", 12, 24, 19),
    ("Healthy relationships (school assembly)", 5, 60, None),
)


def record_demo_outcomes(
    agencies: dict[str, Agency], people: dict[str, Person], manager: User, refuge: User
) -> None:
    """``manager`` records Haven's work, ``refuge`` Turning Point's."""
    haven = agencies["haven"]
    _sanctuary(people["demo-sarah"], haven.services.get(name="Safe Home"), manager)
    _children(people["demo-leanne"], haven.services.get(name="Family Service"), manager)
    _refuge(agencies["turning-point"], refuge)
    _training(haven, agencies["police"], manager)


def _opened(person: Person, service: Service, worker: User, days_ago: int) -> Case | None:
    """A new open case of ``person`` at ``service``; None when the demo recorded it before."""
    if person.cases.filter(service=service).exists():
        return None
    referred = _today() - timedelta(days=days_ago)
    case = cases.open_case(
        worker,
        person,
        service,
        referral_source="specialist_da_service",
        method_of_access="professional_referral",
        referred_at=referred,
    )
    cases.change_status(worker, case, CaseStatus.OPEN, at=referred + timedelta(hours=1))
    return case


def _sanctuary(person: Person, safe_home: Service, worker: User) -> None:
    case = _opened(person, safe_home, worker, days_ago=40)
    if case is None:
        return
    today = timezone.localdate()
    housing.record_refuge_placement(
        worker, case, placed_on=today - timedelta(days=38), ended_on=today - timedelta(days=10)
    )
    for kind, days_ago in (("door_and_window_locks", 8), ("alarm", 8), ("letterbox_guard", 3)):
        housing.add_sanctuary_measure(
            worker, case, kind=kind, fitted_on=today - timedelta(days=days_ago)
        )


def _children(person: Person, family_service: Service, worker: User) -> None:
    case = _opened(person, family_service, worker, days_ago=25)
    if case is None:
        return
    today = timezone.localdate()
    for given, born, self_harm, suicidal_feelings, creche in (
        ("Mia", date(today.year - 4, 3, 2), "no", "no", 6),
        ("Jayden", date(today.year - 14, 9, 20), "yes", "not_known", 0),
    ):
        child = family.add_new_child(
            worker,
            case,
            given_name=given,
            family_name=person.family_name,
            role="child_of_victim",
            date_of_birth=born,
        )
        family.record_child_flags(
            worker,
            child,
            asked_on=today - timedelta(days=20),
            self_harm=self_harm,
            suicidal_feelings=suicidal_feelings,
        )
        if creche:
            family.record_child_attendance(
                worker,
                child,
                kind="creche",
                sessions_attended=creche,
                first_session_on=today - timedelta(days=18),
                last_session_on=today - timedelta(days=4),
            )


def _refuge(turning_point: Agency, worker: User) -> None:
    refuge = turning_point.services.get(name="Riverford refuge")
    if Case.objects.filter(service=refuge).exists():
        return
    resident = record_person(
        worker, turning_point, given_name="Grace", family_name="Adeyemi", is_victim_survivor=True
    )
    _opened(resident, refuge, worker, days_ago=15)


def _training(haven: Agency, police: Agency, worker: User) -> None:
    today = timezone.localdate()
    for title, days_ago, attendees, know_more in SESSIONS:
        if TrainingSession.objects.filter(agency=haven, title=title).exists():
            continue
        prevention = know_more is None
        record_training_session(
            worker,
            haven,
            held_on=today - timedelta(days=days_ago),
            kind="prevention_session" if prevention else "staff_training",
            title=title,
            attendees=attendees,
            children_reached=attendees if prevention else 0,
            reported_more_knowledge=know_more,
            staff_trained=None if prevention else {police: attendees // 2, haven: attendees // 3},
        )


def _today() -> datetime:
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
