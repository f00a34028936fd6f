from io import BytesIO

import pytest
from openpyxl import load_workbook

from concord.core.export import (
    PERCENTAGE_FORMAT,
    Chart,
    Number,
    Sheet,
    Symbol,
    csv_safe,
    xlsx_sheets,
)


@pytest.mark.parametrize("text", ["=1+1", "+44 7700", "-3", "@SUM(A1)", "\tx"])
def test_cells_that_would_run_as_formulas_become_text(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize(("value", "shown"), [("Sarah", "Sarah"), (None, ""), (12, "12")])
def test_ordinary_cells_are_unchanged(value, shown):
    assert csv_safe(value) == shown


def test_titled_sheets_type_their_cells_and_never_hold_a_formula():
    sheet = Sheet(
        "Figures",
        "Figures for a test",
        ("Indicator", "Q1", "Q2"),
        (
            ("=HYPERLINK(1)", Number(1838), Symbol("<5")),
            ("Share", Number(0.5625, PERCENTAGE_FORMAT), None),
        ),
        notes=("Whose",),
        charts=(Chart("=Chart", ("Q1", "Q2"), (1838, None)),),
    )

    workbook = load_workbook(BytesIO(xlsx_sheets([sheet])))
    found = workbook["Figures"]

    assert found["A1"].value == "Figures for a test"
    assert found.freeze_panes == "B5"
    assert (found["A5"].value, found["A5"].data_type) == ("=HYPERLINK(1)", "s")
    assert (found["B5"].value, found["B5"].number_format) == (1838, "#,##0")
    assert (found["C5"].value, found["C5"].alignment.horizontal) == ("<5", "right")
    assert (found["B6"].value, found["B6"].number_format) == (0.5625, "0%")
    assert len(found._charts) == 1
    drawn = [row for row in found.iter_rows(min_row=8, values_only=True) if row[0] == "=Chart"]
    assert drawn == [("=Chart", 1838, None)]
