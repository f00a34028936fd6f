from __future__ import annotations

from datetime import date

import pytest

from concord.accounts.models import Agency, Membership
from concord.domain.delivery import ActionStatus
from concord.domain.periods import financial_year_of
from concord.strategy.models import Action, DeliveryPlan, Objective, Strategy

# This financial year: the strategy runs from the one before to three after.
YEAR = financial_year_of(date.today())


@pytest.fixture
def strategy(db: None) -> Strategy:
    return Strategy.objects.create(
        title="Riverford domestic abuse strategy",
        first_year=YEAR - 1,
        last_year=YEAR + 3,
        principles="Victims at the centre\nEvery child seen",
    )


@pytest.fixture
def objective(strategy: Strategy) -> Objective:
    return Objective.objects.create(strategy=strategy, reference="1", title="Safe at home")


@pytest.fixture
def plan(strategy: Strategy) -> DeliveryPlan:
    return DeliveryPlan.objects.create(strategy=strategy, year=YEAR)


def make_action(
    plan: DeliveryPlan,
    objective: Objective,
    lead: Membership,
    *,
    reference: str = "1.1",
    status: ActionStatus = ActionStatus.ON_TRACK,
    due_on: date | None = None,
    agency: Agency | None = None,
) -> Action:
    return Action.objects.create(
        plan=plan,
        objective=objective,
        reference=reference,
        title=f"Action {reference}",
        lead=lead.user,
        lead_agency=agency or lead.agency,
        starts_on=date(plan.year, 4, 1),
        due_on=due_on or date(plan.year + 1, 3, 31),
        status=status,
    )


@pytest.fixture
def action(plan: DeliveryPlan, objective: Objective, idva: Membership) -> Action:
    """An action led by the IDVA (a practitioner: not a reader of the plan)."""
    return make_action(plan, objective, idva)
