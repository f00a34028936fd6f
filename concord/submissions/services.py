"""Receiving and checking partner agencies' files (DOMAIN §8).

A file is kept on disk with its submission until its checks end, then deleted. Its rows
are read one at a time (concord.submissions.files) and checked against the schema the file
names; the rows that pass are written a chunk at a time (CONCORD_SUBMISSION_CHUNK_ROWS), each
chunk in one short transaction with the submission's progress, so a long file never holds
the database and a stopped check resumes at the first row not kept. What refuses the whole
file (its schema, another agency's rows) is found before any row is kept. A row that fails
goes to quarantine, sealed, with its reasons.
The same record id again updates its record and identities; the same file again changes
nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING
from uuid import UUID, uuid4

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concord.core import audit, loads
from concord.core.resumable import Claim, ClaimLost, claim_for, give_others_a_turn
from concord.core.sealing import seal
from concord.core.uploads import FileRefused
from concord.domain.periods import Quarter, quarter_of
from concord.submissions import vault
from concord.submissions.files import Row, open_table
from concord.submissions.models import (
    Identity,
    PartnershipRecord,
    QuarantinedSubmissionRow,
    Submission,
    SubmissionStatus,
)
from concord.submissions.rows import FILE_COLUMNS, CheckedRow, check_row
from concord.submissions.schema import CURRENT, KINDS, SCHEMAS, Schema, schema_named

if TYPE_CHECKING:
    from concord.accounts.models import Agency, Membership

logger = logging.getLogger(__name__)

BATCH_ROWS = 500
HASH_CHUNK = 1024 * 1024

# Quotes nothing from the file: the submission page shows it and the log has the reference.
FAILURE_MESSAGE = (
    "Something went wrong, so the checks stopped. The {done} rows before line {line} were "
    "taken in; the rest of the file was not. Send the file again to take in the rest (rows "
    "taken in before change nothing). If it happens again, tell your system administrator "
    "the reference {reference}."
)

Progress = Callable[[int], None]


def last_quarter(today: date | None = None) -> Quarter:
    """The quarter before today's: the period a file sent now usually covers."""
    return quarter_of(today or timezone.localdate()).previous()


# Receiving ----------------------------------------------------------------------------------


@transaction.atomic
def receive_submission(
    actor: Membership, upload: IO[bytes], *, filename: str, kind: str, quarter: Quarter
) -> Submission:
    """Keep an uploaded file with a new submission and queue its checks. A file the agency
    sent before and that was accepted is refused at once: sending it again changes nothing."""
    from concord.submissions.tasks import check_submission

    submission = Submission(
        agency=actor.agency,
        submitted_by=actor.user,
        kind=kind,
        period_first=quarter.first,
        period_last=quarter.last,
        filename=Path(filename).name[:200],
    )
    submission.file.save(f"{uuid4()}{Path(filename).suffix.lower()[:5]}", upload, save=False)
    submission.sha256 = _sha256(Path(submission.file.path))
    earlier = (
        Submission.objects.of_agency(actor.agency_id)
        .accepted()
        .filter(sha256=submission.sha256)
        .first()
    )
    if earlier is not None:
        submission.file.delete(save=False)
        submission.status = SubmissionStatus.REFUSED
        submission.problem = (
            f"This file was accepted before, on {earlier.received_at:%d %B %Y} "
            f"({earlier.filename}), so nothing was changed."
        )
    submission.save()
    audit.record("submission.uploaded", actor=actor.user, agency=actor.agency, target=submission)
    if earlier is None:
        check_submission.enqueue(str(submission.pk))
    return submission


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# Checking -----------------------------------------------------------------------------------


@dataclass
class Tally:
    total: int = 0
    accepted: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0

    def counts(self) -> dict[str, int]:
        """The submission's fields that keep these counts."""
        return {
            "rows_accepted": self.accepted,
            "rows_updated": self.updated,
            "rows_unchanged": self.unchanged,
            "rows_quarantined": self.quarantined,
        }


