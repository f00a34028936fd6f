"""Disclosure control over a whole output: no small count is pinned down by anything
published with it, checked by an attacker written apart from the protector."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from concord.domain import linked_disclosure
from concord.domain.disclosure import HIDDEN_TO_PROTECT, DisclosureRule, protect_series
from concord.domain.linked_disclosure import (
    Comparison,
    LinkedOutput,
    Relation,
    at_least_sum_of,
    at_most_sum_of,
    protect,
    shown_value,
    total_of,
)
from concord.domain.tests.attacker import intervals, pinned

counts = st.one_of(st.integers(0, 6), st.integers(0, 40))
rules = st.builds(
    DisclosureRule, threshold=st.sampled_from([3, 5, 10]), round_to_five=st.booleans()
)


# Outputs of several kinds of structure --------------------------------------------------------


@st.composite
def table(draw: st.DrawFn, output: LinkedOutput, prefix: str) -> None:
    """Rows by columns with row, column and grand totals."""
    height, width = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    grid = [[draw(counts) for _ in range(width)] for _ in range(height)]
    for r, line in enumerate(grid):
        for c, value in enumerate(line):
            output.add_count(f"{prefix}{r},{c}", value)
        output.add_count(f"{prefix}{r},+", sum(line))
        output.relate(total_of(f"{prefix}{r},+", [f"{prefix}{r},{c}" for c in range(width)]))
    for c in range(width):
        output.add_count(f"{prefix}+,{c}", sum(line[c] for line in grid))
        output.relate(total_of(f"{prefix}+,{c}", [f"{prefix}{r},{c}" for r in range(height)]))
    output.add_count(f"{prefix}+,+", sum(map(sum, grid)))
    output.relate(total_of(f"{prefix}+,+", [f"{prefix}+,{c}" for c in range(width)]))


@st.composite
def shares_of_one_population(draw: st.DrawFn, output: LinkedOutput, prefix: str) -> None:
    """Percentages of one source's records (denominator + not known = the records, never
    published), two of them split by an exhaustive outcome as the programme's are."""
    records = draw(st.integers(0, 40))
    output.add_unknown(f"{prefix}records", records)
    for share in range(draw(st.integers(1, 4))):
        denominator = draw(st.integers(0, records))
        numerator = draw(st.integers(0, denominator))
        names = [f"{prefix}{share}.{part}" for part in ("numerator", "denominator", "not_known")]
        for name, value in zip(names, (numerator, denominator, records - denominator), strict=True):
            output.add_count(name, value)
        output.relate(total_of(f"{prefix}records", names[1:]))
        output.relate(at_least_sum_of(names[1], names[:1]))
    assessed = draw(st.integers(0, records))
    unsuitable = draw(st.integers(0, assessed))
    engaged = draw(st.integers(0, assessed - unsuitable))
    figures = {
        "unsuitable.numerator": unsuitable,
        "unsuitable.denominator": assessed,
        "unsuitable.not_known": records - assessed,
        "engaged.numerator": engaged,
        "engaged.denominator": assessed - unsuitable,
        "engaged.not_known": records - assessed + unsuitable,
    }
    for name, value in figures.items():
        output.add_count(prefix + name, value)
    p = prefix
    output.relate(
        total_of(f"{p}records", [f"{p}unsuitable.denominator", f"{p}unsuitable.not_known"])
    )
    output.relate(total_of(f"{p}records", [f"{p}engaged.denominator", f"{p}engaged.not_known"]))
    output.relate(
        total_of(
            f"{p}unsuitable.denominator", [f"{p}engaged.denominator", f"{p}unsuitable.numerator"]
        )
    )
    output.relate(at_least_sum_of(f"{p}engaged.denominator", [f"{p}engaged.numerator"]))


