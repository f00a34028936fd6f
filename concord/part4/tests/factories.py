"""Factories of safe accommodation records for the Part 4 return's tests: services with
units, stays with their members and support, unmet need, and referrals between services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import factory
from django.utils import timezone

from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    SupportReceived,
    UnmetNeed,
)
from concord.accommodation.tests.factories import AccommodationServiceFactory
from concord.accounts.models import Service
from concord.accounts.tests.factories import UserFactory
from concord.cases.models import Case
from concord.cases.tests.factories import CaseFactory
from concord.people.models import Person
from concord.people.tests.factories import PersonFactory
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Referral


class StayFactory(factory.django.DjangoModelFactory[Stay]):
    """A stay whose lead adult's case is at the accommodation's service."""

    class Meta:
        model = Stay

    accommodation = factory.SubFactory(AccommodationServiceFactory)
    agency = factory.SelfAttribute("accommodation.agency")
    case = factory.SubFactory(
        CaseFactory,
        person__agency=factory.SelfAttribute("...agency"),
        service=factory.SelfAttribute("..accommodation.service"),
    )
    moved_in_on = date(2025, 6, 1)


class StayMemberFactory(factory.django.DjangoModelFactory[StayMember]):
    class Meta:
        model = StayMember

    stay = factory.SubFactory(StayFactory)
    agency = factory.SelfAttribute("stay.agency")
    person = factory.SubFactory(PersonFactory, agency=factory.SelfAttribute("..agency"))


class SupportReceivedFactory(factory.django.DjangoModelFactory[SupportReceived]):
    class Meta:
        model = SupportReceived

    member = factory.SubFactory(StayMemberFactory)
    agency = factory.SelfAttribute("member.agency")
    kind = "advocacy"
    started_on = date(2025, 6, 2)


class UnmetNeedFactory(factory.django.DjangoModelFactory[UnmetNeed]):
    class Meta:
        model = UnmetNeed

    accommodation = factory.SubFactory(AccommodationServiceFactory)
    agency = factory.SelfAttribute("accommodation.agency")
    referred_on = date(2025, 7, 1)
    reason = "no_capacity"


def household(
    accommodation: AccommodationService,
    *,
    adults: list[dict[str, Any]] | None = None,
    children: int = 0,
    lead: Person | None = None,
    **stay: Any,
) -> Stay:
    """A stay with its lead adult (``adults[0]``'s details, or ``lead``), any further
    adults and ``children`` children as members."""
    details = adults or [{}]
    lead_person = lead or PersonFactory(agency=accommodation.agency, **details[0])
    case = CaseFactory(
        person=lead_person, agency=accommodation.agency, service=accommodation.service
    )
    made = StayFactory.create(accommodation=accommodation, case=case, **stay)
    StayMemberFactory(stay=made, person=lead_person)
    for more in details[1:]:
        StayMemberFactory(stay=made, person=PersonFactory(agency=accommodation.agency, **more))
    for _ in range(children):
        StayMemberFactory(
            stay=made,
            is_child=True,
            person=PersonFactory(
                agency=accommodation.agency,
                date_of_birth=date(2018, 5, 1),
                is_child_young_person=True,
            ),
        )
    return made


def referral(
    case: Case,
    to_service: Service,
    *,
    status: str = ReferralStatus.ACCEPTED,
    decided_on: date = date(2025, 6, 1),
    created_case: Case | None = None,
    decline_reason: str = "",
) -> Referral:
    """A referral from ``case`` to ``to_service``, decided on ``decided_on``."""
    decided_at = timezone.make_aware(
        datetime(decided_on.year, decided_on.month, decided_on.day, 12)
    )
    return Referral.objects.create(
        agency=case.agency,
        case=case,
        referring_service=case.service,
        referred_by=UserFactory.create(),
        referred_at=decided_at,
        to_service=to_service,
        receiving_agency=to_service.agency,
        given_name=case.person.given_name,
        family_name=case.person.family_name,
        summary="Needs a safe place to stay",
        safeguarding_basis="serious_risk_of_harm",
        safeguarding_reason="Risk to life",
        status=status,
        decline_reason=decline_reason,
        decided_at=decided_at,
        created_case=created_case,
    )
