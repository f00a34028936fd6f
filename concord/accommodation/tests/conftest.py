from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from concord.accommodation.tests.factories import AccommodationServiceFactory, UnitFactory
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.cases.models import CaseChild
from concord.people.tests.factories import PersonFactory


@pytest.fixture
def safe_home(agency_a):
    return ServiceFactory(agency=agency_a, name="Safe Home", kind=ServiceKind.HOUSING)


@pytest.fixture
def housing_case(idva, person_a, safe_home):
    """Sarah Ahmed's case at the Safe Home service, referred on 2 November 2026."""
    return case_services.open_case(
        idva.user,
        person_a,
        safe_home,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )


@pytest.fixture
def refuge(agency_a):
    """Riverford refuge, at agency A: two rooms (3 and 2 bed spaces), each with a hidden
    location."""
    accommodation = AccommodationServiceFactory(
        service=ServiceFactory(agency=agency_a, name="Riverford refuge", kind=ServiceKind.REFUGE)
    )
    UnitFactory(accommodation=accommodation, label="Room 1", bed_spaces=3, location=LOCATIONS[0])
    UnitFactory(accommodation=accommodation, label="Room 2", bed_spaces=2, location=LOCATIONS[1])
    return accommodation


#: The refuge's hidden locations: no page, export or API answer may show them but the reveal.
LOCATIONS = ("14 Quarry Lane, Riverford RV3 8QT", "Flat 2, 9 Mill Row, Riverford RV3 1AB")


@pytest.fixture
def room_1(refuge):
    return refuge.units.get(label="Room 1")


@pytest.fixture
def room_2(refuge):
    return refuge.units.get(label="Room 2")


@pytest.fixture
def refuge_case(idva, person_a, refuge):
    """Sarah Ahmed's case at the refuge, referred on 2 November 2026, with her two
    children on it."""
    case = case_services.open_case(
        idva.user,
        person_a,
        refuge.service,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )
    for given_name, born in (("Amira", date(2017, 5, 1)), ("Yusuf", date(2020, 8, 9))):
        child = PersonFactory(
            agency=person_a.agency,
            given_name=given_name,
            family_name="Ahmed",
            date_of_birth=born,
            is_child_young_person=True,
        )
        CaseChild.objects.create(
            agency=case.agency, case=case, person=child, role="child_of_victim"
        )
    return case
