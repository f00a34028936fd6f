"""Checking one row of a submission against its schema: every problem found, each naming
its column. Reasons never quote an identifier's value: they are shown to people who may
not see identifiers, and kept in clear beside the sealed row."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.crypto import salted_hmac

from concord.cases.import_rows import (
    Row,
    RowProblem,
    code_list,
    code_value,
    date_value,
    whole_number,
)
from concord.domain.dates import DATE_HINT
from concord.people.reference import FULL_POSTCODE, normal_area
from concord.submissions.schema import (
    KINDS,
    UPRN_DIGITS,
    WHERE_THEY_LIVE,
    Column,
    ColumnType,
    Schema,
    normal_flag,
)
from concord.submissions.vault import Identifiers

#: Columns the file as a whole answers for: checked once per row by the caller.
FILE_COLUMNS = ("schema_version", "agency")

HINTS = {
    ColumnType.DATE: f"not a date (use {DATE_HINT})",
    ColumnType.CODE: "not one of the codes for this column",
    ColumnType.INTEGER: "not a whole number",
    ColumnType.FLAG: "not yes or no",
}


@dataclass
class CheckedRow:
    """A row's values for the analysis table, the identifiers of its people, and the
    reasons it cannot be accepted (none when it can)."""

    record_id: str
    values: dict[str, Any] = field(default_factory=dict)
    victim: Identifiers = field(default_factory=Identifiers)
    harmer: Identifiers = field(default_factory=Identifiers)
    reasons: list[str] = field(default_factory=list)
    row_hash: str = ""


def check_row(schema: Schema, row: Row, *, kind: str, today: date) -> CheckedRow:
    """Check every column of ``row`` (except FILE_COLUMNS) against ``schema``."""
    checked = CheckedRow(record_id=row.get("record_id", ""), row_hash=row_hash(schema, row))
    clean: dict[str, Any] = {}
    for column in schema.columns:
        if column.name in FILE_COLUMNS:
            continue
        try:
            clean[column.name] = _value(column, row.get(column.name, "").strip(), today)
        except RowProblem as problem:
            checked.reasons += _private(column, problem.reasons)
    if clean.get("kind") and clean["kind"] != kind:
        checked.reasons.append(f"kind: this file was sent as {_rows_of(kind)}")
    checked.reasons += _kind_rules(schema, clean, kind)
    checked.reasons += _withheld_rules(schema, clean)
    if FULL_POSTCODE.fullmatch(clean.get("area", "").upper()):
        checked.reasons.append("area: a full postcode; send its district only (like LE2)")
    identifiers = {name: str(value or "") for name, value in clean.items()}
    checked.victim = Identifiers.from_row(identifiers, "victim")
    checked.harmer = Identifiers.from_row(identifiers, "harmer")
    checked.values = {name: clean.get(name, "") for name in ANALYSIS_COLUMNS}
    return checked


def _rows_of(kind: str) -> str:
    """ "incidents", "court outcomes"..."""
    return f"{dict(KINDS)[kind].lower()}s"


def _kind_rules(schema: Schema, clean: dict[str, Any], kind: str) -> list[str]:
    """The columns of some kinds of row only: filled in those, empty in the others (a value
    that did not parse has its reason already)."""
    reasons = []
    for column in schema.columns:
        if not column.only_for or column.name not in clean:
            continue
        kinds = " or ".join(_rows_of(code) for code in column.only_for)
        if kind in column.only_for and not clean[column.name]:
            reasons.append(f"{column.name}: a value is needed in {kinds}")
        elif kind not in column.only_for and clean[column.name]:
            reasons.append(f"{column.name}: only for {kinds}; leave it empty in {_rows_of(kind)}")
    return reasons


def _withheld_rules(schema: Schema, clean: dict[str, Any]) -> list[str]:
    """A withheld address (a refuge's) comes with nothing that says where the person lives:
    not the address lines, town, UPRN nor postcode. The reason names the columns to empty,
    never what is in them."""
    reasons = []
    for role in ("victim", "harmer"):
        if clean.get(f"{role}_address_withheld") != "yes":
            continue
        filled = [
            f"{role}_{name}"
            for name in WHERE_THEY_LIVE
            if f"{role}_{name}" in schema.names and clean.get(f"{role}_{name}")
        ]
        if filled:
            reasons.append(
                f"{role}_address_withheld: the address is withheld, so leave "
                f"{_listed(filled)} empty"
            )
    return reasons


def _listed(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


ANALYSIS_COLUMNS = (
    "occurred_on",
    "relationship",
    "abuse_types",
    "children_present",
    "repeat",
    "victim_ethnicity",
    "victim_age",
    "victim_sex",
    "harmer_sex",
    "harmer_age",
    "area",
    "outcome",
    "court_outcome",
    "order_type",
)


def row_hash(schema: Schema, row: Row) -> str:
    """A keyed hash of the row's values: it tells a changed row from an unchanged one, and
    being keyed, it cannot be matched against guessed names and dates of birth."""
    values = {name: row.get(name, "").strip() for name in schema.names}
    return salted_hmac("concord.submissions.row", json.dumps(values, sort_keys=True)).hexdigest()


def _value(column: Column, text: str, today: date) -> Any:
    if not text:
        if column.required:
            raise RowProblem([f"{column.name}: a value is needed"])
        return [] if column.type == ColumnType.CODE_LIST else None if _numeric(column) else ""
    if len(text) > column.max_length:
        raise RowProblem([f"{column.name}: at most {column.max_length} characters"])
    return PARSERS[column.type](column, text, today)


def _numeric(column: Column) -> bool:
    return column.type in (ColumnType.INTEGER, ColumnType.DATE)


def _date(column: Column, text: str, today: date) -> date | None:
    day = date_value(text, column.name)
    if day is not None and day > today:
        raise RowProblem([f"{column.name}: in the future"])
    return day


def _integer(column: Column, text: str, today: date) -> int | None:
    number = whole_number(text, column.name)
    lowest = column.lowest if column.lowest is not None else 0
    if number is not None and column.highest is not None and not lowest <= number <= column.highest:
        raise RowProblem([f"{column.name}: must be from {lowest} to {column.highest}"])
    return number


#: Values agencies put in a name field when they do not know it: junk, not a name.
PLACEHOLDERS = frozenset(
    {"unknown", "not known", "n/k", "nk", "n/a", "na", "none", "tbc", "tba", "xxx", "x", "?"}
)
UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")
PHONE = re.compile(r"\+?[0-9 ()-]{10,20}")
UPRN = re.compile(rf"[0-9]{{1,{UPRN_DIGITS}}}")


def _text(column: Column, text: str, today: date) -> str:
    if column.name == "area":
        return normal_area(text)
    if column.name.endswith("_name") and _not_a_name(text):
        raise RowProblem([f"{column.name}: not a name (leave it empty when it is not known)"])
    if column.name.endswith("_postcode") and not UK_POSTCODE.fullmatch(text.upper()):
        raise RowProblem([f"{column.name}: not a UK postcode"])
    if column.name.endswith("_phone") and not PHONE.fullmatch(text):
        raise RowProblem([f"{column.name}: not a phone number"])
    if column.name.endswith("_other_names"):
        return _other_names(column, text)
    if column.name.endswith("_uprn"):
        return _uprn(column, text)
    return text


def _other_names(column: Column, text: str) -> str:
    """Names separated by ";", each a name: stored without the spaces around them."""
    names = [name.strip() for name in text.split(";") if name.strip()]
    if any(_not_a_name(name) for name in names):
        raise RowProblem(
            [f"{column.name}: one of the names is not a name (leave out names not known)"]
        )
    return ";".join(names)


def _not_a_name(text: str) -> bool:
    return text.casefold() in PLACEHOLDERS or not any(c.isalpha() for c in text)


def _uprn(column: Column, text: str) -> str:
    """A Unique Property Reference Number: digits only, never 0. Zeros some systems pad it
    with in front are dropped, so the same property has one UPRN whoever sends it."""
    if not UPRN.fullmatch(text) or not text.strip("0"):
        raise RowProblem([f"{column.name}: not a UPRN (its digits only, up to {UPRN_DIGITS})"])
    return text.lstrip("0")


def _flag(column: Column, text: str, today: date) -> str:
    flag = normal_flag(text)
    if flag is None:
        raise RowProblem([f"{column.name}: not yes or no"])
    return flag


PARSERS: dict[ColumnType, Callable[[Column, str, date], Any]] = {
    ColumnType.TEXT: _text,
    ColumnType.DATE: _date,
    ColumnType.CODE: lambda column, text, today: code_value(text, column.name, column.codes),
    ColumnType.YES_NO: lambda column, text, today: code_value(text, column.name, column.codes),
    ColumnType.CODE_LIST: lambda column, text, today: code_list(text, column.name, column.codes),
    ColumnType.INTEGER: _integer,
    ColumnType.FLAG: _flag,
}


def _private(column: Column, reasons: list[str]) -> list[str]:
    """Reasons about an identifier column, with the value they quote taken out."""
    if not column.identifier:
        return reasons
    return [
        reason if "'" not in reason else f"{column.name}: {HINTS.get(column.type, 'not valid')}"
        for reason in reasons
    ]
