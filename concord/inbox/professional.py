"""A professional's online referral (DOMAIN §17, issue 18): a GP, a school or a police
officer without a Concord account refers a victim to the help point that takes online
referrals. Here: taking the referral (its files checked and kept as case documents are),
what the inbox shows of it, the download of its files by the help point's workers, and
what accepting it into a case carries over: the DASH answers as a risk assessment and the
files as case documents."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from concord.accounts.models import Service, User
from concord.cases import documents
from concord.cases.models import Case
from concord.core import audit, filetypes
from concord.core.presenters import govuk_date
from concord.inbox import services
from concord.inbox import vocabulary as words
from concord.inbox.models import OnlineReferral, OnlineReferralFile
from concord.people import reference as ref
from concord.referrals.vocabulary import SAFEGUARDING_BASES
from concord.risk import dash
from concord.risk import services as risk_services
from concord.risk.dash import ANSWER_LABELS, Answer
from concord.risk.models import AssessmentReason, Instrument, Question

CHUNK = 1024 * 1024
# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
# The form's fields besides its files: generous, but far from what a file could need.
FIELDS_BYTES = 256 * 1024

#: The kinds of agency a professional may refer from (people.reference.REFERRAL_SOURCES).
PROFESSIONAL_SOURCES = tuple(
    (code, label)
    for code, label in ref.REFERRAL_SOURCES
    if code not in {"self", "family_or_friend", "marac"}
)

# The fields of OnlineReferral a professional's form fills in (besides the risk checklist).
DETAIL_FIELDS = (
    "referrer_name",
    "referrer_role",
    "referrer_agency",
    "referral_source",
    "referrer_email",
    "referrer_phone",
    "name",
    "family_name",
    "date_of_birth",
    "contact_method",
    "phone",
    "email",
    "safe_times",
    "never",
    "never_other",
    "danger_now",
    "language",
    "interpreter_needed",
    "more",
    "consent_given",
    "safeguarding_basis",
    "safeguarding_reason",
)


# Which checklist the form offers ------------------------------------------------------


def checklist(service: Service) -> Instrument | None:
    """The DASH checklist the receiving help point uses for new assessments."""
    return risk_services.default_instrument(service.agency)


def questions_of(instrument: Instrument | None) -> list[Question]:
    return list(instrument.questions.order_by("number")) if instrument else []


def attachments_allowed() -> int:
    return int(settings.REFERRAL_ATTACHMENTS)


def request_limit() -> int:
    """The largest request the form takes: its fields and every file at the largest size."""
    return FIELDS_BYTES + attachments_allowed() * int(settings.DOCUMENT_MAX_BYTES)


# Taking a referral ----------------------------------------------------------------------


@dataclass(frozen=True)
class RiskChecklist:
    """What the referrer gave of the DASH checklist: a score alone, or every answer."""

    instrument: Instrument | None = None
    answers: Mapping[str, str] | None = None
    score: int | None = None


def check_risk(risk: RiskChecklist) -> RiskChecklist:
    """The checklist as stored: answers only of the instrument's questions, each yes, no or
    don't know, every question answered; a score within the instrument's range; the score
    of a complete checklist is its count of yes answers."""
    if risk.instrument is None:
        if risk.answers or risk.score is not None:
            raise ValidationError({"risk": "The risk checklist is not available"})
        return risk
    codes = [question.code for question in questions_of(risk.instrument)]
    if risk.answers:
        unknown = set(risk.answers) - set(codes)
        allowed = {answer.value for answer in Answer}
        bad = {code for code, value in risk.answers.items() if value not in allowed}
        missing = [code for code in codes if code not in risk.answers]
        if unknown or bad or missing:
            raise ValidationError({"risk": "Answer every question of the checklist"})
        answers = {code: risk.answers[code] for code in codes}
        return RiskChecklist(risk.instrument, answers, dash.score(answers))
    if risk.score is None:
        return RiskChecklist()
    if not 0 <= risk.score <= len(codes):
        raise ValidationError({"dash_score": f"Enter a score from 0 to {len(codes)}"})
    return RiskChecklist(risk.instrument, None, risk.score)


def check_attachments(uploads: Sequence[UploadedFile]) -> list[str]:
    """The kind of each file, told by its content; ValidationError (against
    ``attachments``) for too many files, or for one too large or of a kind not taken."""
    allowed = attachments_allowed()
    if len(uploads) > allowed:
        raise ValidationError({"attachments": f"Attach no more than {allowed} files"})
    kinds = []
    for place, upload in enumerate(uploads, start=1):
        try:
            kinds.append(documents.check_upload(upload))
        except ValidationError as refused:
            problem = " ".join(refused.message_dict["file"])
            raise ValidationError({"attachments": f"File {place}: {problem}"}) from None
    return kinds


def file_title(upload: UploadedFile) -> str:
    """The name the file was sent with, without any folder: what the inbox calls it."""
    name = Path((upload.name or "").replace("\\", "/")).name.strip()
    return name[:200] or "Attached file"


def submit_referral(
    service: Service,
    details: Mapping[str, Any],
    risk: RiskChecklist,
    uploads: Sequence[UploadedFile] = (),
) -> OnlineReferral:
    """Keep a professional's referral in the help point's inbox, with its files. Nothing is
    kept when a file is refused; a file written before a failure is removed again."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a professional's referral: {sorted(unknown)}")
    risk = check_risk(risk)
    kinds = check_attachments(uploads)
    written: list[Path] = []
    try:
        with transaction.atomic():
            referral = OnlineReferral.objects.create(
                agency=service.agency,
                service=service,
                kind=words.PROFESSIONAL,
                reference=services.new_reference(),
                received_at=timezone.now(),
                status=words.NEW,
                risk_instrument=risk.instrument,
                risk_answers=dict(risk.answers or {}),
                risk_score=risk.score,
                **details,
            )
            for upload, kind in zip(uploads, kinds, strict=True):
                _keep_file(referral, upload, kind, written)
            audit.record(
                "online_referral.received",
                agency=service.agency,
                target=referral,
                changes=[name for name, value in details.items() if value not in ("", None, [])]
                + (["risk_answers"] if risk.answers else [])
                + (["risk_score"] if risk.score is not None else [])
                + (["files"] if uploads else []),
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return referral


def _keep_file(
    referral: OnlineReferral, upload: UploadedFile, kind: str, written: list[Path]
) -> OnlineReferralFile:
    stored_name = uuid.uuid4().hex
    target = Path(settings.REFERRAL_FILES_DIR) / stored_name
    written.append(target)
    digest, size = _write(upload, target)
    return OnlineReferralFile.objects.create(
        agency=referral.agency,
        referral=referral,
        title=file_title(upload),
        kind=kind,
        size=size,
        sha256=digest,
        stored_name=stored_name,
    )


def _write(upload: UploadedFile, target: Path) -> tuple[str, int]:
    """Write the upload to ``target``, readable by Concord's user only, in chunks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


# The files, for the help point's workers -------------------------------------------------


def path_of(file: OnlineReferralFile) -> Path:
    return Path(settings.REFERRAL_FILES_DIR) / file.stored_name


def open_file(actor: User, file: OnlineReferralFile) -> IO[bytes]:
    """The stored file, to download; the download is audited."""
    handle = path_of(file).open("rb")
    audit.record("online_referral.file_downloaded", actor=actor, agency=file.agency, target=file)
    return handle


def download_name(file: OnlineReferralFile) -> str:
    """A name with nothing personal in it: the referral's reference, the file's short id
    and the extension of its kind."""
    extension = filetypes.KINDS[file.kind][1]
    return f"{file.referral.reference}-{file.pk.hex[:8]}.{extension}"


# What the inbox shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShownFile:
    id: UUID
    title: str
    description: str


@dataclass(frozen=True)
class ShownAnswer:
    number: int
    question: str
    answer: str


@dataclass(frozen=True)
class ProfessionalDetails:
    """The part of an online referral that only a professional's has, as the inbox shows it."""

    referrer: list[tuple[str, str]]
    basis: list[tuple[str, str]]
    checklist: str
    score: str
    answers: list[ShownAnswer]
    files: list[ShownFile]


def _size(size: int) -> str:
    if size >= CHUNK:
        return f"{size / CHUNK:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def professional_details(referral: OnlineReferral) -> ProfessionalDetails:
    """Who referred and how to reach them, the consent or safeguarding basis, the DASH
    checklist (answers and score) and the attached files: two queries (questions, files)."""
    sources = dict(ref.REFERRAL_SOURCES)
    referrer = [
        ("Name", referral.referrer_name),
        ("Role", referral.referrer_role),
        ("Agency", referral.referrer_agency),
        ("Kind of agency", sources.get(referral.referral_source, "Not given")),
        ("Email", referral.referrer_email),
        ("Phone", referral.referrer_phone or "Not given"),
    ]
    if referral.consent_given:
        basis = [("Consent", "The person agreed to this referral")]
    else:
        basis = [
            ("Consent", "Referred without the person's consent"),
            ("Safeguarding basis", dict(SAFEGUARDING_BASES).get(referral.safeguarding_basis, "")),
            ("Reason", referral.safeguarding_reason),
        ]
    instrument = referral.risk_instrument
    answers: list[ShownAnswer] = []
    if instrument is not None and referral.risk_answers:
        answers = [
            ShownAnswer(q.number, q.label, ANSWER_LABELS[Answer(referral.risk_answers[q.code])])
            for q in questions_of(instrument)
            if q.code in referral.risk_answers
        ]
    return ProfessionalDetails(
        referrer=referrer,
        basis=basis,
        checklist=str(instrument) if instrument is not None else "None given",
        score="Not given" if referral.risk_score is None else str(referral.risk_score),
        answers=answers,
        files=[
            ShownFile(
                file.pk,
                file.title,
                f"{filetypes.KINDS[file.kind][0]}, {_size(file.size)}, "
                f"received {govuk_date(timezone.localdate(file.created_at))}",
            )
            for file in referral.files.all()
        ],
    )


# Accepting it into a case ---------------------------------------------------------------


def on_accept(actor: User, referral: OnlineReferral, case: Case) -> None:
    """What a professional's referral brings to the case it is accepted into: its DASH
    answers become the case's risk assessment (finished, so scored), its files the case's
    documents. Runs inside the acceptance's transaction; each step is audited."""
    if referral.kind != words.PROFESSIONAL:
        return
    _carry_assessment(actor, referral, case)
    _carry_files(actor, referral, case)


def _carry_assessment(actor: User, referral: OnlineReferral, case: Case) -> None:
    instrument = referral.risk_instrument
    if instrument is None or not referral.risk_answers:
        return
    if not instrument.active:
        # A checklist withdrawn since the referral came cannot start an assessment; its
        # answers stay on the referral for the worker to read.
        audit.record(
            "online_referral.assessment_not_carried",
            actor=actor,
            agency=referral.agency,
            target=referral,
            reason="The checklist is no longer in use",
        )
        return
    assessment = risk_services.start_assessment(
        actor, case, instrument, reason=AssessmentReason.NEW_INCIDENT
    )
    risk_services.record_answers(actor, assessment, dict(referral.risk_answers))
    risk_services.finish_assessment(actor, assessment)
    audit.record(
        "online_referral.assessment_carried",
        actor=actor,
        agency=referral.agency,
        target=referral,
        changes=["risk_answers"],
    )


def _carry_files(actor: User, referral: OnlineReferral, case: Case) -> None:
    """Each file becomes a case document; one gone from the disk (restored from an older
    backup, say) is left out, audited, rather than keep the person from support."""
    carried, missing = 0, 0
    for file in referral.files.all():
        try:
            stored = path_of(file).open("rb")
        except FileNotFoundError:
            missing += 1
            continue
        with stored:
            upload = UploadedFile(stored, name=file.title, size=file.size)
            documents.add_document(
                actor, case, upload=upload, title=f"From the referral: {file.title}"[:200]
            )
        carried += 1
    if carried:
        audit.record(
            "online_referral.files_carried",
            actor=actor,
            agency=referral.agency,
            target=referral,
            changes=["files"],
        )
    if missing:
        audit.record(
            "online_referral.files_not_carried",
            actor=actor,
            agency=referral.agency,
            target=referral,
            reason=f"{missing} file(s) missing from the disk",
        )
