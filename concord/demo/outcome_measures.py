"""The demo's outcome measures (issue 18): Sarah's and Leanne's intake answers; Grace, whose
support at the help point ended seven months ago, answered at intake, at exit (agreeing to
be contacted afterwards) and at the 3-month follow-up, so her 6-month follow-up is a task for
the IDVA, with a link made for her to answer alone.

Recorded through the outcomes services like a worker would, dated from today so the demo
always looks current; recorded once (running again changes nothing).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from concord.accounts.models import Agency, User
from concord.cases import services as cases
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case, ImportedRecord
from concord.outcomes import services as outcomes
from concord.outcomes.models import OutcomeMeasure
from concord.outcomes.stages import months_after
from concord.people.models import Person
from concord.people.services import record_person

# Grace's record id is kept under a kind of its own (the partnership's demo people are
# counted under theirs).
GRACE_KIND = "demo-outcomes-person"
GRACE_ID = "demo-grace"

INTAKE = {
    "safety": 2,
    "wellbeing": 3,
    "abuse": "continued",
    "confidence": 3,
    "knows_where_to_get_help": "no",
}
EXIT = {
    "safety": 7,
    "wellbeing": 6,
    "abuse": "reduced",
    "confidence": 7,
    "knows_where_to_get_help": "yes",
    "feels_safer": "yes",
    "may_contact_after": "yes",
}
FOLLOW_UP = {
    "safety": 8,
    "wellbeing": 7,
    "abuse": "stopped",
    "confidence": 8,
    "knows_where_to_get_help": "yes",
    "feels_safer": "yes",
    "further_incidents": "no",
}


def record_demo_outcome_measures(haven: Agency, people: dict[str, Person], idva: User) -> None:
    for record_id, answers in (
        ("demo-sarah", {**INTAKE, "safety": 1, "confidence": 2}),
        ("demo-leanne", {**INTAKE, "safety": 4, "abuse": "not_sure"}),
    ):
        case = people[record_id].cases.filter(status=CaseStatus.OPEN).first()
        if case is None or OutcomeMeasure.objects.filter(case=case).exists():
            continue
        referred_on = timezone.localtime(case.referred_at).date()
        outcomes.record_measure(
            idva,
            case,
            stage="intake",
            answers=answers,
            answered_on=referred_on + timedelta(days=1),
        )
    if not ImportedRecord.objects.filter(agency=haven, kind=GRACE_KIND).exists():
        _grace(haven, idva)


def _grace(haven: Agency, idva: User) -> None:
    person = record_person(
        None, haven, given_name="Grace", family_name="Okafor", is_victim_survivor=True
    )
    ImportedRecord.objects.create(
        agency=haven, kind=GRACE_KIND, record_id=GRACE_ID, row_hash="", object_id=person.pk
    )
    today = timezone.localdate()
    closed_on = months_after(today, -7)
    referred_on = months_after(closed_on, -4)
    case = cases.open_case(
        idva,
        person,
        haven.services.get(name="SAFE help point"),
        referral_source="self",
        method_of_access="helpline_call",
        referred_at=_at(referred_on),
        lead_professional=idva,
    )
    cases.change_status(idva, case, CaseStatus.OPEN, at=_at(referred_on, hour=14))
    _answer(idva, case, "intake", INTAKE, referred_on + timedelta(days=1))
    cases.change_status(idva, case, CaseStatus.CLOSED, "support_completed", at=_at(closed_on))
    case.refresh_from_db()
    _answer(idva, case, "exit", EXIT, closed_on)
    _answer(idva, case, "follow_up", FOLLOW_UP, months_after(closed_on, 3), months=3)
    outcomes.make_link(idva, case, stage="follow_up", months=6)


def _answer(
    idva: User, case: Case, stage: str, answers: dict[str, Any], on: date, months: int = 0
) -> None:
    outcomes.record_measure(
        idva, case, stage=stage, months=months, answers=dict(answers), answered_on=on
    )


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))
