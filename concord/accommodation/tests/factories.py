from __future__ import annotations

from datetime import date

import factory

from concord.accommodation.models import (
    AccommodationService,
    HousingRecord,
    SanctuaryMeasure,
    Stay,
    Unit,
)
from concord.accounts.models import ServiceKind
from concord.cases.tests.factories import CaseFactory


class HousingCaseFactory(CaseFactory):
    """A case at a housing (Safe Home) service."""

    service = factory.SubFactory(
        "concord.accounts.tests.factories.ServiceFactory",
        agency=factory.SelfAttribute("..agency"),
        kind=ServiceKind.HOUSING,
    )


class HousingRecordFactory(factory.django.DjangoModelFactory[HousingRecord]):
    class Meta:
        model = HousingRecord

    case = factory.SubFactory(HousingCaseFactory)
    agency = factory.SelfAttribute("case.agency")


class SanctuaryMeasureFactory(factory.django.DjangoModelFactory[SanctuaryMeasure]):
    class Meta:
        model = SanctuaryMeasure

    housing_record = factory.SubFactory(HousingRecordFactory)
    agency = factory.SelfAttribute("housing_record.agency")
    kind = "door_and_window_locks"
    fitted_on = date(2026, 11, 5)


class AccommodationServiceFactory(factory.django.DjangoModelFactory[AccommodationService]):
    """A refuge: a refuge service of its own agency, set up as safe accommodation."""

    class Meta:
        model = AccommodationService

    service = factory.SubFactory(
        "concord.accounts.tests.factories.ServiceFactory", kind=ServiceKind.REFUGE
    )
    agency = factory.SelfAttribute("service.agency")
    accommodation_type = "refuge"
    funding_source = "part4_grant"


class UnitFactory(factory.django.DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    accommodation = factory.SubFactory(AccommodationServiceFactory)
    agency = factory.SelfAttribute("accommodation.agency")
    label = factory.Sequence(lambda n: f"Room {n}")
    bed_spaces = 3
    location = factory.Sequence(lambda n: f"{n} Hidden Lane, Riverford RV{n % 9} 4QT")


class StayFactory(factory.django.DjangoModelFactory[Stay]):
    """A household's stay in a unit, written as it is (for occupancy figures: use the
    services to check one)."""

    class Meta:
        model = Stay

    unit = factory.SubFactory(UnitFactory)
    accommodation = factory.SelfAttribute("unit.accommodation")
    agency = factory.SelfAttribute("unit.agency")
    case = factory.SubFactory(
        CaseFactory,
        agency=factory.SelfAttribute("..agency"),
        person__agency=factory.SelfAttribute("..agency"),
        service=factory.SelfAttribute("..accommodation.service"),
    )
    moved_in_on = date(2026, 11, 10)
    moved_out_on = None
    leaving_reason = factory.LazyAttribute(
        lambda stay: "no_longer_needed" if stay.moved_out_on else ""
    )
