"""Headline and strategy counts on small hand-built data: what is counted and what is not."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from concord.accommodation.tests.factories import HousingCaseFactory, HousingRecordFactory
from concord.accounts.models import Agency, ServiceKind
from concord.accounts.tests.factories import AgencyFactory, ServiceFactory
from concord.cases.models import SafetyPlan
from concord.cases.tests.factories import CaseFactory
from concord.domain.periods import parse_period
from concord.indicators.engine import compute
from concord.programmes.models import ChildAttendance
from concord.programmes.tests.factories import CaseChildFactory, FamilyCaseFactory
from concord.training.models import StaffTrained
from concord.training.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db
Q1_2013 = parse_period("2013Q1")
IN, BEFORE, AFTER = date(2013, 5, 10), date(2013, 3, 31), date(2013, 7, 1)


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12, 0))


def counts(*codes: str, **filters: Any) -> dict[str, int]:
    return {result.code: result.numerator for result in compute(codes, Q1_2013, **filters)}


def test_safety_plans_completed_in_the_period(agency_a: Agency) -> None:
    case: Any = CaseFactory(agency=agency_a)
    for completed in (IN, BEFORE, None):
        SafetyPlan.objects.create(
            case=case, agency=agency_a, created_on=BEFORE, completed_on=completed
        )
    assert counts("safety_plans_completed") == {"safety_plans_completed": 1}


def test_referrals_and_cases_opened_by_kind(agency_a: Agency) -> None:
    family = ServiceFactory(agency=agency_a, kind=ServiceKind.FAMILY)
    housing = ServiceFactory(agency=agency_a, kind=ServiceKind.HOUSING)
    CaseFactory(agency=agency_a, service=family, referred_at=moment(IN), opened_at=moment(IN))
    CaseFactory(agency=agency_a, service=family, referred_at=moment(BEFORE), opened_at=moment(IN))
    CaseFactory(agency=agency_a, service=housing, referred_at=moment(IN))
    CaseFactory(agency=agency_a, service=housing, referred_at=moment(AFTER))

    assert counts(
        "family_referrals", "housing_referrals", "programme_referrals",
        "family_cases_opened", "housing_cases_opened",
    ) == {
        "family_referrals": 1, "housing_referrals": 1, "programme_referrals": 0,
        "family_cases_opened": 2, "housing_cases_opened": 0,
    }  # fmt: skip


def test_open_housing_cases_on_the_last_day(agency_a: Agency) -> None:
    opened = moment(BEFORE)
    HousingCaseFactory(agency=agency_a, opened_at=opened)  # still open
    HousingCaseFactory(agency=agency_a, opened_at=opened, closed_at=moment(AFTER))  # open then
    HousingCaseFactory(agency=agency_a, opened_at=opened, closed_at=moment(IN))  # closed
    HousingCaseFactory(agency=agency_a, opened_at=moment(AFTER))  # not yet opened
    assert counts("open_housing_cases") == {"open_housing_cases": 2}


def test_homes_secured(agency_a: Agency) -> None:
    for secured in (IN, IN, AFTER, None):
        HousingRecordFactory(case__agency=agency_a, home_secured_on=secured)
    assert counts("homes_secured") == {"homes_secured": 2}


def test_children_accessing_the_family_service_are_counted_once(agency_a: Agency) -> None:
    child: Any = CaseChildFactory(case=FamilyCaseFactory(agency=agency_a))
    for first, last in ((BEFORE, IN), (IN, AFTER), (date(2012, 1, 1), BEFORE)):
        ChildAttendance.objects.create(
            case_child=child, agency=agency_a, kind="group", sessions_attended=2,
            first_session_on=first, last_session_on=last,
        )  # fmt: skip
    assert counts("children_accessing_family_service") == {"children_accessing_family_service": 1}


def test_training_and_strategy_counts(agency_a: Agency, agency_b: Agency) -> None:
    staff: Any = TrainingSessionFactory(agency=agency_a, held_on=IN, kind="staff_training")
    TrainingSessionFactory(agency=agency_a, held_on=IN, kind="prevention_session",
                           children_reached=30)  # fmt: skip
    TrainingSessionFactory(agency=agency_a, held_on=AFTER, kind="prevention_session",
                           children_reached=99)  # fmt: skip
    StaffTrained.objects.create(session=staff, agency=agency_a, staff=4)
    StaffTrained.objects.create(session=staff, agency=agency_b, staff=6)

    assert counts(
        "training_sessions_delivered", "prevention_sessions", "prevention_children_reached",
        "staff_trained",
    ) == {
        "training_sessions_delivered": 2, "prevention_sessions": 1,
        "prevention_children_reached": 30, "staff_trained": 10,
    }  # fmt: skip
    by_agency = compute(["staff_trained"], Q1_2013, disaggregation="agency")
    assert {(result.group, result.numerator) for result in by_agency} == {
        (agency_a.name, 4), (agency_b.name, 6),
    }  # fmt: skip
    assert counts("staff_trained", agency=agency_b) == {"staff_trained": 6}
    assert counts("staff_trained", agency=AgencyFactory()) == {"staff_trained": 0}
