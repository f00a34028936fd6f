"""A small MARAC for the tests: City Council (``council``) hosts the Riverford MARAC and
employs its coordinator; Haven's IDVA (agency A) refers Sarah Ahmed's case; City Police
(agency B) and Haven attend the meeting; Riverford Homes (agency C) does not. Everything
is made through Concord's own services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from concord.accounts.models import ServiceKind
from concord.accounts.roles import Role
from concord.accounts.services import add_service
from concord.accounts.tests.factories import MembershipFactory, enrol_authenticator
from concord.cases import services as case_services
from concord.cases.lifecycle import CaseStatus
from concord.marac import repeats, services
from concord.marac.models import MaracArea

DARREN = repeats.Party("Darren", "Cole", date(1985, 7, 1))


def member(agency, role):
    membership = MembershipFactory(agency=agency, role=role)
    enrol_authenticator(membership.user)
    return membership


def referral_values(area, **changes):
    values = {
        "area": area,
        "referred_on": timezone.localdate(),
        "criteria": ["visible_high_risk"],
        "score": 15,
        "risk_summary": "Strangled last week; threatened to kill her if she leaves.",
        "victim_fears": "Darren Cole, her ex-partner, and his brother",
        "new_incident_criminal": True,
        "people_causing_harm": [DARREN],
        "children_count": 2,
        "children_details": "Amir, 4, and Layla, 7",
        "victim_knows": True,
        "victim_consented": True,
        "no_consent_reason": "",
        "safe_contact": "07700 900123 after 2pm; say you are from the surgery",
    }
    return values | changes


def open_case(worker, person, service, days_ago=30):
    case = case_services.open_case(
        worker.user,
        person,
        service,
        referral_source="police",
        method_of_access="professional_referral",
        referred_at=timezone.now() - timedelta(days=days_ago),
    )
    return case_services.change_status(worker.user, case, CaseStatus.OPEN)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def coordinator(council):
    return member(council, Role.MARAC_COORDINATOR)


@pytest.fixture
def homes_rep(agency_c):
    """A representative of an agency that does not attend the meeting."""
    return member(agency_c, Role.MARAC_REPRESENTATIVE)


@pytest.fixture
def area(council):
    return MaracArea.objects.create(
        name="Riverford MARAC", slug="riverford", hosted_by=council, adult_female_population=98000
    )


@pytest.fixture
def help_point(agency_a):
    return add_service(None, agency_a, name="SAFE help point", kind=ServiceKind.HELP_POINT)


@pytest.fixture
def case(idva, person_a, help_point):
    return open_case(idva, person_a, help_point)


@pytest.fixture
def referral(idva, case, area):
    return services.refer_to_marac(idva.user, case, **referral_values(area))


@pytest.fixture
def meeting(coordinator, area, agency_a, agency_b, today):
    return services.schedule_meeting(
        coordinator.user, area, meets_on=today, agencies=[agency_a, agency_b]
    )


@pytest.fixture
def item(coordinator, meeting, referral):
    return services.list_on_agenda(coordinator.user, meeting, referral)


@pytest.fixture
def heard(coordinator, item):
    return services.record_discussion(
        coordinator.user, item, summary="Police to flag the address; IDVA to plan safety."
    )


@pytest.fixture
def action(coordinator, heard, agency_b, today):
    return services.assign_action(
        coordinator.user,
        heard,
        agency=agency_b,
        description="Flag the victim's address for an urgent response",
        due_on=today + timedelta(days=7),
    )
