"""Submission files for tests: rows in the current schema version, as CSV or XLSX bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from concord.submissions.schema import CURRENT

GOOD = {
    "schema_version": CURRENT.version,
    "agency": "police",
    "kind": "incident",
    "occurred_on": "2024-05-02",
    "victim_given_name": "Zephyrine",
    "victim_family_name": "Quillfeather",
    "victim_dob": "1990-04-03",
    "victim_sex": "female",
    "victim_postcode": "LE2 7AB",
    "victim_phone": "07700900123",
    "harmer_given_name": "Mark",
    "harmer_family_name": "Stone",
    "harmer_dob": "",
    "harmer_sex": "male",
    "harmer_postcode": "",
    "harmer_phone": "",
    "relationship": "ex_partner",
    "abuse_types": "physical;controlling_or_coercive",
    "children_present": "yes",
    "repeat": "no",
    "victim_ethnicity": "asian_indian",
    "victim_age": "34",
    "harmer_age": "36",
    "area": "LE2",
    "outcome": "arrest",
}


def row(record_id: str, **changes: str) -> dict[str, str]:
    return {**GOOD, "record_id": record_id, **changes}


def rows(count: int, **changes: str) -> list[dict[str, str]]:
    return [row(f"R{number}", **changes) for number in range(1, count + 1)]


def csv_bytes(records: Iterable[dict[str, str]], columns: Iterable[str] = CURRENT.names) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return text.getvalue().encode()


def xlsx_bytes(records: Iterable[dict[str, str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(CURRENT.names))
    for record in records:
        sheet.append([record.get(name, "") for name in CURRENT.names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
