"""The submission format: its columns, its codes, and the data dictionary that describes it."""

from __future__ import annotations

import re
from pathlib import Path

from concord.people import reference as ref
from concord.submissions.schema import (
    COURT_OUTCOMES,
    CURRENT,
    SCHEMAS,
    SUCCESSFUL_COURT_OUTCOMES,
    ColumnType,
    schema_named,
)

DICTIONARY = Path(__file__).resolve().parents[3] / "docs" / "data-dictionary" / "submissions.md"


def test_the_data_dictionary_lists_every_column_with_its_codes():
    text = DICTIONARY.read_text()
    listed = re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE)

    assert listed == list(CURRENT.names)
    for column in CURRENT.columns:
        for code, _ in column.codes:
            assert f"`{code}`" in text, (column.name, code)


def test_versions_one_and_two_are_known_and_unknown_ones_are_none():
    assert list(SCHEMAS) == ["1", "2"]
    assert schema_named(" 2 ") is CURRENT
    assert schema_named("3") is None


def test_version_one_stays_as_published_and_two_adds_court_outcomes_and_orders():
    first = schema_named("1")
    assert first is not None
    assert first.kinds == ("incident", "referral")
    assert first.column("record_id").meaning == (
        "your own id for the incident or referral, unique per kind"
    )
    assert CURRENT.kinds == ("incident", "referral", "court_outcome", "protection_order")
    assert CURRENT.names == (*first.names, "court_outcome", "order_type")
    assert CURRENT.column("court_outcome").only_for == ("court_outcome",)
    assert CURRENT.column("order_type").only_for == ("protection_order",)


def test_successful_court_outcomes_are_the_convictions():
    assert set(SUCCESSFUL_COURT_OUTCOMES) == {
        "guilty_plea",
        "convicted_after_trial",
        "proved_in_absence",
    }
    assert set(SUCCESSFUL_COURT_OUTCOMES) < set(ref.codes(COURT_OUTCOMES))


def test_identifiers_are_marked_and_stay_out_of_the_analysis_columns():
    from concord.submissions.rows import ANALYSIS_COLUMNS

    identifiers = {column.name for column in CURRENT.columns if column.identifier}
    assert identifiers == {
        f"{role}_{name}"
        for role in ("victim", "harmer")
        for name in ("given_name", "family_name", "dob", "sex", "postcode", "phone")
    }
    leaked = identifiers & set(ANALYSIS_COLUMNS)
    assert leaked == {"victim_sex", "harmer_sex"}  # sex is kept for figures too


def test_codes_come_from_the_projects_own_vocabularies():
    assert CURRENT.column("abuse_types").codes == ref.ABUSE_TYPES
    assert CURRENT.column("children_present").type is ColumnType.YES_NO
    assert ref.codes(CURRENT.column("victim_ethnicity").codes) == ref.codes(ref.ETHNICITIES)
