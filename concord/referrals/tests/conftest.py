"""A small partnership for the referral tests: Haven's help point (agency A) refers Sarah
Ahmed's case to Riverford Homes' Safe Home service (agency C); City Police (agency B) is
unrelated. Everything is made through Concord's own services."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases import services as case_services
from concord.referrals import services


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def safe_home(agency_c):
    return add_service(None, agency_c, name="Safe Home", kind=ServiceKind.HOUSING)


@pytest.fixture
def case(idva, person_a, help_point):
    return case_services.open_case(
        idva.user,
        person_a,
        help_point,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.make_aware(datetime(2026, 11, 2, 9, 30)),
    )


@pytest.fixture
def consent(idva, person_a, agency_c, today):
    return services.record_consent(
        idva.user,
        person_a,
        purpose="referral",
        given=True,
        given_on=today - timedelta(days=1),
        agencies=[agency_c],
    )


@pytest.fixture
def referral(idva, case, safe_home, consent):
    return services.make_referral(
        idva.user,
        case,
        to_service=safe_home,
        summary="Needs a safe place to live; the ex-partner has keys to the flat.",
        consent=consent,
    )
