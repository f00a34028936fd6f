from __future__ import annotations

from datetime import datetime

import factory
from django.utils import timezone

from concord.accounts.tests.factories import ServiceFactory
from concord.cases.models import Case
from concord.people.tests.factories import PersonFactory


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    agency = factory.SelfAttribute("person.agency")
    service = factory.SubFactory(ServiceFactory, agency=factory.SelfAttribute("..agency"))
    reference = factory.Sequence(lambda n: f"TEST-{n:06d}")
    referral_source = "self"
    method_of_access = "helpline_call"
    referred_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 11, 2, 10, 0)))
