import pytest

from concord.core.export import csv_safe


@pytest.mark.parametrize("text", ["=1+1", "+44 7700", "-3", "@SUM(A1)", "\tx"])
def test_cells_that_would_run_as_formulas_become_text(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize(("value", "shown"), [("Sarah", "Sarah"), (None, ""), (12, "12")])
def test_ordinary_cells_are_unchanged(value, shown):
    assert csv_safe(value) == shown
