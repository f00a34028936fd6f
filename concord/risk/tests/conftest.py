"""Risk fixtures: the bundled checklists, an open case at Haven's help point (agency A) and
one at City Police (agency B). Everything is made through Concord's own services."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.people.tests.factories import PersonFactory
from concord.risk.instruments import BUNDLED, read_instrument, store_instrument
from concord.risk.models import Instrument, Question


@pytest.fixture(autouse=True)
def checklists(db):
    """The migration loads them; a test database flushed by a transactional test has lost
    them, so they are loaded again when missing."""
    if not Instrument.objects.exists():
        for path in BUNDLED:
            store_instrument(read_instrument(path), Instrument, Question)


@pytest.fixture
def ric():
    return Instrument.objects.get(code="dash_ric", active=True)


@pytest.fixture
def acpo():
    return Instrument.objects.get(code="acpo_dash", active=True)


def _open_case(membership, person, kind=ServiceKind.HELP_POINT):
    service = add_service(None, membership.agency, name="Service", kind=kind)
    case = case_services.open_case(
        membership.user,
        person,
        service,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    return case_services.change_status(membership.user, case, CaseStatus.OPEN)


@pytest.fixture
def case(idva, person_a):
    return _open_case(idva, person_a)


@pytest.fixture
def police_case(manager_b, agency_b):
    return _open_case(manager_b, PersonFactory(agency=agency_b), ServiceKind.OTHER)


def answers_with(instrument, yes: int, rest: str = "no") -> dict[str, str]:
    """Every question answered: the first ``yes`` yes, the others ``rest``."""
    codes = list(instrument.questions.values_list("code", flat=True))
    return {code: "yes" if place < yes else rest for place, code in enumerate(codes)}
