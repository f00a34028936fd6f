"""Disclosure control: small numbers hidden, and nothing hidden can be worked out."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concord.domain.disclosure import (
    HIDDEN_TO_PROTECT,
    NOT_APPLICABLE,
    Cell,
    DisclosureRule,
    Percentage,
    Position,
    Suppression,
    complete_suppression,
    percentage,
    protect_series,
    protect_table,
    protected_percentage,
    round_half_up,
    small_positions,
    with_totals,
)

# An independent check: which hidden numbers do the published ones pin down? -----------------


def pinned_down(grid: list[list[int]], hidden: set[Position]) -> set[Position]:
    """Hidden positions whose value follows from the shown numbers and the sums, worked out
    by linear algebra (reduced row echelon form over the hidden unknowns): an unknown is
    pinned down when it is a pivot whose row has nothing in the free columns."""
    unknowns = sorted(hidden)
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1

    def sign(position: Position, is_total: bool) -> Fraction:
        return Fraction(-1 if is_total else 1) if position in hidden else Fraction(0)

    equations = [
        [sign(p, p[1] == last_column) if p[0] == row else Fraction(0) for p in unknowns]
        for row in range(last_row + 1)
    ] + [
        [sign(p, p[0] == last_row) if p[1] == column else Fraction(0) for p in unknowns]
        for column in range(last_column + 1)
    ]
    pivots: list[tuple[int, int]] = []  # (equation, unknown)
    row = 0
    for column in range(len(unknowns)):
        found = next((r for r in range(row, len(equations)) if equations[r][column]), None)
        if found is None:
            continue
        equations[row], equations[found] = equations[found], equations[row]
        lead = equations[row][column]
        equations[row] = [value / lead for value in equations[row]]
        for other in range(len(equations)):
            if other != row and equations[other][column]:
                factor = equations[other][column]
                equations[other] = [
                    a - factor * b for a, b in zip(equations[other], equations[row], strict=True)
                ]
        pivots.append((row, column))
        row += 1
    pivot_columns = {column for _, column in pivots}
    free = [column for column in range(len(unknowns)) if column not in pivot_columns]
    return {
        unknowns[column]
        for equation, column in pivots
        if all(equations[equation][f] == 0 for f in free)
    }


def hidden_in(grid: list[list[Cell]]) -> set[Position]:
    return {(r, c) for r, line in enumerate(grid) for c, cell in enumerate(line) if cell.is_hidden}


def as_grid(table) -> list[list[Cell]]:
    rows = [[*line, total] for line, total in zip(table.cells, table.row_totals, strict=True)]
    return [*rows, [*table.column_totals, table.total]]


counts = st.one_of(st.integers(0, 12), st.integers(0, 300))
tables = st.integers(1, 5).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=5)
)
thresholds = st.integers(1, 12)


# Properties -------------------------------------------------------------------------------


@settings(max_examples=300)
@given(tables, thresholds)
def test_no_hidden_number_can_be_worked_out_from_the_totals(counts_table, threshold):
    grid = with_totals(counts_table)
    cells = as_grid(protect_table(counts_table, DisclosureRule(threshold)))

    assert pinned_down(grid, hidden_in(cells)) == set()


@given(tables, thresholds)
def test_no_row_or_column_has_exactly_one_hidden_number(counts_table, threshold):
    cells = as_grid(protect_table(counts_table, DisclosureRule(threshold)))

    for line in [*cells, *zip(*cells, strict=True)]:
        assert sum(cell.is_hidden for cell in line) != 1


@given(tables, thresholds)
def test_every_small_number_is_hidden_and_no_small_number_is_printed(counts_table, threshold):
    rule = DisclosureRule(threshold)
    for cell in (c for line in as_grid(protect_table(counts_table, rule)) for c in line):
        if 0 < cell.value < threshold:
            assert cell.suppressed is Suppression.SMALL
            assert cell.text == f"<{threshold}"
        if not cell.is_hidden:
            assert cell.value == 0 or cell.value >= threshold


@given(tables, thresholds)
def test_numbers_shown_are_the_exact_counts(counts_table, threshold):
    for cell in (
        c for line in as_grid(protect_table(counts_table, DisclosureRule(threshold))) for c in line
    ):
        if cell.is_hidden:
            assert cell.shown is None
        else:
            assert cell.shown == cell.value
            assert cell.text == f"{cell.value:,}"


@given(tables, thresholds)
def test_a_number_hidden_to_protect_another_never_claims_to_be_small(counts_table, threshold):
    for cell in (
        c for line in as_grid(protect_table(counts_table, DisclosureRule(threshold))) for c in line
    ):
        if cell.suppressed is Suppression.SECONDARY:
            assert cell.text == HIDDEN_TO_PROTECT
            assert not 0 < cell.value < threshold


@given(tables, thresholds)
def test_suppression_is_idempotent(counts_table, threshold):
    grid = with_totals(counts_table)
    hidden = complete_suppression(grid, small_positions(grid, DisclosureRule(threshold)))

    assert complete_suppression(grid, hidden) == hidden
    assert protect_table(counts_table, DisclosureRule(threshold)) == protect_table(
        counts_table, DisclosureRule(threshold)
    )


@given(tables, thresholds)
def test_rounding_changes_the_numbers_shown_but_not_what_is_hidden(counts_table, threshold):
    exact = as_grid(protect_table(counts_table, DisclosureRule(threshold)))
    rounded = as_grid(protect_table(counts_table, DisclosureRule(threshold, round_to_five=True)))

    assert hidden_in(rounded) == hidden_in(exact)
    for cell in (c for line in rounded for c in line if not c.is_hidden):
        assert cell.shown is not None
        assert cell.shown % 5 == 0
        assert abs(cell.shown - cell.value) <= 2


@given(st.lists(counts, min_size=1, max_size=8), thresholds)
def test_a_series_never_leaves_one_number_hidden_beside_its_total(series, threshold):
    protected = protect_series(series, DisclosureRule(threshold))
    line = [*protected.cells, protected.total]

    assert sum(cell.is_hidden for cell in line) != 1
    assert [cell.value for cell in protected.cells] == series


# Examples ---------------------------------------------------------------------------------


def texts(table) -> list[list[str]]:
    return [[cell.text for cell in line] for line in as_grid(table)]


def test_a_small_number_is_protected_by_the_next_smallest_in_its_row_and_column():
    table = protect_table([[3, 10, 20], [15, 12, 30], [40, 8, 9]])

    assert texts(table) == [
        ["<5", "[c]", "20", "33"],
        ["[c]", "[c]", "30", "57"],
        ["40", "8", "9", "57"],
        ["58", "30", "59", "147"],
    ]
    assert table.cells[0][0].suppressed is Suppression.SMALL
    assert table.cells[1][1].suppressed is Suppression.SECONDARY
    assert table.cells[1][1].value == 12


def test_zero_is_shown_and_not_used_to_hide_a_small_number():
    series = protect_series([3, 0, 12, 40])

    assert [cell.text for cell in series.cells] == ["<5", "0", "[c]", "40"]
    assert series.total.text == "55"


def test_a_small_total_protects_a_small_number_without_hiding_the_zero():
    series = protect_series([3, 0])

    # The total is small too, so the 3 is safe without touching the zero.
    assert [cell.text for cell in series.cells] == ["<5", "0"]
    assert series.total.text == "<5"


def test_a_small_total_is_hidden_and_protected_like_any_other_number():
    table = protect_table([[2, 1], [20, 30]])

    assert texts(table)[0] == ["<5", "<5", "<5"]
    assert pinned_down(with_totals([[2, 1], [20, 30]]), hidden_in(as_grid(table))) == set()


def test_the_most_sensitive_breakdowns_hide_up_to_nine():
    series = protect_series([9, 10, 30], DisclosureRule(10))

    assert [cell.text for cell in series.cells] == ["<10", "[c]", "30"]


def test_a_table_with_nothing_small_is_shown_whole():
    table = protect_table([[10, 20], [30, 0]])

    assert hidden_in(as_grid(table)) == set()
    assert table.total.text == "60"


def test_large_numbers_are_printed_with_thousands_separators():
    assert protect_series([1234, 10]).total.text == "1,244"


def test_rounding_goes_to_the_nearest_five():
    series = protect_series([7, 8, 12, 13, 0], DisclosureRule(5, round_to_five=True))

    assert [cell.shown for cell in series.cells] == [5, 10, 10, 15, 0]
    assert series.total.shown == 40


def test_a_bridge_between_two_hidden_rectangles_is_protected_too():
    # Every row and column here has two or more hidden numbers, yet (1, 2) can be worked
    # out: the line rule alone is not enough.
    counts_table = [[5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20]]
    grid = with_totals(counts_table)
    rectangles = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    hidden = rectangles | {(1, 2)}
    assert pinned_down(grid, hidden) == {(1, 2)}

    completed = complete_suppression(grid, hidden)

    assert completed > hidden
    assert pinned_down(grid, completed) == set()


@pytest.mark.parametrize(
    ("counts_table", "problem"),
    [
        ([], "at least one row"),
        ([[]], "at least one row"),
        ([[1, 2], [3]], "same number of columns"),
        ([[1, -2]], "cannot be negative"),
    ],
)
def test_a_malformed_table_is_refused(counts_table, problem):
    with pytest.raises(ValueError, match=problem):
        protect_table(counts_table)


def test_a_threshold_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        DisclosureRule(0)


# Percentages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "whole"),
    [
        (Fraction(1, 2), 1),
        (Fraction(3, 2), 2),
        (Fraction(5, 2), 3),  # round() would give 2
        (Fraction(25, 2), 13),  # round() would give 12
        (Fraction(-5, 2), -2),
        (Fraction(249, 10), 25),
        (Fraction(2449, 100), 24),
        (Fraction(0), 0),
    ],
)
def test_halves_round_up(value, whole):
    assert round_half_up(value) == whole


@given(st.fractions(min_value=-1000, max_value=1000))
def test_rounding_half_up_moves_by_at_most_a_half(value):
    assert -Fraction(1, 2) < round_half_up(value) - value <= Fraction(1, 2)


@pytest.mark.parametrize(
    ("numerator", "whole"),
    [(90, 33), (62, 23), (35, 13), (6, 2), (9, 3), (29, 11), (47, 17), (154, 56), (80, 29)],
)
def test_the_worked_example_of_273_intake_assessments(numerator, whole):
    assert Percentage(numerator, 273).whole == whole
    assert Percentage(numerator, 273).text == f"{whole}%"


def test_a_half_percent_rounds_up_in_reports_and_stays_exact_for_exports():
    assert Percentage(1, 200).whole == 1
    assert Percentage(1, 8).whole == 13
    assert Percentage(1, 40).whole == 3
    assert Percentage(1, 8).exact == Fraction(25, 2)
    assert Percentage(90, 273).exact == Fraction(9000, 273)


def test_nothing_known_gives_no_percentage():
    assert percentage(0, 0) is None
    with pytest.raises(ValueError, match="above 0"):
        Percentage(1, 0)


def test_a_percentage_is_hidden_when_its_numerator_or_denominator_is():
    series = protect_series([3, 40, 57])
    small, large, larger = series.cells

    assert protected_percentage(small, series.total).text == HIDDEN_TO_PROTECT
    assert protected_percentage(large, small).suppressed
    assert protected_percentage(large, series.total).percentage is None  # [c] hides 40
    assert protected_percentage(larger, series.total).text == "57%"


def test_a_percentage_of_nothing_is_not_applicable():
    zero = protect_series([0, 0]).total

    shown = protected_percentage(zero, zero)

    assert (shown.text, shown.percentage, shown.suppressed) == (NOT_APPLICABLE, None, False)


def test_percentages_come_from_the_rounded_numbers_so_rounding_cannot_be_undone():
    series = protect_series([7, 266], DisclosureRule(5, round_to_five=True))

    shown = protected_percentage(series.cells[0], series.total)

    assert shown.percentage == Percentage(5, 275)
    assert shown.text == "2%"


@given(tables, thresholds, st.booleans())
def test_no_percentage_is_shown_from_a_hidden_number(counts_table, threshold, rounding):
    table = protect_table(counts_table, DisclosureRule(threshold, round_to_five=rounding))
    for line, total in zip(table.cells, table.row_totals, strict=True):
        for cell in line:
            shown = protected_percentage(cell, total)
            assert shown.suppressed == (cell.is_hidden or total.is_hidden)
            if shown.suppressed:
                assert shown.text == HIDDEN_TO_PROTECT