def process_submission(submission: Submission, progress: Progress = lambda done: None) -> None:
    """Check and take in the file of a waiting submission, a chunk of rows at a time,
    starting at the first row no earlier run committed. What makes the whole file wrong is
    found before any row is kept. An unexpected error keeps the chunks committed before it,
    marks the submission refused and is raised again; the log names its type, never its
    text (which may quote the file). A run that finds the submission taken by another stops."""
    claim = claim_for(submission)
    if not claim.start(SubmissionStatus.WAITING, SubmissionStatus.VALIDATING):
        return
    submission.refresh_from_db()
    # Records are written in bulk, which says nothing to the indicators' kept figures: the
    # end of the load brings the agency's figures up to date.
    with loads.load(submission.agency_id):
        _process(claim, submission, progress)


def _process(claim: Claim, submission: Submission, progress: Progress) -> None:
    tally = Tally(
        submission.rows_done,
        submission.rows_accepted,
        submission.rows_updated,
        submission.rows_unchanged,
        submission.rows_quarantined,
    )
    try:
        schema = _survey(submission)
        Submission.objects.filter(pk=submission.pk).update(
            schema_version=schema.version, rows_total=submission.rows_total
        )
        _take_in(claim, submission, schema, tally, progress)
        with transaction.atomic():
            claim.commit(tally.total, status=SubmissionStatus.ACCEPTED, **tally.counts())
            audit.record(
                "submission.accepted",
                agency=submission.agency,
                actor=submission.submitted_by,
                target=submission,
            )
    except ClaimLost:
        logger.warning("submission.taken_over submission=%s", submission.pk)
        submission.refresh_from_db()
        return
    except FileRefused as refusal:
        _refuse(claim, submission, str(refusal))
    except Exception as error:
        logger.error(
            "submission.failed submission=%s rows=%s error=%s",
            submission.pk,
            tally.total,
            type(error).__name__,
        )
        problem = FAILURE_MESSAGE.format(
            line=tally.total + 2, done=tally.total, reference=submission.pk
        )
        _refuse(claim, submission, problem)
        let_go(submission)
        raise
    let_go(submission)


def let_go(submission: Submission) -> None:
    """Delete the file of a submission whose checks ended (it holds identifiers), and read
    back how they ended."""
    if submission.file:
        submission.file.delete(save=False)
    Submission.objects.filter(pk=submission.pk).update(file="")
    submission.refresh_from_db()


def _refuse(claim: Claim, submission: Submission, problem: str) -> None:
    """Record why the file was refused or its checks stopped; only the run holding the
    submission may end it."""
    ended = Submission.objects.filter(pk=claim.pk, attempts=claim.attempt).update(
        status=SubmissionStatus.REFUSED, problem=problem[:400], updated_at=timezone.now()
    )
    if ended:
        audit.record(
            "submission.refused",
            agency=submission.agency,
            actor=submission.submitted_by,
            target=submission,
        )


def _survey(submission: Submission) -> Schema:
    """Read the whole file once, writing nothing, for what refuses it whole: the schema its
    first row names, a row of another schema or agency, no rows at all. Sets rows_total."""
    table = open_table(Path(submission.file.path), submission.filename)
    schema: Schema | None = None
    rows = 0
    for line, row in table.rows:
        if schema is None:
            schema = _schema_of(row, table.columns)
        _belongs_to(submission, schema, line, row)
        rows += 1
    if schema is None:
        raise FileRefused("The file has a header but no rows.")
    if submission.kind not in schema.kinds:
        raise FileRefused(
            f"Schema version {schema.version} has no {dict(KINDS)[submission.kind].lower()} "
            f"records: send them in version {CURRENT.version}."
        )
    submission.rows_total = rows
    return schema


def _take_in(
    claim: Claim, submission: Submission, schema: Schema, tally: Tally, progress: Progress
) -> None:
    """Check and write the rows not committed before, a chunk at a time."""
    table = open_table(Path(submission.file.path), submission.filename)
    today = timezone.localdate()
    size = settings.SUBMISSION_CHUNK_ROWS
    chunk: list[tuple[int, Row]] = []
    for index, (line, row) in enumerate(table.rows):
        if index < tally.total:
            continue  # committed by an earlier run
        chunk.append((line, row))
        if len(chunk) == size:
            _take_in_chunk(claim, submission, schema, chunk, tally, today)
            progress(tally.total)
            give_others_a_turn()
            chunk = []
    if chunk:
        _take_in_chunk(claim, submission, schema, chunk, tally, today)
        progress(tally.total)


