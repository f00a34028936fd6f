"""Haven (agency A) runs the help point that takes online referrals; Riverford Homes
(agency C) has a help point that does not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import Service, ServiceKind
from concord.accounts.services import add_service
from concord.inbox import services
from concord.inbox.models import OnlineReferral

VALID = {
    "name": "Sam",
    "contact_method": "call",
    "phone": "07700 900123",
    "email": "",
    "safe_times": "Weekdays 10am to 2pm",
    "never": ["no_voicemail"],
    "never_other": "Do not call after 5pm",
    "danger_now": "no",
    "language": "Polish",
    "interpreter_needed": True,
    "more": "Please ask for Sam only.",
}


@pytest.fixture
def help_point(agency_a) -> Service:
    service = add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)  # type: ignore[arg-type]
    Service.objects.filter(pk=service.pk).update(takes_online_referrals=True)
    service.refresh_from_db()
    return service


@pytest.fixture
def other_help_point(agency_c) -> Service:
    return add_service(None, agency_c, name="Homes helpline", kind=ServiceKind.HELP_POINT)  # type: ignore[arg-type]


@pytest.fixture
def referral(help_point) -> OnlineReferral:
    made = services.receive_self_referral(help_point, **VALID)
    # It arrived an hour ago, so a first contact can be recorded after it.
    OnlineReferral.objects.filter(pk=made.pk).update(
        received_at=timezone.now() - timedelta(hours=1)
    )
    made.refresh_from_db()
    return made
