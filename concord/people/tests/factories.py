from __future__ import annotations

import datetime

import factory

from concord.accounts.tests.factories import AgencyFactory
from concord.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    agency = factory.SubFactory(AgencyFactory)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = datetime.date(1990, 1, 1)