def _take_in_chunk(
    claim: Claim,
    submission: Submission,
    schema: Schema,
    chunk: list[tuple[int, Row]],
    tally: Tally,
    today: date,
) -> None:
    """One chunk of rows in one short transaction with the submission's progress: all of
    the chunk's rows are kept or none are. ``tally`` counts them once the chunk commits."""
    counted = replace(tally)
    with transaction.atomic():
        claim.hold()
        writer = RecordWriter(submission, counted)
        for line, row in chunk:
            counted.total += 1
            checked = check_row(schema, row, kind=submission.kind, today=today)
            if checked.reasons:
                writer.keep_back(line, row, checked.reasons)
            else:
                writer.add(checked)
        writer.flush()
        claim.commit(counted.total, **counted.counts())
    for name, value in vars(counted).items():
        setattr(tally, name, value)


def _schema_of(row: Row, columns: tuple[str, ...]) -> Schema:
    """The schema the file follows, named by its first row; its columns must be the file's."""
    if "schema_version" not in columns:
        raise FileRefused("The file has no column schema_version.")
    schema = schema_named(row["schema_version"])
    if schema is None:
        known = ", ".join(SCHEMAS)
        raise FileRefused(
            f"The file says it follows schema version '{row['schema_version'][:10]}', which we "
            f"do not know (we know version {known})."
        )
    missing = [name for name in schema.required_names if name not in columns]
    if missing:
        raise FileRefused(f"The file has no column {', '.join(missing)}.")
    unknown = sorted(set(columns) - set(schema.names))
    if unknown:
        raise FileRefused(
            f"The file has columns schema version {schema.version} does not have: "
            f"{', '.join(unknown)}."
        )
    if len(set(columns)) != len(columns):
        raise FileRefused("The file names a column twice.")
    return schema


def _belongs_to(submission: Submission, schema: Schema, line: int, row: Row) -> None:
    if row["schema_version"] != schema.version:
        raise FileRefused(
            f"Line {line} follows another schema version than the first row; a file follows one."
        )
    if row["agency"] != submission.agency.slug:
        raise FileRefused(
            f"Line {line} is for another agency than yours ({submission.agency.slug}): "
            "send only your own agency's records."
        )