@st.composite
def quarters_and_year(draw: st.DrawFn, output: LinkedOutput, prefix: str) -> None:
    """Event counts over quarters adding up to the year to date, and people counts over the
    same quarters (the year's at least any quarter's, at most their sum)."""
    quarters = draw(st.integers(2, 4))
    events = [draw(counts) for _ in range(quarters)]
    names = [f"{prefix}events.q{q}" for q in range(quarters)]
    for name, value in zip(names, events, strict=True):
        output.add_count(name, value)
    output.add_count(f"{prefix}events.year", sum(events))
    output.relate(total_of(f"{prefix}events.year", names))
    people = [draw(counts) for _ in range(quarters)]
    year = draw(st.integers(max(people), sum(people)))
    names = [f"{prefix}people.q{q}" for q in range(quarters)]
    for name, value in zip(names, people, strict=True):
        output.add_count(name, value)
    output.add_count(f"{prefix}people.year", year)
    output.relate(at_most_sum_of(f"{prefix}people.year", names))
    for name in names:
        output.relate(at_least_sum_of(f"{prefix}people.year", [name]))


@st.composite
def outputs(draw: st.DrawFn) -> LinkedOutput:
    """One output of one to three structures, sometimes sharing cells: the first table's
    grand total is also counted in a second place."""
    output = LinkedOutput(draw(rules))
    kinds = draw(
        st.lists(
            st.sampled_from([table, shares_of_one_population, quarters_and_year]),
            min_size=1,
            max_size=3,
        )
    )
    for index, kind in enumerate(kinds):
        draw(kind(output, f"{index}:"))
    if kinds[0] is table and len(kinds) > 1:
        output.add_count("again", output.counts["0:+,+"])
        output.relate(total_of("again", ["0:+,+"]))
    return output


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outputs())
def test_no_small_count_is_pinned_by_anything_published_with_it(output):
    cells = protect(output)

    assert pinned(cells, output.relations, rounded=output.rule.round_to_five) == {}
    for name, cell in cells.items():
        value, threshold = output.counts[name], output.thresholds[name]
        assert (cell.text == f"<{threshold}") == (0 < value < threshold)
        assert cell.is_hidden == (cell.shown is None)
        if not cell.is_hidden:
            assert cell.shown == shown_value(value, output.rule)


# The quarterly pack's programme lines (issue 14) --------------------------------------------

# Programme referrals: 10 records, 9 with an assessment outcome (2 unsuitable, 7 suitable),
# 5 of the suitable engaged.
PROGRAMME = {
    "unsuitable.numerator": 2,
    "unsuitable.denominator": 9,
    "unsuitable.not_known": 1,
    "engaged.numerator": 5,
    "engaged.denominator": 7,
    "engaged.not_known": 3,
}
PROGRAMME_RELATIONS = [
    total_of("records", ["unsuitable.denominator", "unsuitable.not_known"]),
    total_of("records", ["engaged.denominator", "engaged.not_known"]),
    total_of("unsuitable.denominator", ["engaged.denominator", "unsuitable.numerator"]),
    at_least_sum_of("unsuitable.denominator", ["unsuitable.numerator"]),
    at_least_sum_of("engaged.denominator", ["engaged.numerator"]),
]


def programme_output() -> LinkedOutput:
    output = LinkedOutput()
    output.add_unknown("records", 10)
    for name, value in PROGRAMME.items():
        output.add_count(name, value)
    for relation in PROGRAMME_RELATIONS:
        output.relate(relation)
    return output


def test_protecting_each_line_alone_lets_unsuitable_be_worked_out():
    """What the old per-line protection published: "[c] (<5 of 9)" beside "71% (5 of 7)",
    so unsuitable = 9 - 7 = 2."""
    cells = {}
    for name, value in PROGRAMME.items():
        series = protect_series([value])
        cells[name] = series.cells[0]

    assert cells["unsuitable.numerator"].text == "<5"
    assert cells["engaged.denominator"].text == "7"
    assert pinned(cells, PROGRAMME_RELATIONS) == {"unsuitable.numerator": (2.0, 2.0)}


def test_protecting_the_output_together_leaves_nothing_pinned():
    output = programme_output()

    cells = protect(output)

    assert cells["unsuitable.numerator"].text == "<5"
    assert pinned(cells, output.relations) == {}
    low, high = intervals(cells, output.relations)["unsuitable.numerator"]
    assert high - low >= 5


