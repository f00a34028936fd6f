"""Haven (agency A) runs a help point and an outreach service; Riverford Homes (agency C)
has its own service. Dates are counted back from today, so targets fall where a test says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.cases.tests.factories import CaseFactory
from concord.voice import services


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def days_ago(today):
    return lambda days: today - timedelta(days=days)


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def housing(agency_a):
    return add_service(None, agency_a, name="Safe Home", kind=ServiceKind.HOUSING)


@pytest.fixture
def homes_service(agency_c):
    return add_service(None, agency_c, name="Homes support", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def case_a(person_a, help_point):
    person_a.sex = "female"
    person_a.ethnicity = "asian_indian"
    person_a.disability = "no"
    person_a.date_of_birth = date(1990, 1, 1)
    person_a.save()
    return CaseFactory(person=person_a, service=help_point, reference="HAV-000123")


@pytest.fixture
def complaint(manager_a, help_point, days_ago):
    return services.log_complaint(
        manager_a.user,
        help_point,
        received_on=days_ago(1),
        channel="phone",
        summary="Nobody called back when promised.",
    )
