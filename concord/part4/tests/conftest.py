from __future__ import annotations

import pytest

from concord.accommodation.models import AccommodationService
from concord.accommodation.tests.factories import AccommodationServiceFactory
from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import AgencyFactory, ServiceFactory

YEAR = 2025  # April 2025 to March 2026


@pytest.fixture
def refuge(agency_a) -> AccommodationService:
    service = ServiceFactory(agency=agency_a, name="Haven Refuge", kind=ServiceKind.REFUGE)
    return AccommodationServiceFactory.create(service=service, accommodation_type="refuge")


@pytest.fixture
def second_stage(db) -> AccommodationService:
    agency = AgencyFactory(name="Moving On Housing", slug="moving-on")
    service = ServiceFactory(agency=agency, name="Move-on flats", kind=ServiceKind.REFUGE)
    return AccommodationServiceFactory.create(service=service, accommodation_type="second_stage")


@pytest.fixture
def sanctuary(agency_a) -> AccommodationService:
    service = ServiceFactory(agency=agency_a, name="Sanctuary", kind=ServiceKind.REFUGE)
    return AccommodationServiceFactory.create(
        service=service, accommodation_type="sanctuary_scheme", sanctuary_places=40
    )