def test_a_hidden_quarter_is_not_recovered_from_the_year_to_date():
    output = LinkedOutput()
    for name, value in {"q1": 12, "q2": 3, "q3": 20}.items():
        output.add_count(name, value)
    output.add_count("year", 35)
    output.relate(total_of("year", ["q1", "q2", "q3"]))

    cells = protect(output)

    assert [cells[q].text for q in ("q1", "q2", "q3", "year")] == ["[c]", "<5", "20", "35"]
    assert pinned(cells, output.relations) == {}


def test_a_zero_is_not_hidden_while_a_count_will_do():
    output = LinkedOutput()
    for name, value in {"a": 0, "b": 2, "c": 30}.items():
        output.add_count(name, value)
    output.add_count("all", 32)
    output.relate(total_of("all", ["a", "b", "c"]))

    cells = protect(output)

    assert [cells[n].text for n in ("a", "b", "c", "all")] == ["0", "<5", HIDDEN_TO_PROTECT, "32"]


def test_a_cell_may_have_a_threshold_of_its_own():
    output = LinkedOutput()
    output.add_count("sensitive", 7, threshold=10)
    output.add_count("ordinary", 7)

    cells = protect(output)

    assert (cells["sensitive"].text, cells["ordinary"].text) == ("<10", "7")


def test_only_the_linked_cells_are_solved_together(monkeypatch):
    """Forty unlinked programme blocks (240 cells, 120 small): each group of linked cells is
    audited on its own, in programmes of at most one block's 7 figures, with one block's
    result."""
    sizes = []

    def counted(*args, **kwargs):
        sizes.append(len(args[0]))
        return linprog(*args, **kwargs)

    monkeypatch.setattr(linked_disclosure, "linprog", counted)
    alone = protect(programme_output())
    output = LinkedOutput()
    for block in range(40):
        output.add_unknown(f"{block}:records", 10)
        for name, value in PROGRAMME.items():
            output.add_count(f"{block}:{name}", value)
        for relation in PROGRAMME_RELATIONS:
            terms = tuple((f"{block}:{name}", k) for name, k in relation.terms)
            output.relate(Relation(terms, relation.comparison))

    cells = protect(output)

    assert max(sizes) <= len(PROGRAMME) + 1
    for block in range(40):
        assert {name: cells[f"{block}:{name}"].text for name in PROGRAMME} == {
            name: cell.text for name, cell in alone.items()
        }
    assert pinned(cells, output.relations) == {}


# Bad input ---------------------------------------------------------------------------------


def test_a_count_must_be_a_whole_number_at_least_zero():
    output = LinkedOutput()
    for bad in (-1, 2.5, True):
        with pytest.raises(ValueError, match="whole number"):
            output.add_count("a", bad)
    with pytest.raises(ValueError, match="name"):
        output.add_count("", 3)
    with pytest.raises(ValueError, match="threshold"):
        output.add_count("a", 3, threshold=0)


def test_a_figure_cannot_be_given_two_values():
    output = LinkedOutput()
    output.add_count("a", 3)
    output.add_count("a", 3)
    with pytest.raises(ValueError, match="another value"):
        output.add_count("a", 4)
    with pytest.raises(ValueError, match="another value"):
        output.add_unknown("a", 3)


def test_a_relation_must_name_figures_of_the_output_and_hold():
    output = LinkedOutput()
    output.add_count("part", 3)
    output.add_count("whole", 5)
    with pytest.raises(ValueError, match="not in the output"):
        output.relate(total_of("whole", ["part", "other"]))
    with pytest.raises(ValueError, match="does not hold"):
        output.relate(total_of("whole", ["part"]))
    with pytest.raises(ValueError, match="at least one term"):
        Relation((), Comparison.EQUAL)

    assert not output.relate_if_true(total_of("whole", ["part"]))
    assert output.relate_if_true(at_least_sum_of("whole", ["part"]))
    assert output.relations == [at_least_sum_of("whole", ["part"])]
