"""Data-protection fixtures: synthetic journeys at Haven (agency A) that ended long before
the retention period, a recent person, and Sarah Ahmed with a case, contacts, a risk
assessment, a referral and a MARAC referral, made through Concord's own services."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import Case
from concord.marac import services as marac_services
from concord.marac.models import MaracArea, MaracReferral
from concord.marac.tests.conftest import referral_values
from concord.referrals import services as referral_services
from concord.risk import services as risk_services
from concord.risk.models import Instrument
from concord.risk.tests.conftest import answers_with, checklists  # noqa: F401

SERVICE = "SAFE help point"


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name=SERVICE, kind=ServiceKind.HELP_POINT)


@pytest.fixture
def area(council):
    return MaracArea.objects.create(
        name="Riverford MARAC", slug="riverford", hosted_by=council, adult_female_population=98000
    )


@pytest.fixture
def sarahs_case(idva, person_a, help_point, area):
    """Sarah's case with a contact, a finished risk assessment, a referral to an outside
    agency and a MARAC referral."""
    case = case_services.open_case(
        idva.user,
        person_a,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=30),
    )
    case = case_services.change_status(idva.user, case, CaseStatus.OPEN)
    case_services.record_contact(
        idva.user,
        case,
        channel="call",
        initiated_by="victim",
        occurred_at=timezone.now() - timedelta(days=20),
        duration_minutes=30,
        notes="Talked through the safety plan; she is staying with her mother.",
    )
    ric = Instrument.objects.get(code="dash_ric", active=True)
    assessment = risk_services.start_assessment(idva.user, case, ric, reason="initial")
    risk_services.record_answers(idva.user, assessment, answers_with(ric, 15))
    risk_services.finish_assessment(idva.user, assessment)
    referral_services.make_referral(
        idva.user,
        case,
        outside_agency="Riverford Housing Options",
        summary="Needs a move away from the area",
        safeguarding_basis="serious_risk_of_harm",
        safeguarding_reason="She is at high risk and cannot safely be asked",
        referred_at=timezone.now() - timedelta(days=10),
    )
    marac_services.refer_to_marac(
        idva.user, case, **referral_values(area, referred_on=timezone.localdate())
    )
    return case


def end_long_ago(case: Case, on: date) -> None:
    """Move a case and what hangs off it back to ``on``, ended: synthetic history."""
    moment = timezone.make_aware(datetime.combine(on, datetime.min.time()))
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, referred_at=moment, opened_at=moment, closed_at=moment
    )
    case.status_changes.update(changed_at=moment)
    MaracReferral.objects.filter(case=case).update(referred_on=on)
