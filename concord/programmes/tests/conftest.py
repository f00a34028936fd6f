from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services
from concord.people.tests.factories import PersonFactory
from concord.programmes import services

REFERRED_AT = datetime(2026, 11, 2, 9, 30)


def _open(membership, person, service):
    return case_services.open_case(
        membership.user,
        person,
        service,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(REFERRED_AT),
    )


@pytest.fixture
def family_service(agency_a):
    return ServiceFactory(agency=agency_a, name="Family Service", kind=ServiceKind.FAMILY)


@pytest.fixture
def programme_service(agency_a):
    return ServiceFactory(
        agency=agency_a, name="Jenkins Centre", kind=ServiceKind.PERPETRATOR_PROGRAMME
    )


@pytest.fixture
def family_case(idva, person_a, family_service):
    """Sarah Ahmed's case at the family service, referred on 2 November 2026."""
    return _open(idva, person_a, family_service)


@pytest.fixture
def child(idva, family_case):
    """Amy Ahmed, 10, Sarah's daughter, on the family case."""
    return services.add_new_child(
        idva.user,
        family_case,
        given_name="Amy",
        family_name="Ahmed",
        date_of_birth=date(2016, 3, 27),
        role="child_of_victim",
    )


@pytest.fixture
def daniel(agency_a):
    return PersonFactory(
        agency=agency_a, given_name="Daniel", family_name="Price", is_person_causing_harm=True
    )


@pytest.fixture
def programme_case(idva, daniel, programme_service):
    """Daniel Price's case at the perpetrator programme, referred on 2 November 2026."""
    return _open(idva, daniel, programme_service)


@pytest.fixture
def help_point_case(idva, person_a):
    """A case at a help point: neither family service nor perpetrator programme."""
    return _open(idva, person_a, ServiceFactory(agency=person_a.agency, name="SAFE help point"))
