"""The submission format: its columns, its codes, and the data dictionary that describes it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concord.people import reference as ref
from concord.submissions.schema import (
    COURT_OUTCOMES,
    CURRENT,
    IDENTIFIERS,
    OPTIONAL_IDENTIFIERS,
    SCHEMAS,
    SUCCESSFUL_COURT_OUTCOMES,
    ColumnType,
    identifier_columns,
    normal_flag,
    schema_named,
)

DICTIONARY = Path(__file__).resolve().parents[3] / "docs" / "data-dictionary" / "submissions.md"


def test_the_data_dictionary_lists_every_column_with_its_codes():
    text = DICTIONARY.read_text()
    listed = re.findall(r"^\| `([a-z0-9_]+)` \|", text, flags=re.MULTILINE)

    assert listed == list(CURRENT.names)
    for column in CURRENT.columns:
        for code, _ in column.codes:
            assert f"`{code}`" in text, (column.name, code)


def version(name: str):
    found = schema_named(name)
    assert found is not None
    return found


def test_versions_one_to_three_are_known_and_unknown_ones_are_none():
    assert list(SCHEMAS) == ["1", "2", "3"]
    assert schema_named(" 3 ") is CURRENT
    assert schema_named("4") is None


def test_version_one_stays_as_published_and_two_adds_court_outcomes_and_orders():
    first, second = version("1"), version("2")
    assert first.kinds == ("incident", "referral")
    assert first.column("record_id").meaning == (
        "your own id for the incident or referral, unique per kind"
    )
    assert second.kinds == ("incident", "referral", "court_outcome", "protection_order")
    assert second.names == (*first.names, "court_outcome", "order_type")
    assert second.column("court_outcome").only_for == ("court_outcome",)
    assert second.column("order_type").only_for == ("protection_order",)
    assert second.column("schema_version").meaning.endswith("follows: 2")


def test_version_three_is_version_two_with_the_identifiers_real_files_carry():
    second = version("2")
    added = tuple(
        f"{role}_{name}" for role in ("victim", "harmer") for name in OPTIONAL_IDENTIFIERS
    )

    assert CURRENT.version == "3"
    assert CURRENT.names == (*second.names, *added)
    assert CURRENT.kinds == second.kinds
    assert CURRENT.column("schema_version").meaning.endswith("follows: 3")
    for column in second.columns[1:]:
        assert CURRENT.column(column.name) == column  # nothing else changed
    for name in added:
        column = CURRENT.column(name)
        assert column.identifier and not column.required, name
    assert CURRENT.column("victim_other_names").max_length == 200
    assert CURRENT.column("victim_uprn").max_length == 12
    assert CURRENT.column("harmer_address_withheld").type is ColumnType.FLAG
    assert ref.codes(CURRENT.column("victim_dob_estimated").codes) == {"yes", "no"}


def test_the_new_identifiers_are_the_linkage_engines_optional_columns():
    from concord.linkage import engine

    assert engine.OPTIONAL_COLUMNS == OPTIONAL_IDENTIFIERS
    assert set(IDENTIFIERS) == set(engine.COLUMNS) - {"record_id"}
    assert identifier_columns("harmer") == tuple(f"harmer_{name}" for name in IDENTIFIERS)


def test_the_meanings_say_the_new_identifiers_are_for_linkage_only():
    for name in OPTIONAL_IDENTIFIERS:
        if name != "address_withheld":
            assert "for linkage only" in CURRENT.column(f"victim_{name}").meaning, name
    assert "refuge" in CURRENT.column("victim_address_withheld").meaning


@pytest.mark.parametrize(
    ("text", "stored"),
    [("yes", "yes"), (" Y ", "yes"), ("TRUE", "yes"), ("1", "yes"), ("No", "no"), ("n", "no"),
     ("false", "no"), ("0", "no"), ("", ""), ("  ", ""), ("maybe", None), ("not_known", None)],
)  # fmt: skip
def test_a_flag_is_stored_as_yes_no_or_empty(text, stored):
    assert normal_flag(text) == stored


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
    assert identifiers == {*identifier_columns("victim"), *identifier_columns("harmer")}
    leaked = identifiers & set(ANALYSIS_COLUMNS)
    assert leaked == {"victim_sex", "harmer_sex"}  # sex is kept for figures too


def test_codes_come_from_the_projects_own_vocabularies():
    assert CURRENT.column("abuse_types").codes == ref.ABUSE_TYPES
    assert CURRENT.column("children_present").type is ColumnType.YES_NO
    assert ref.codes(CURRENT.column("victim_ethnicity").codes) == ref.codes(ref.ETHNICITIES)
