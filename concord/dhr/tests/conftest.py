"""A death notified by the city council's partnership manager, who is seated on its panel;
the victim's and perpetrator's names kept because the panel needs them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from concord.accounts.models import Membership
from concord.dhr import services
from concord.dhr.models import Decision, Recommendation, Review

DIED_ON = date(2025, 5, 1)
NOTIFIED_ON = date(2025, 5, 12)
DECIDED_ON = date(2025, 6, 2)


def notify(membership: Membership, **changes: object) -> Review:
    values: dict[str, object] = {
        "notified_on": NOTIFIED_ON,
        "died_on": DIED_ON,
        "area": "Riverford North",
        "kind": "homicide",
        "victim_initials": "QZ",
        "perpetrator_initials": "XQV",
        "relationship": "partner",
        "victim_name": "Jane Smithson",
        "perpetrator_name": "Mark Smithson",
    }
    return services.notify_death(membership, **(values | changes))  # type: ignore[arg-type]


def hold(membership: Membership, review: Review) -> Review:
    return services.record_decision(
        membership.user,
        review,
        decision=Decision.HOLD,
        decided_on=DECIDED_ON,
        reasons="The death meets the statutory criteria",
    )


def recommend(
    membership: Membership, review: Review, number: int = 1, **changes: Any
) -> Recommendation:
    values: dict[str, Any] = {
        "number": number,
        "text": "Train GP practices to ask about abuse",
        "owner": "Head of safeguarding",
        "owner_agency": None,
        "due_on": date(2026, 3, 31),
    }
    return services.add_recommendation(membership.user, review, **(values | changes))


@pytest.fixture
def review(partnership_manager: Membership) -> Review:
    return notify(partnership_manager)


@pytest.fixture
def held_review(partnership_manager: Membership, review: Review) -> Review:
    return hold(partnership_manager, review)


@pytest.fixture
def recommendation(partnership_manager: Membership, held_review: Review) -> Recommendation:
    return recommend(partnership_manager, held_review)
