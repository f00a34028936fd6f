"""The identity vault: identifiers from partner agencies' files, encrypted at rest.

Identifiers (names, date of birth, sex, postcode, phone) feed record linkage only, and are
kept apart from the analysis table (DOMAIN §8). They are sealed with the keys in the
CONCORD_VAULT_KEYS setting (Fernet keys, newest first: a new key is added in front, data
sealed with an older key still opens, and ``reseal_all`` moves everything onto the newest).

Plaintext leaves the vault in two ways only: ``identities_for_linkage`` for the linkage job,
audited as the system, and ``reveal`` for a linkage reviewer, checked and audited. Rows kept
back from a file are sealed here too, and opened only for the sending agency's data officer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied

from concord.core import audit, sealing
from concord.core.models import FormDraft
from concord.core.sealing import open_sealed, seal
from concord.submissions.models import Identity, QuarantinedSubmissionRow
from concord.submissions.schema import IDENTIFIERS

if TYPE_CHECKING:
    from concord.accounts.models import Agency, Membership

LINKAGE_BATCH = 2000


@dataclass(frozen=True)
class Identifiers:
    """What identifies one person in one row, as the agency sent it."""

    given_name: str = ""
    family_name: str = ""
    dob: str = ""  # YYYY-MM-DD
    sex: str = ""
    postcode: str = ""
    phone: str = ""

    @classmethod
    def from_row(cls, row: Mapping[str, str], role: str) -> Identifiers:
        return cls(**{name: row.get(f"{role}_{name}", "") for name in IDENTIFIERS})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in IDENTIFIERS}

    def __bool__(self) -> bool:
        return any(self.as_dict().values())


@dataclass(frozen=True)
class LinkageIdentity:
    """One identity as the linkage job reads it."""

    key: UUID
    agency_id: UUID
    kind: str
    record_id: str
    role: str
    identifiers: Identifiers


def seal_identifiers(identifiers: Identifiers) -> str:
    return seal(identifiers.as_dict())


# The two ways out -------------------------------------------------------------------------


def identities_for_linkage(agency: Agency | None = None) -> Iterator[LinkageIdentity]:
    """Every identity (of one agency, or all), opened for the linkage job. The read is
    audited once, as the system."""
    found = Identity.objects.order_by("created_at", "pk")
    if agency is not None:
        found = found.filter(agency=agency)
    audit.record("vault.read_for_linkage", agency=agency, object_type="submissions.identity")
    for identity in found.iterator(chunk_size=LINKAGE_BATCH):
        yield LinkageIdentity(
            key=identity.key,
            agency_id=identity.agency_id,
            kind=identity.kind,
            record_id=identity.record_id,
            role=identity.role,
            identifiers=Identifiers(**open_sealed(identity.sealed)),
        )


def reveal(identity: Identity, actor: Membership) -> Identifiers:
    """The identifiers of one identity, for a linkage reviewer deciding whether two
    records are the same person; anyone else gets PermissionDenied. Audited either way."""
    if not rules.test_rule("submissions.reveal_identity", actor):
        audit.record("vault.reveal_refused", actor=actor.user, agency=actor.agency, target=identity)
        raise PermissionDenied
    audit.record(
        "vault.identity_revealed",
        actor=actor.user,
        agency=actor.agency,
        target=identity,
        reason="linkage_review",
    )
    return Identifiers(**open_sealed(identity.sealed))


def quarantined_values(row: QuarantinedSubmissionRow, actor: Membership) -> dict[str, str]:
    """The values of a row kept back, for the sending agency's data officer to fix."""
    if not rules.test_rule("submissions.send", actor) or row.agency_id != actor.agency_id:
        raise PermissionDenied
    audit.record(
        "submission.row_viewed", actor=actor.user, agency=actor.agency, target=row.submission
    )
    return open_sealed(row.sealed)


def reseal_all() -> int:
    """Re-encrypt every sealed value (form drafts too) with the newest key, so that an old
    key can then be removed. Returns how many records were resealed."""
    count = 0
    for model in (Identity, QuarantinedSubmissionRow, FormDraft):
        for pk, sealed in model.objects.values_list("pk", "sealed").iterator(chunk_size=2000):
            fresh = sealing.reseal(sealed)
            model.objects.filter(pk=pk).update(sealed=fresh)
            count += 1
    audit.record("vault.resealed", changes=["sealed"])
    return count
