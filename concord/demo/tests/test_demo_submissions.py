"""The demo police force's files follow schema version 3, and its new identifiers pass every
check: addresses for some people, UPRNs for some, other names for a few, and a refuge's
withheld address with nothing of where she lives."""

from __future__ import annotations

from datetime import date

import pytest

from concord.demo.submissions import ROWS, _rows
from concord.domain.periods import Quarter
from concord.submissions.rows import check_row
from concord.submissions.schema import CURRENT, VERSION_2, WHERE_THEY_LIVE

QUARTERS = [Quarter(2024, number) for number in (1, 2, 3, 4)]
TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def sent() -> list[dict[str, str]]:
    """A year of the demo files' rows, as send_demo_files writes them."""
    return [
        row
        for quarter in QUARTERS
        for kind in ROWS
        for row in _rows("police", quarter, kind, seed=quarter.year * 10 + quarter.number)
    ]


def test_every_demo_row_is_of_version_three_and_its_new_identifiers_add_no_problem(sent):
    """The synthetic people leave some names out (rows kept back, on purpose); version 3's
    columns keep back no row that version 2 would take."""
    assert {row["schema_version"] for row in sent} == {CURRENT.version} == {"3"}
    assert set(sent[0]) <= set(CURRENT.names)
    for row in sent:
        as_version_2 = {name: row.get(name, "") for name in VERSION_2.names} | {
            "schema_version": "2"
        }
        checked = check_row(CURRENT, row, kind=row["kind"], today=TODAY)
        before = check_row(VERSION_2, as_version_2, kind=row["kind"], today=TODAY)
        assert checked.reasons == before.reasons, row["record_id"]
    taken = [
        row for row in sent if not check_row(CURRENT, row, kind=row["kind"], today=TODAY).reasons
    ]
    assert len(taken) > 0.9 * len(sent)


def test_the_demo_rows_carry_addresses_uprns_other_names_and_refuges(sent):
    def count(column: str, value: str | None = None) -> int:
        return sum(1 for row in sent if (row.get(column) == value if value else row.get(column)))

    total = len(sent)
    assert 0.4 * total < count("victim_address_line_1") < 0.8 * total
    assert 0 < count("victim_uprn") < count("victim_address_line_1")
    assert 0 < count("victim_other_names") < 0.3 * total
    assert 0 < count("victim_address_withheld", "yes") < 0.25 * total
    assert count("harmer_address_withheld", "yes") == 0  # refuges are the victims'
    assert count("harmer_address_line_1") > 0
    assert count("victim_dob_estimated", "yes") > 0


def test_a_refuges_row_says_nothing_of_where_she_lives(sent):
    refuges = [row for row in sent if row["victim_address_withheld"] == "yes"]

    assert refuges
    for row in refuges:
        assert all(not row.get(f"victim_{name}") for name in WHERE_THEY_LIVE)
