"""Import historical records from CSV files (councils move from spreadsheets).

A directory holds one file per kind of record (see docs/data-dictionary/import-format.md).
Each row carries the agency's own record id. For each file: the file must be UTF-8 text
with the documented columns, or it is refused whole; each row is checked, and a row that
fails goes to quarantine with its reasons; the good rows are written through the same
services as the pages (so every write is validated and audited), a chunk of rows at a time
(at most CONCORD_IMPORT_CHUNK_MILLISECONDS of writing), each chunk in one short transaction
with the batch's progress, so the site stays free to write while a long file is imported
and a stopped import resumes at the first row not kept. A row imported before is left
alone, which makes importing the same file again change nothing (and finishes a file whose
import stopped part-way).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Agency, Membership, User
from concord.cases import services
from concord.cases.import_rows import (
    Context,
    Kind,
    RowProblem,
    agency_service,
    code_list,
    code_value,
    date_value,
    filled,
    imported_case,
    imported_person,
    moment_value,
    reported_in,
    require,
    required_date,
    validation_reasons,
    whole_number,
    worker,
)
from concord.cases.lifecycle import ROUTES, CaseStatus
from concord.cases.models import ImportBatch, ImportedRecord, ImportStatus, QuarantinedRow
from concord.cases.vocabulary import AWAITING, OFFER_ANSWERS, SUPPORT_KINDS
from concord.core import audit, loads
from concord.core.export import formula_cells
from concord.core.resumable import (
    ChunkBudget,
    Claim,
    ClaimLost,
    claim_for,
    give_others_a_turn,
)
from concord.core.uploads import (  # FileRefused is raised here and caught by callers
    FileRefused,
    UploadLimits,
    cap_csv_cells,
    capped_lines,
    check_column_count,
    check_row_count,
    upload_limits,
)
from concord.people import reference as ref
from concord.people import services as people_services

# One kind of record each -----------------------------------------------------------------


def _person(context: Context, row: dict[str, str]) -> Any:
    require(row, "given_name", "family_name")
    roles = set(code_list(row.get("roles", ""), "roles", ref.PERSON_ROLES))
    return people_services.record_person(
        context.actor,
        context.agency,
        given_name=row["given_name"],
        family_name=row["family_name"],
        date_of_birth=date_value(row.get("date_of_birth", ""), "date_of_birth"),
        sex=code_value(row.get("sex", ""), "sex", ref.SEXES, "not_known"),
        ethnicity=code_value(row.get("ethnicity", ""), "ethnicity", ref.ETHNICITIES, "not_known"),
        first_language=row.get("first_language", ""),
        area=row.get("area", ""),
        needs_interpreter=code_value(
            row.get("needs_interpreter", ""), "needs_interpreter", ref.YES_NO_NOT_KNOWN, "not_known"
        ),
        is_victim_survivor="victim_survivor" in roles,
        is_person_causing_harm="person_causing_harm" in roles,
        is_child_young_person="child_young_person" in roles,
    )


# The column that dates each step: when the case opened, and when it ended (closed,
# declined or not engaged).
STEP_COLUMNS = {
    CaseStatus.OPEN: "opened_at",
    CaseStatus.CLOSED: "ended_at",
    CaseStatus.DECLINED: "ended_at",
    CaseStatus.NOT_ENGAGED: "ended_at",
}


OFFER_COLUMNS = ("offer_kind", "offered_on", "offer_answer", "offer_answered_on")


@dataclass(frozen=True)
class _Offer:
    """The offer of support a case row records, read before anything is written."""

    kind: str
    offered_on: date
    answer: str
    answered_on: date | None


def offer_of(row: dict[str, str]) -> _Offer | None:
    """The row's offer of support, or None when its offer columns are empty. An answer
    needs its date and a date needs an answer; no answer is an offer awaiting one."""
    if not filled(row, OFFER_COLUMNS):
        return None
    require(row, "offer_kind", "offered_on")
    answer = code_value(row.get("offer_answer", ""), "offer_answer", OFFER_ANSWERS, AWAITING)
    answered_on = date_value(row.get("offer_answered_on", ""), "offer_answered_on")
    if answer != AWAITING and answered_on is None:
        raise RowProblem(["offer_answered_on: a value is needed with an answer"])
    if answer == AWAITING and answered_on is not None:
        raise RowProblem(["offer_answer: give the answer of the date in offer_answered_on"])
    return _Offer(
        code_value(row["offer_kind"], "offer_kind", SUPPORT_KINDS),
        required_date(row, "offered_on"),
        answer,
        answered_on,
    )


YES_NO = {"": False, "no": False, "yes": True}


def _yes_or_no(row: dict[str, str], column: str) -> bool:
    value = row.get(column, "").lower()
    if value not in YES_NO:
        raise RowProblem([f"{column}: '{row[column]}' is not yes or no"])
    return YES_NO[value]


def _case_row(context: Context, row: dict[str, str]) -> Any:
    require(
        row, "person_record_id", "service", "referral_source", "method_of_access", "referred_at"
    )
    person = imported_person(context, row)
    service = agency_service(context, row["service"], "service")
    try:
        status = CaseStatus(row.get("status") or "referred")
    except ValueError:
        raise RowProblem([f"status: '{row['status']}' is not a case status"]) from None
    offer = offer_of(row)
    worked_by_idva = _yes_or_no(row, "worked_by_idva")
    case = services.open_case(
        context.actor,
        person,
        service,
        referral_source=code_value(row["referral_source"], "referral_source", ref.REFERRAL_SOURCES),
        method_of_access=code_value(
            row["method_of_access"], "method_of_access", ref.METHODS_OF_ACCESS
        ),
        referred_at=moment_value(row["referred_at"], "referred_at"),
        lead_professional=worker(
            context, row.get("lead_professional_email", ""), "lead_professional_email"
        ),
        abuse_types=code_list(row.get("abuse_types", ""), "abuse_types", ref.ABUSE_TYPES),
        worked_by_idva=worked_by_idva,
    )
    for step in ROUTES[status]:
        reason = row.get("status_reason", "") if step == status else ""
        column = STEP_COLUMNS[step]
        require(row, column)
        with reported_in({"at": column}):
            at = moment_value(row[column], column)
            services.change_status(context.actor, case, step, reason, at=at)
    if offer is not None:
        _record_offer(context, case, offer)
    return case


def _record_offer(context: Context, case: Any, offer: _Offer) -> None:
    with reported_in(
        {"kind": "offer_kind", "offered_on": "offered_on", "answered_on": "offer_answered_on"}
    ):
        made = services.offer_support(
            context.actor, case, kind=offer.kind, offered_on=offer.offered_on, historical=True
        )
        if offer.answered_on is not None:
            services.answer_offer(
                context.actor, made, answer=offer.answer, answered_on=offer.answered_on
            )


def _contact(context: Context, row: dict[str, str]) -> Any:
    require(row, "case_record_id", "channel", "initiated_by", "occurred_at")
    return services.record_contact(
        context.actor,
        imported_case(context, row),
        channel=code_value(row["channel"], "channel", ref.CONTACT_CHANNELS),
        initiated_by=code_value(row["initiated_by"], "initiated_by", ref.CONTACT_INITIATORS),
        occurred_at=moment_value(row["occurred_at"], "occurred_at"),
        duration_minutes=whole_number(row.get("duration_minutes", ""), "duration_minutes"),
        notes=row.get("notes", ""),
        worker=worker(context, row.get("worker_email", "")),
        historical=True,
    )


def _intake_profile(context: Context, row: dict[str, str]) -> Any:
    require(row, "case_record_id", "assessed_on")
    answers = {
        code: code_value(row.get(code, ""), code, ref.YES_NO_NOT_KNOWN, "not_known")
        for code, _ in ref.INTAKE_ITEMS
    }
    return services.record_intake_profile(
        context.actor,
        imported_case(context, row),
        assessed_on=required_date(row, "assessed_on"),
        answers=answers,
        number_of_children=whole_number(row.get("number_of_children", ""), "number_of_children"),
        children_ages=row.get("children_ages", ""),
    )


def _safety_plan(context: Context, row: dict[str, str]) -> Any:
    require(row, "case_record_id", "created_on", "areas")
    return services.record_safety_plan(
        context.actor,
        imported_case(context, row),
        created_on=required_date(row, "created_on"),
        reviewed_on=date_value(row.get("reviewed_on", ""), "reviewed_on"),
        completed_on=date_value(row.get("completed_on", ""), "completed_on"),
        areas=[part.strip() for part in row["areas"].split(";") if part.strip()],
        notes=row.get("notes", ""),
    )


def _exit_review(context: Context, row: dict[str, str]) -> Any:
    require(row, "case_record_id", "reviewed_on", "feels_safer", "abuse_change")
    scales = {
        name: whole_number(row.get(name, ""), name)
        for name in (
            "wellbeing_at_intake",
            "wellbeing_at_exit",
            "safety_at_intake",
            "safety_at_exit",
        )
    }
    return services.record_exit_review(
        context.actor,
        imported_case(context, row),
        reviewed_on=required_date(row, "reviewed_on"),
        feels_safer=row["feels_safer"],
        abuse_change=row["abuse_change"],
        **scales,
    )


INTAKE_COLUMNS = tuple(code for code, _ in ref.INTAKE_ITEMS)
CASE_KINDS: tuple[Kind, ...] = (
    Kind(
        "people",
        (
            "record_id",
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "roles",
            "first_language",
            "needs_interpreter",
            "area",
        ),
        _person,
        required=("given_name", "family_name"),
    ),
    Kind(
        "cases",
        (
            "record_id",
            "person_record_id",
            "service",
            "referral_source",
            "method_of_access",
            "referred_at",
            "status",
            "status_reason",
            "opened_at",
            "ended_at",
            "lead_professional_email",
            "abuse_types",
            "worked_by_idva",
            *OFFER_COLUMNS,
        ),
        _case_row,
        required=("person_record_id", "service"),
    ),
    Kind(
        "contacts",
        (
            "record_id",
            "case_record_id",
            "channel",
            "initiated_by",
            "occurred_at",
            "duration_minutes",
            "worker_email",
            "notes",
        ),
        _contact,
        required=("case_record_id", "channel"),
    ),
    Kind(
        "intake_profiles",
        (
            "record_id",
            "case_record_id",
            "assessed_on",
            "number_of_children",
            "children_ages",
            *INTAKE_COLUMNS,
        ),
        _intake_profile,
        required=("case_record_id", "assessed_on"),
    ),
    Kind(
        "safety_plans",
        (
            "record_id",
            "case_record_id",
            "created_on",
            "reviewed_on",
            "completed_on",
            "areas",
            "notes",
        ),
        _safety_plan,
        required=("case_record_id", "created_on"),
    ),
    Kind(
        "exit_reviews",
        (
            "record_id",
            "case_record_id",
            "reviewed_on",
            "feels_safer",
            "abuse_change",
            "wellbeing_at_intake",
            "wellbeing_at_exit",
            "safety_at_intake",
            "safety_at_exit",
        ),
        _exit_review,
        required=("case_record_id", "reviewed_on"),
    ),
)
# Every app's kinds ---------------------------------------------------------------------------

# Each kind by name, with its place in the order of import and its place among its app's kinds.
_registered: dict[str, tuple[int, int, Kind]] = {}


def register_kinds(place: int, *kinds: Kind) -> None:
    """Import ``kinds`` at ``place`` in the order of import (lowest first), in the order
    given. Each app describes its kinds in its own ``importing`` module (see
    cases.import_rows) and registers them from its ``AppConfig.ready``, at a place after the
    kinds its rows refer to. Registering a name again replaces it (``ready`` can run more
    than once in tests)."""
    for position, kind in enumerate(kinds):
        _registered[kind.name] = (place, position, kind)


def kinds() -> tuple[Kind, ...]:
    """Every kind of record, in the order they are imported: later kinds refer to earlier
    ones."""
    return tuple(kind for *_, kind in sorted(_registered.values(), key=lambda found: found[:2]))


# Files -------------------------------------------------------------------------------------


def read_rows(content: bytes, kind: Kind) -> list[dict[str, str]]:
    """The file's rows by column, refused whole when it is not UTF-8 CSV with the kind's
    columns, or is beyond the upload limits (concord.core.uploads)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            "The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8 (comma delimited)'."
        ) from None
    limits = upload_limits()
    cap_csv_cells(limits)
    reader = csv.DictReader(capped_lines(io.StringIO(text), limits))
    try:
        return _rows(reader, kind, limits)
    except csv.Error:
        raise FileRefused(
            f"Line {reader.line_num} cannot be read as CSV (a cell is longer than "
            f"{limits.line_chars:,} characters, or a quote is not closed)."
        ) from None


