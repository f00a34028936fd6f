from __future__ import annotations

from datetime import date

import factory

from concord.accommodation.models import HousingRecord, SanctuaryMeasure
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
