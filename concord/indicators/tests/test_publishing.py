"""Indicator results as they leave a service: everything published together is protected as
one output, with the relations the catalogue declares (no database needed)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.domain.disclosure import HIDDEN_TO_PROTECT, DisclosureRule
from concord.domain.linked_disclosure import protect
from concord.domain.periods import Period, Quarter
from concord.domain.tests.attacker import pinned
from concord.indicators.engine import Result
from concord.indicators.publishing import Block, linked_output, published, published_together

RULE = DisclosureRule()
QUARTERS = [Quarter(2024, n).period for n in (1, 2, 3)]
YEAR_TO_DATE = Period(date(2024, 4, 1), date(2024, 12, 31), "year to date")


def by_code(figures):
    return {(f.code, f.group): f for f in figures}


def test_a_percentage_is_hidden_with_its_numerator_or_denominator():
    figures = by_code(
        published(
            [
                Result("feels_safer_rate", 3, 40, 2),  # numerator small
                Result("marac_feels_safer", 30, 33, 0),  # fine on its own
            ],
            RULE,
        )
    )

    safer = figures[("feels_safer_rate", None)]
    assert (safer.numerator_text, safer.percentage_text, safer.percentage) == ("<5", "[c]", None)
    marac = figures[("marac_feels_safer", None)]
    assert marac.percentage_text == "91%"


def test_shares_of_one_source_are_protected_together():
    """Two intake items of the same 36 assessments: 35 known for one gives away the
    other's 1 not known unless more is hidden."""
    results = [
        Result("intake_has_children", 20, 35, 1),
        Result("intake_pregnant", 10, 36, 0),
    ]

    figures = by_code(published(results, RULE))

    assert figures[("intake_has_children", None)].not_known_text == "<5"
    assert HIDDEN_TO_PROTECT in {
        figures[("intake_has_children", None)].denominator_text,
        figures[("intake_pregnant", None)].denominator_text,
    }
    output = linked_output([Block(None, results)], RULE)
    assert pinned(protect(output), output.relations) == {}


def test_a_hidden_quarter_is_not_recovered_from_the_year_to_date():
    blocks = [
        *(
            Block(q, [Result("safety_plans_completed", n)])
            for q, n in zip(QUARTERS, (12, 3, 20), strict=True)
        ),
        Block(YEAR_TO_DATE, [Result("safety_plans_completed", 35)]),
    ]

    figures = [f.numerator_text for (f,) in published_together(blocks, RULE)]

    assert figures[1] == "<5"
    assert figures.count(HIDDEN_TO_PROTECT) == 1
    output = linked_output(blocks, RULE)
    assert any(r for r in output.relations if len(r.terms) == 4)  # the year = its quarters
    assert pinned(protect(output), output.relations) == {}


def test_a_relation_that_does_not_hold_is_left_out_rather_than_failing():
    """Figures computed a moment apart, while a record was saved."""
    blocks = [
        *(Block(q, [Result("safety_plans_completed", 10)]) for q in QUARTERS),
        Block(YEAR_TO_DATE, [Result("safety_plans_completed", 31)]),
    ]

    output = linked_output(blocks, RULE)

    assert all(len(r.terms) != 4 for r in output.relations)


counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def indicator_outputs(draw: st.DrawFn) -> list[Block]:
    """Quarters and their year to date of event and people counts, and a breakdown by sex
    of programme shares of one population."""
    blocks = []
    totals = {"safety_plans_completed": 0}
    people = []
    for quarter in QUARTERS:
        plans, reached = draw(counts), draw(counts)
        totals["safety_plans_completed"] += plans
        people.append(reached)
        blocks.append(
            Block(
                quarter,
                [
                    Result("safety_plans_completed", plans),
                    Result("people_accessing_victim_service", reached),
                ],
            )
        )
    year_people = draw(st.integers(max(people), sum(people)))
    shares = []
    for group in ("female", "male", "not_known"):
        records = draw(st.integers(0, 30))
        assessed = draw(st.integers(0, records))
        unsuitable = draw(st.integers(0, assessed))
        engaged = draw(st.integers(0, assessed - unsuitable))
        shares += [
            Result("programme_unsuitable", unsuitable, assessed, records - assessed, group),
            Result(
                "programme_engaged",
                engaged,
                assessed - unsuitable,
                records - assessed + unsuitable,
                group,
            ),
        ]
    shares.sort(key=lambda result: result.code)
    year = [
        Result("safety_plans_completed", totals["safety_plans_completed"]),
        Result("people_accessing_victim_service", year_people),
        *shares,
    ]
    return [*blocks, Block(YEAR_TO_DATE, year)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(indicator_outputs(), st.sampled_from([RULE, DisclosureRule(round_to_five=True)]))
def test_the_attacker_pins_nothing_an_output_of_indicators_publishes(blocks, rule):
    output = linked_output(blocks, rule)

    assert pinned(protect(output), output.relations, rounded=rule.round_to_five) == {}