def _rows(reader: csv.DictReader[str], kind: Kind, limits: UploadLimits) -> list[dict[str, str]]:
    columns = [name.strip() for name in reader.fieldnames or []]
    check_column_count(len(columns), limits)
    missing = [
        column for column in ("record_id", *_required_columns(kind)) if column not in columns
    ]
    if missing:
        raise FileRefused(f"The file has no column {', '.join(missing)}.")
    unknown = sorted(set(columns) - set(kind.columns))
    if unknown:
        raise FileRefused(
            f"The file has columns this kind of record does not have: {', '.join(unknown)}."
        )
    rows: list[dict[str, str]] = []
    for row in reader:
        check_row_count(len(rows) + 1, limits)
        rows.append({key.strip(): (value or "").strip() for key, value in row.items() if key})
    return rows


def _required_columns(kind: Kind) -> tuple[str, ...]:
    return kind.required


def _row_hash(row: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(row, sort_keys=True).encode()).hexdigest()


logger = logging.getLogger(__name__)

# Quotes nothing from the file: the batch page shows it and the log has the reference.
FAILURE_MESSAGE = (
    "Something went wrong, so the import stopped. The {done} rows before line {line} were "
    "kept; the rest of the file was not imported. Upload the file again to import the rest "
    "(rows already imported are left alone). If it happens again, tell your system "
    "administrator the reference {reference}."
)


