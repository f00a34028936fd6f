"""Haven's help point (agency A) takes calls; Riverford Homes (agency C) has a help point
of its own; City Police (agency B) has none."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.services import add_service
from concord.helpline import services


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def other_help_point(agency_c):
    return add_service(None, agency_c, name="Homes helpline", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def an_hour_ago():
    return timezone.now() - timedelta(hours=1)


@pytest.fixture
def call(idva, help_point, an_hour_ago):
    return services.log_call(
        idva.user,
        help_point,
        called_at=an_hour_ago,
        caller_type="victim_survivor",
        reason="safety",
        advice_given="Talked through a plan for leaving safely.",
        signposted_to=["police", "other"],
        signposted_other="Local food bank",
        duration_minutes=25,
    )
