from __future__ import annotations

from datetime import date

import factory

from concord.accounts.models import ServiceKind
from concord.cases.tests.factories import CaseFactory
from concord.people.tests.factories import PersonFactory
from concord.programmes.models import CaseChild, ProgrammeRecord


class FamilyCaseFactory(CaseFactory):
    """A case at a family service (0 to 19)."""

    service = factory.SubFactory(
        "concord.accounts.tests.factories.ServiceFactory",
        agency=factory.SelfAttribute("..agency"),
        kind=ServiceKind.FAMILY,
    )


class ProgrammeCaseFactory(CaseFactory):
    """A case at a perpetrator programme."""

    service = factory.SubFactory(
        "concord.accounts.tests.factories.ServiceFactory",
        agency=factory.SelfAttribute("..agency"),
        kind=ServiceKind.PERPETRATOR_PROGRAMME,
    )


class CaseChildFactory(factory.django.DjangoModelFactory[CaseChild]):
    class Meta:
        model = CaseChild

    case = factory.SubFactory(FamilyCaseFactory)
    agency = factory.SelfAttribute("case.agency")
    person = factory.SubFactory(
        PersonFactory,
        agency=factory.SelfAttribute("..agency"),
        date_of_birth=date(2016, 3, 27),
        is_child_young_person=True,
    )
    role = "child_of_victim"


class ProgrammeRecordFactory(factory.django.DjangoModelFactory[ProgrammeRecord]):
    class Meta:
        model = ProgrammeRecord

    case = factory.SubFactory(ProgrammeCaseFactory)
    agency = factory.SelfAttribute("case.agency")
    referral_received_on = date(2026, 11, 2)
