"""Board records for tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from concord.board.models import BoardMember, Category, Meeting


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


class BoardMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMember

    name = factory.Sequence(lambda n: f"Member {n}")
    organisation = "Riverford City Council"
    category = Category.COUNCIL
    voting = True
    term_starts_on = factory.LazyFunction(lambda: days_ago(400))
    term_ends_on = None


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = "Board meeting"
    held_on = factory.LazyFunction(lambda: days_ago(7))


def full_board(count_per_category: int = 1) -> list[Any]:
    """A member in term for each required category and one other."""
    return [
        BoardMemberFactory(category=category, name=f"{category.label} {n}")
        for category in Category
        for n in range(count_per_category)
    ]
