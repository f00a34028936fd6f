"""A subject access request: everything one agency holds about a person, gathered from
every app's holding (concord.people.personal_data), with third parties' details redacted
unless the reviewer includes them, and each redaction listed for the reviewer."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.template.loader import render_to_string

from concord.core.export import csv_lines
from concord.people.models import Person
from concord.people.personal_data import HOLDINGS, HeldField, HeldRecord

REDACTED = "[Redacted: about someone else]"


@dataclass(frozen=True)
class Redaction:
    """A third party's detail withheld from the export, for the reviewer to check."""

    kind: str
    title: str
    label: str


@dataclass(frozen=True)
class SubjectAccess:
    person: Person
    records: list[HeldRecord]
    redactions: list[Redaction]


def gather(person: Person, *, include_third_parties: bool = False) -> SubjectAccess:
    records: list[HeldRecord] = []
    redactions: list[Redaction] = []
    for holding in HOLDINGS.in_order():
        for record in holding.held_about(person):
            if include_third_parties:
                records.append(record)
                continue
            withheld = [item for item in record.fields if item.third_party and item.value]
            redactions += [Redaction(record.kind, record.title, item.label) for item in withheld]
            records.append(replace(record, fields=tuple(_redacted(record.fields))))
    return SubjectAccess(person, records, redactions)


def _redacted(fields: Iterable[HeldField]) -> Iterable[HeldField]:
    for item in fields:
        yield replace(item, value=REDACTED) if item.third_party and item.value else item


def bundle(access: SubjectAccess, context: dict[str, object]) -> bytes:
    """A zip of the printable report (HTML), every item as CSV and the redactions as CSV."""
    records = (
        (record.kind, record.title, item.label, item.value)
        for record in access.records
        for item in record.fields
    )
    redactions = ((r.kind, r.title, r.label) for r in access.redactions)
    report = render_to_string("dataprotection/subject_access_report.html", context)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("report.html", report)
        archive.writestr(
            "records.csv", "".join(csv_lines(("Kind", "Record", "Item", "Value"), records))
        )
        archive.writestr(
            "redactions.csv", "".join(csv_lines(("Kind", "Record", "Item withheld"), redactions))
        )
    return buffer.getvalue()
