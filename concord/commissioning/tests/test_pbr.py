"""Payment by results: the worked outcomes and properties of the rule."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from concord.commissioning.pbr import (
    Aggregation,
    Better,
    KpiResult,
    Outcome,
    Rule,
    outcome_of,
    pounds,
    year_actual,
    year_payment,
)

ANNUAL = 82_600_000  # £826,000


def result(
    actual: int | None, target: int = 10, *, linked: bool = True, better: Better = Better.HIGHER
) -> KpiResult:
    value = None if actual is None else Decimal(actual)
    return KpiResult(
        code="k", target=Decimal(target), better=better, payment_linked=linked, actual=value
    )


def test_all_linked_kpis_met_pays_the_whole_share() -> None:
    payment = year_payment([result(10), result(12), result(0, linked=False)], Rule(), ANNUAL)

    assert payment.outcome is Outcome.MET
    assert payment.due_pence == 16_520_000
    assert payment.reason == (
        "2 of 2 payment-linked KPIs met their targets: met, 20% of £826,000 = £165,200"
    )


def test_three_of_four_met_is_partly_met() -> None:
    payment = year_payment([result(10), result(11), result(12), result(9)], Rule(), ANNUAL)

    assert payment.outcome is Outcome.PARTIALLY_MET
    assert payment.reason == (
        "3 of 4 payment-linked KPIs met their targets: partially met, 10% of £826,000 = £82,600"
    )


def test_fewer_than_half_met_pays_nothing() -> None:
    payment = year_payment([result(10), result(9), result(8)], Rule(), ANNUAL)

    assert payment.outcome is Outcome.NOT_MET
    assert payment.due_pence == 0


def test_lower_is_better_and_a_missing_figure_does_not_meet() -> None:
    assert result(5, better=Better.LOWER).met
    assert not result(15, better=Better.LOWER).met
    assert not result(None).met


def test_no_payment_linked_kpis_is_not_met() -> None:
    payment = year_payment([result(10, linked=False)], Rule(), ANNUAL)

    assert payment.outcome is Outcome.NOT_MET
    assert payment.reason.startswith("No payment-linked KPIs: not met, 0% of £826,000 = £0")


def test_a_contract_rule_can_ask_less_for_met() -> None:
    rule = Rule(met_threshold=Decimal(75), partial_threshold=Decimal(25))

    assert outcome_of([result(10), result(10), result(10), result(0)], rule) is Outcome.MET
    assert outcome_of([result(10), result(0), result(0), result(0)], rule) is Outcome.PARTIALLY_MET


def test_a_year_is_the_total_or_the_latest_quarter() -> None:
    quarters = [Decimal(3), Decimal(5), Decimal(4)]

    assert year_actual(quarters, Aggregation.TOTAL) == 12
    assert year_actual(quarters, Aggregation.LATEST) == 4
    assert year_actual([], Aggregation.TOTAL) is None


def test_pounds_show_pence_only_when_there_are_some() -> None:
    assert pounds(82_600_000) == "£826,000"
    assert pounds(8_260_050) == "£82,600.50"


kpi_lists = st.lists(
    st.builds(
        result,
        st.one_of(st.none(), st.integers(0, 20)),
        st.integers(0, 20),
        linked=st.booleans(),
        better=st.sampled_from(Better),
    ),
    max_size=12,
)


@given(kpi_lists, st.integers(0, 10**12))
def test_the_outcome_follows_the_default_rule(results: list[KpiResult], annual: int) -> None:
    linked = [r for r in results if r.payment_linked]
    met = sum(r.met for r in linked)
    payment = year_payment(results, Rule(), annual)

    if linked and met == len(linked):
        assert payment.outcome is Outcome.MET
    elif linked and 2 * met >= len(linked):
        assert payment.outcome is Outcome.PARTIALLY_MET
    else:
        assert payment.outcome is Outcome.NOT_MET
    assert 0 <= payment.due_pence <= annual


@given(kpi_lists, st.integers(0, 10**12))
def test_meeting_one_more_target_never_lowers_the_payment(
    results: list[KpiResult], annual: int
) -> None:
    missed = [i for i, r in enumerate(results) if r.payment_linked and not r.met]
    if not missed:
        return
    better = list(results)
    first = results[missed[0]]
    better[missed[0]] = KpiResult(first.code, first.target, first.better, True, first.target)

    assert (
        year_payment(better, Rule(), annual).due_pence
        >= year_payment(results, Rule(), annual).due_pence
    )


@given(st.integers(0, 10**12))
def test_partly_met_pays_half_of_met_by_default(annual: int) -> None:
    met = year_payment([result(10)], Rule(), annual).due_pence
    partly = year_payment([result(10), result(0)], Rule(), annual).due_pence

    assert abs(2 * partly - met) <= 1
