from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.tests.factories import ServiceFactory
from concord.cases import services as case_services


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