class RecordWriter:
    """Writes checked rows in batches: new records and identities are created, changed ones
    updated, unchanged ones counted. A record id seen twice in one batch ends the batch
    first, so its later row updates the earlier."""

    def __init__(self, submission: Submission, tally: Tally) -> None:
        self.submission = submission
        self.agency: Agency = submission.agency
        self.tally = tally
        self.waiting: dict[str, CheckedRow] = {}
        self.kept_back: list[QuarantinedSubmissionRow] = []

    def add(self, checked: CheckedRow) -> None:
        if checked.record_id in self.waiting or len(self.waiting) >= BATCH_ROWS:
            self.flush()
        self.waiting[checked.record_id] = checked

    def keep_back(self, line: int, row: Row, reasons: list[str]) -> None:
        self.kept_back.append(
            QuarantinedSubmissionRow(
                agency=self.agency,
                submission=self.submission,
                line=line,
                sealed=seal(row),
                reasons=reasons,
            )
        )
        self.tally.quarantined += 1
        if len(self.kept_back) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        QuarantinedSubmissionRow.objects.bulk_create(self.kept_back)
        self.kept_back = []
        if self.waiting:
            self._write(list(self.waiting.values()))
        self.waiting = {}

    def _write(self, rows: list[CheckedRow]) -> None:
        kind = self.submission.kind
        ids = [row.record_id for row in rows]
        records = {
            record.record_id: record
            for record in PartnershipRecord.objects.filter(
                agency=self.agency, kind=kind, record_id__in=ids
            )
        }
        self.identities = {
            (identity.record_id, identity.role): identity
            for identity in Identity.objects.filter(
                agency=self.agency, kind=kind, record_id__in=ids
            )
        }
        self.new_identities: list[Identity] = []
        self.changed_identities: list[Identity] = []
        self.gone_identities: list[UUID] = []
        new_records, changed_records = [], []
        now = timezone.now()
        for row in rows:
            record = records.get(row.record_id)
            if record is not None and record.row_hash == row.row_hash:
                self.tally.unchanged += 1
                continue
            fields = {
                **row.values,
                "victim_key": self._identity(row, "victim", now),
                "harmer_key": self._identity(row, "harmer", now),
                "submission": self.submission,
                "row_hash": row.row_hash,
            }
            if record is None:
                new_records.append(
                    PartnershipRecord(
                        agency=self.agency, kind=kind, record_id=row.record_id, **fields
                    )
                )
                self.tally.accepted += 1
            else:
                _set(record, fields, now)
                changed_records.append(record)
                self.tally.updated += 1
        Identity.objects.bulk_create(self.new_identities)
        Identity.objects.bulk_update(self.changed_identities, ["sealed", "updated_at"])
        PartnershipRecord.objects.bulk_create(new_records)
        PartnershipRecord.objects.bulk_update(
            changed_records, [*rows[0].values, "harmer_key", "submission", "row_hash", "updated_at"]
        )
        Identity.objects.filter(pk__in=self.gone_identities).delete()

    def _identity(self, row: CheckedRow, role: str, now: object) -> UUID | None:
        """The key of the row's identity in ``role``, sealed anew from the row; None (and
        the identity gone) when the row names nobody in that role."""
        identifiers = row.victim if role == "victim" else row.harmer
        identity = self.identities.get((row.record_id, role))
        if not identifiers:
            if identity is not None:
                self.gone_identities.append(identity.pk)
            return None
        sealed = vault.seal_identifiers(identifiers)
        if identity is None:
            identity = Identity(
                agency=self.agency,
                kind=self.submission.kind,
                record_id=row.record_id,
                role=role,
                sealed=sealed,
            )
            self.new_identities.append(identity)
        else:
            _set(identity, {"sealed": sealed}, now)
            self.changed_identities.append(identity)
        return identity.key


def _set(instance: object, fields: dict[str, object], now: object) -> None:
    for name, value in {**fields, "updated_at": now}.items():
        setattr(instance, name, value)


# Rows kept back -----------------------------------------------------------------------------


@transaction.atomic
def fix_row(row: QuarantinedSubmissionRow, values: Row, actor: Membership) -> list[str]:
    """Check a corrected row again; returns the reasons it still fails (empty when it was
    accepted). The columns the file as a whole answers for keep the file's values."""
    submission = row.submission
    schema = SCHEMAS[submission.schema_version]
    values = {
        **{name: value.strip() for name, value in values.items()},
        "schema_version": schema.version,
        "agency": submission.agency.slug,
    }
    checked = check_row(schema, values, kind=submission.kind, today=timezone.localdate())
    if checked.reasons:
        row.sealed, row.reasons = seal(values), checked.reasons
        row.save(update_fields=["sealed", "reasons", "updated_at"])
        return checked.reasons
    writer = RecordWriter(submission, Tally())
    writer.add(checked)
    with loads.load(submission.agency_id):
        writer.flush()
    row.resolved, row.sealed = "accepted", seal({})
    row.save(update_fields=["resolved", "sealed", "updated_at"])
    audit.record("submission.row_fixed", actor=actor.user, agency=actor.agency, target=submission)
    return []


@transaction.atomic
def discard_row(row: QuarantinedSubmissionRow, actor: Membership) -> None:
    """Give up a row kept back: its values are deleted, the reasons stay."""
    row.resolved, row.sealed = "discarded", seal({})
    row.save(update_fields=["resolved", "sealed", "updated_at"])
    audit.record(
        "submission.row_discarded", actor=actor.user, agency=actor.agency, target=row.submission
    )


def editable_columns(submission: Submission) -> tuple[str, ...]:
    return tuple(
        name for name in SCHEMAS[submission.schema_version].names if name not in FILE_COLUMNS
    )
