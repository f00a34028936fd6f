"""The identity vault: identifiers from partner agencies' files, encrypted at rest.

Identifiers (names and other names, date of birth, sex, postcode, phone, address and UPRN,
and the flags that the date of birth is an estimate or the address withheld) feed record
linkage only, and are
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
from concord.submissions.schema import FLAGS, IDENTIFIERS, normal_flag

if TYPE_CHECKING:
    from concord.accounts.models import Agency, Membership

LINKAGE_BATCH = 2000


@dataclass(frozen=True)
class Identifiers:
    """What identifies one person in one row, as the agency sent it. The field names are
    the linkage engine's columns, so ``asdict`` of one is an engine record without its
    record_id. Every field has a default: identities sealed before a field existed open
    with it empty."""

    given_name: str = ""
    family_name: str = ""
    dob: str = ""  # YYYY-MM-DD
    sex: str = ""
    postcode: str = ""
    phone: str = ""
    other_names: str = ""  # separated by ";"
    dob_estimated: str = ""  # "yes", "no" or "" (not said)
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    uprn: str = ""  # digits
    address_withheld: str = ""  # "yes", "no" or "" (not said): a refuge's address

    @classmethod
    def from_row(cls, row: Mapping[str, str], role: str) -> Identifiers:
        """One person's identifiers from a row of any version: the columns the row's version
        lacks are empty, and flags are stored as "yes", "no" or ""."""
        found = {name: row.get(f"{role}_{name}", "") or "" for name in IDENTIFIERS}
        for name in FLAGS:
            found[name] = normal_flag(found[name]) or ""
        return cls(**found)

    @classmethod
    def opened(cls, sealed: Mapping[str, str]) -> Identifiers:
        """The identifiers of a value opened from the vault, sealed by any version of this
        code: the fields it lacks are empty."""
        return cls(**{name: sealed.get(name, "") for name in IDENTIFIERS})

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in IDENTIFIERS}

    @property
    def withheld(self) -> bool:
        """Whether the address is withheld (a refuge's)."""
        return self.address_withheld == "yes"

    def __bool__(self) -> bool:
        """Whether the row names anyone: flags on their own identify nobody."""
        return any(value for name, value in self.as_dict().items() if name not in FLAGS)


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
            identifiers=Identifiers.opened(open_sealed(identity.sealed)),
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
    return Identifiers.opened(open_sealed(identity.sealed))


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
