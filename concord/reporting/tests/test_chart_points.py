"""Counts after disclosure control drawn as chart points: what is hidden is not drawn."""

from __future__ import annotations

from concord.core.charts import points
from concord.domain.disclosure import DisclosureRule, protect_series


def test_hidden_counts_are_not_drawn():
    series = protect_series([31, 3, 44, 52])

    figures = points(["2024Q1", "2024Q2", "2024Q3", "2024Q4"], series.cells)

    assert [(p.value, p.text) for p in figures] == [
        (None, "[c]"),
        (None, "<5"),
        (44, "44"),
        (52, "52"),
    ]


def test_rounded_counts_are_drawn_as_rounded():
    series = protect_series([31, 44], DisclosureRule(round_to_five=True))

    assert [p.value for p in points(["a", "b"], series.cells)] == [30, 45]
