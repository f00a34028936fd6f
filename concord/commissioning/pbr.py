"""Payment by results (DOMAIN §9), pure Python.

A share of a contract's annual value (default 20%) depends on its payment-linked KPIs:
the requirement met pays the whole share, partially met the partial share (default 10%),
not met nothing. "Met" and "partially met" are per-contract rules: the percentage of
payment-linked KPIs that must meet their targets (defaults: all for met, at least half
for partially met).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from concord.domain.numbers import percentage_text

HUNDRED = Decimal(100)


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(StrEnum):
    """How a year's actual value comes from its quarters' figures."""

    TOTAL = "total"
    LATEST = "latest"


class Outcome(StrEnum):
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True)
class Rule:
    """One contract's rule. Percentages, e.g. Decimal(20) for 20%."""

    pbr_share: Decimal = Decimal(20)
    partial_share: Decimal = Decimal(10)
    met_threshold: Decimal = HUNDRED
    partial_threshold: Decimal = Decimal(50)


@dataclass(frozen=True)
class KpiResult:
    code: str
    target: Decimal
    better: Better
    payment_linked: bool
    actual: Decimal | None

    @property
    def met(self) -> bool:
        return self.actual is not None and meets(self.actual, self.target, self.better)


@dataclass(frozen=True)
class YearPayment:
    outcome: Outcome
    due_pence: int
    reason: str


def meets(actual: Decimal, target: Decimal, better: Better) -> bool:
    return actual >= target if better is Better.HIGHER else actual <= target


def year_actual(quarter_figures: Sequence[Decimal], aggregation: Aggregation) -> Decimal | None:
    """The year's actual value from its quarters' figures, in quarter order; None when no
    quarter has one."""
    if not quarter_figures:
        return None
    if aggregation is Aggregation.TOTAL:
        return sum(quarter_figures, Decimal(0))
    return quarter_figures[-1]


def outcome_of(results: Sequence[KpiResult], rule: Rule) -> Outcome:
    linked = [result for result in results if result.payment_linked]
    if not linked:
        return Outcome.NOT_MET
    met = sum(1 for result in linked if result.met)
    if met * HUNDRED >= rule.met_threshold * len(linked):
        return Outcome.MET
    if met * HUNDRED >= rule.partial_threshold * len(linked):
        return Outcome.PARTIALLY_MET
    return Outcome.NOT_MET


def share_of(outcome: Outcome, rule: Rule) -> Decimal:
    return {
        Outcome.MET: rule.pbr_share,
        Outcome.PARTIALLY_MET: rule.partial_share,
        Outcome.NOT_MET: Decimal(0),
    }[outcome]


def pounds(pence: int) -> str:
    """Money in words on a page: £826,000 or £82,600.50."""
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def year_payment(results: Sequence[KpiResult], rule: Rule, annual_value_pence: int) -> YearPayment:
    """The outcome of one contract year, the payment due (pence, half up) and why."""
    outcome = outcome_of(results, rule)
    share = share_of(outcome, rule)
    due = int((Decimal(annual_value_pence) * share / HUNDRED).quantize(0, ROUND_HALF_UP))
    linked = [result for result in results if result.payment_linked]
    if not linked:
        counted = "No payment-linked KPIs"
    else:
        met = sum(1 for result in linked if result.met)
        counted = f"{met} of {len(linked)} payment-linked KPIs met their targets"
    reason = (
        f"{counted}: {outcome.label}, {percentage_text(share)} of {pounds(annual_value_pence)}"
        f" = {pounds(due)}"
    )
    return YearPayment(outcome=outcome, due_pence=due, reason=reason)