class RowFailed(Exception):
    """An unexpected error while importing the row at ``line``; the error is its cause."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


@dataclass
class Outcome:
    kind: str
    imported: int = 0
    unchanged: int = 0
    quarantined: int = 0
    refused: str = ""

    def counts(self) -> dict[str, int]:
        """The batch's fields that keep these counts."""
        return {
            "rows_imported": self.imported,
            "rows_unchanged": self.unchanged,
            "rows_quarantined": self.quarantined,
        }


def import_file(
    content: bytes,
    kind: Kind,
    *,
    agency: Agency,
    actor: User,
    filename: str,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Outcome:
    """Import one file of one kind. Returns what happened to its rows."""
    batch = ImportBatch.objects.create(
        agency=agency, kind=kind.name, filename=filename, imported_by=actor
    )
    return import_batch(batch, content, kind, progress=progress)


def import_batch(
    batch: ImportBatch,
    content: bytes,
    kind: Kind,
    *,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Outcome:
    """Import the file of a waiting batch, a chunk of rows at a time, starting at the first
    row no earlier run committed. An unexpected error keeps the chunks committed before it,
    marks the batch failed and is raised again; the log names the error's type, never its
    text (which may quote the file). A run that finds the batch taken by another stops."""
    claim = claim_for(batch)
    if not claim.start(ImportStatus.WAITING, ImportStatus.IMPORTING):
        return Outcome(kind.name)
    batch.refresh_from_db()
    action = "import.started" if claim.attempt == 1 else "import.resumed"
    audit.record(action, actor=batch.imported_by, agency=batch.agency, target=batch)
    outcome = Outcome(kind.name, batch.rows_imported, batch.rows_unchanged, batch.rows_quarantined)
    with loads.load(batch.agency_id):
        outcome = _import_rows(claim, batch, content, kind, outcome, progress)
    batch.refresh_from_db()
    return outcome


def _import_rows(
    claim: Claim,
    batch: ImportBatch,
    content: bytes,
    kind: Kind,
    outcome: Outcome,
    progress: Callable[[int, int], None],
) -> Outcome:
    """The rows from the first not yet kept, chunk by chunk, then the batch's end."""
    done = batch.rows_done
    try:
        rows = read_rows(content, kind)
        ImportBatch.objects.filter(pk=batch.pk).update(rows_total=len(rows))
        context = Context(agency=batch.agency, actor=batch.imported_by)
        while done < len(rows):
            outcome, done = _import_chunk(claim, context, kind, batch, rows, done, outcome)
            progress(done, len(rows))
            give_others_a_turn()
        with transaction.atomic():
            claim.commit(done, status=ImportStatus.IMPORTED, content=b"", **outcome.counts())
    except ClaimLost:
        logger.warning("import.taken_over batch=%s attempt=%s", batch.pk, claim.attempt)
    except FileRefused as refusal:
        outcome.refused = str(refusal)
        _end(claim, ImportStatus.REFUSED, outcome.refused)
    except Exception as error:
        cause = (error.__cause__ or error) if isinstance(error, RowFailed) else error
        line = error.line if isinstance(error, RowFailed) else done + 2
        logger.error(
            "import.failed batch=%s line=%s error=%s", batch.pk, line, type(cause).__name__
        )
        problem = FAILURE_MESSAGE.format(line=done + 2, done=done, reference=batch.pk)
        _end(claim, ImportStatus.FAILED, problem)
        raise cause from None
    return outcome


def _import_chunk(
    claim: Claim,
    context: Context,
    kind: Kind,
    batch: ImportBatch,
    rows: list[dict[str, str]],
    first: int,
    before: Outcome,
) -> tuple[Outcome, int]:
    """Import rows from ``first`` in one short transaction, with the batch's progress, until
    the chunk's budget is spent (``ChunkBudget``): the chunk's rows are all kept or none
    are. Returns the counts including this chunk, and the first row not yet imported."""
    outcome = replace(before)
    budget = ChunkBudget(settings.IMPORT_CHUNK_ROWS, settings.IMPORT_CHUNK_MILLISECONDS)
    done = first
    with transaction.atomic():
        claim.hold()
        while done < len(rows) and not budget.spent(done - first):
            line = done + 2  # the header is line 1
            try:
                _import_row(context, kind, batch, line, rows[done], outcome)
            except Exception as error:
                raise RowFailed(line) from error
            done += 1
        claim.commit(done, **outcome.counts())
    return outcome, done


def _end(claim: Claim, status: ImportStatus, problem: str) -> None:
    """Record why the file was not imported (or not all of it), and let go of it: it holds
    personal data. Only the run holding the batch may end it."""
    ImportBatch.objects.filter(pk=claim.pk, attempts=claim.attempt).update(
        status=status, problem=problem, content=b"", updated_at=timezone.now()
    )


def _import_row(
    context: Context,
    kind: Kind,
    batch: ImportBatch,
    line: int,
    row: dict[str, str],
    outcome: Outcome,
) -> None:
    record_id, row_hash = row.get("record_id", ""), _row_hash(row)
    earlier = ImportedRecord.objects.filter(
        agency=context.agency, kind=kind.name, record_id=record_id
    ).first()
    if earlier is not None and earlier.row_hash == row_hash:
        outcome.unchanged += 1
        return
    reasons = formula_cells(row)
    if not record_id:
        reasons.append("record_id: a value is needed")
    if earlier is not None:
        reasons.append(
            "record_id: imported before with different values; change the record in Concord"
        )
    if not reasons:
        try:
            with transaction.atomic():
                made = kind.write(context, row)
                ImportedRecord.objects.create(
                    agency=context.agency,
                    kind=kind.name,
                    record_id=record_id,
                    row_hash=row_hash,
                    object_id=made.pk,
                )
            outcome.imported += 1
            return
        except RowProblem as problem:
            reasons = problem.reasons
        except ValidationError as error:
            reasons = validation_reasons(error)
    QuarantinedRow.objects.create(
        agency=context.agency, batch=batch, line=line, data=row, reasons=reasons
    )
    outcome.quarantined += 1


def import_directory(
    directory: Path,
    *,
    agency: Agency,
    actor: User,
    progress: Callable[[str, int, int], None] = lambda *a: None,
) -> Iterator[Outcome]:
    """Import every known file in ``directory`` in the order records depend on each other."""
    for kind in kinds():
        path = directory / f"{kind.name}.csv"
        if path.exists():
            yield import_file(
                path.read_bytes(),
                kind,
                agency=agency,
                actor=actor,
                filename=path.name,
                progress=partial(progress, kind.name),
            )


def importing_user(agency: Agency, email: str) -> User:
    membership = (
        Membership.objects.active().filter(agency=agency, user__email=email.lower()).first()
    )
    if membership is None:
        raise ValueError(f"{email} has no role at {agency}")
    return membership.user


def kind_named(name: str) -> Kind:
    return _registered[name][2]


@transaction.atomic
def retry_row(row: QuarantinedRow, values: dict[str, str], actor: User) -> list[str]:
    """Try a corrected quarantined row again; returns the reasons it still fails (empty when
    it was imported)."""
    kind = kind_named(row.batch.kind)
    outcome = Outcome(kind.name)
    batch = row.batch
    _import_row(Context(agency=row.agency, actor=actor), kind, batch, row.line, values, outcome)
    if outcome.quarantined:
        newest = batch.quarantine.filter(line=row.line).order_by("-created_at").first()
        reasons = list(newest.reasons) if newest else []
        if newest is not None:
            newest.delete()  # the row stays in quarantine once, with its corrected values
        row.data, row.reasons = values, reasons
        row.save(update_fields=["data", "reasons", "updated_at"])
        return reasons
    row.resolved = "imported"
    row.save(update_fields=["resolved", "updated_at"])
    audit.record("import.row_fixed", actor=actor, agency=row.agency, target=batch)
    return []


@transaction.atomic
def discard_row(row: QuarantinedRow, actor: User) -> None:
    row.resolved = "discarded"
    row.save(update_fields=["resolved", "updated_at"])
    audit.record("import.row_discarded", actor=actor, agency=row.agency, target=row.batch)
