"""Helpers for the import tests of every app: import one file's text as a member of an
agency, and read back why rows were kept in quarantine."""

from __future__ import annotations

from concord.accounts.models import Membership
from concord.cases import importing
from concord.cases.models import QuarantinedRow


def load(membership: Membership, kind: str, text: str) -> importing.Outcome:
    """Import ``text`` as the file of ``kind``, acting as ``membership``."""
    return importing.import_file(
        text.encode(),
        importing.kind_named(kind),
        agency=membership.agency,
        actor=membership.user,
        filename=f"{kind}.csv",
    )


def counts(outcome: importing.Outcome) -> tuple[int, int, int]:
    """(imported, already there, in quarantine)."""
    return outcome.imported, outcome.unchanged, outcome.quarantined


def quarantined(kind: str) -> dict[str, list[str]]:
    """The reasons each row of ``kind`` waiting in quarantine was kept back, by record id."""
    rows = QuarantinedRow.objects.filter(batch__kind=kind, resolved="")
    return {row.data["record_id"]: row.reasons for row in rows}
