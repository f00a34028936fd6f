"""Setting a catalogue indicator's baseline and target (DOMAIN §7: baseline 2008-09 →
target). Any indicator an action links may have one; the reports page lists the strategy
group's. Counts only, nothing about a person; each change is audited."""

from __future__ import annotations

from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from concord.accounts.models import Membership
from concord.core import audit
from concord.indicators.catalogue import Group, Indicator, Unit, get
from concord.strategy.models import StrategyTarget

EDITABLE_FIELDS = ("baseline_year", "baseline", "target_year", "target")


def strategy_indicator(code: str) -> Indicator:
    """The strategy indicator with ``code``; UnknownIndicatorError for any other code."""
    indicator = get(code)
    if indicator.group != Group.STRATEGY:
        raise ValidationError(f"{indicator.title} is not a strategy indicator")
    return indicator


def target_problems(
    indicator: Indicator,
    *,
    baseline_year: int,
    baseline: Decimal,
    target_year: int,
    target: Decimal,
) -> dict[str, str]:
    """What is wrong with a baseline and target, by field; empty when nothing is."""
    problems: dict[str, str] = {}
    if target_year <= baseline_year:
        problems["target_year"] = "The target's year must come after the baseline's year"
    if indicator.unit == Unit.PERCENTAGE:
        for field, value in (("baseline", baseline), ("target", target)):
            if value > 100:
                problems[field] = "Enter a percentage from 0 to 100"
    return problems


@transaction.atomic
def set_strategy_target(
    membership: Membership,
    indicator: Indicator,
    *,
    baseline_year: int,
    baseline: Decimal,
    target_year: int,
    target: Decimal,
) -> StrategyTarget:
    """Set (or replace) ``indicator``'s baseline and target."""
    if not rules.test_rule("strategy.set_targets", membership):
        raise PermissionDenied
    problems = target_problems(
        indicator,
        baseline_year=baseline_year,
        baseline=baseline,
        target_year=target_year,
        target=target,
    )
    if problems:
        raise ValidationError(problems)
    values = {
        "baseline_year": baseline_year,
        "baseline": baseline,
        "target_year": target_year,
        "target": target,
    }
    found, created = StrategyTarget.objects.update_or_create(code=indicator.code, defaults=values)
    audit.record(
        # The action's name from before the model moved here, so the trail reads as one.
        "indicators.strategy_target_set",
        actor=membership.user,
        agency=membership.agency,
        target=found,
        changes=EDITABLE_FIELDS,
        reason="created" if created else "changed",
    )
    return found
