from __future__ import annotations

from datetime import date

import factory

from concord.accounts.tests.factories import AgencyFactory, UserFactory
from concord.training.models import TrainingSession


class TrainingSessionFactory(factory.django.DjangoModelFactory[TrainingSession]):
    class Meta:
        model = TrainingSession

    agency = factory.SubFactory(AgencyFactory)
    held_on = date(2026, 10, 14)
    kind = "staff_training"
    title = factory.Sequence(lambda n: f"Recognising coercive control {n}")
    attendees = 12
    children_reached = 0
    recorded_by = factory.SubFactory(UserFactory)
