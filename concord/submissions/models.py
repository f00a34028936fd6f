"""Partnership data sent by agencies outside Concord (DOMAIN §8): each file received, the
analysis table it feeds (no identifiers), the identity vault (identifiers, encrypted), rows
kept back for fixing (encrypted too) and which files each agency is expected to send."""

from __future__ import annotations

import uuid
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from concord.core.models import AgencyScopedModel, BaseModel
from concord.core.resumable import ResumableWork
from concord.people.reference import CODE_MAX_LENGTH
from concord.submissions.schema import IDENTITY_ROLES, KINDS


class SubmissionKind(models.TextChoices):
    INCIDENT = "incident", "Incidents"
    REFERRAL = "referral", "Referrals"
    COURT_OUTCOME = "court_outcome", "Court outcomes"
    PROTECTION_ORDER = "protection_order", "Protection orders"


class SubmissionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    VALIDATING = "validating", "Checking"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class ReceivedFiles(FileSystemStorage):
    """Where an uploaded file waits for its checks: CONCORD_DATA_DIR/submissions, outside
    anything the web server serves. A file is deleted when its checks end: it holds
    identifiers in the clear."""

    @property
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / "submissions")

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())


def received_files() -> FileSystemStorage:
    return ReceivedFiles()


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def of_agency(self, agency_id: UUID) -> SubmissionQuerySet:
        return self.filter(agency_id=agency_id)

    def accepted(self) -> SubmissionQuerySet:
        return self.filter(status=SubmissionStatus.ACCEPTED)


class Submission(AgencyScopedModel, ResumableWork):
    """One file an agency sent, with what became of its rows and, while it is checked, how
    far it got (a chunk at a time; concord.core.resumable)."""

    RUNNING = (SubmissionStatus.WAITING, SubmissionStatus.VALIDATING)

    kind = models.CharField(max_length=20, choices=SubmissionKind.choices)
    period_first = models.DateField()
    period_last = models.DateField()
    schema_version = models.CharField(max_length=10, blank=True)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.WAITING
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_accepted = models.PositiveIntegerField(default=0, help_text="New records")
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_quarantined = models.PositiveIntegerField(default=0)
    problem = models.CharField(
        max_length=400, blank=True, help_text="Why the file was refused or its checks stopped"
    )
    file = models.FileField(storage=received_files, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "kind", "period_first"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


class PartnershipRecord(AgencyScopedModel):
    """One incident, referral, court outcome or protection order for analysis: no
    identifiers, only the keys of the victim's and the person causing harm's identities in
    the vault."""

    kind = models.CharField(max_length=20, choices=KINDS)
    record_id = models.CharField(max_length=100)
    occurred_on = models.DateField()
    relationship = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    abuse_types = models.JSONField(default=list, blank=True)
    children_present = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    repeat = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    victim_ethnicity = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    victim_age = models.PositiveSmallIntegerField(null=True, blank=True)
    victim_sex = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    harmer_sex = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    harmer_age = models.PositiveSmallIntegerField(null=True, blank=True)
    area = models.CharField(max_length=60, blank=True)
    outcome = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    court_outcome = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    order_type = models.CharField(max_length=CODE_MAX_LENGTH, blank=True)
    victim_key = models.UUIDField()
    harmer_key = models.UUIDField(null=True, blank=True)
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="+")
    row_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "record_id"], name="partnership_record_once"
            )
        ]
        indexes = [models.Index(fields=["occurred_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"


class Identity(AgencyScopedModel):
    """Who one person in one agency's record is: the identifiers, sealed with the vault's
    key. Read only through concord.submissions.vault."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=KINDS)
    record_id = models.CharField(max_length=100)
    role = models.CharField(max_length=10, choices=IDENTITY_ROLES)
    sealed = models.TextField(editable=False, help_text="The identifiers, encrypted")

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "record_id", "role"], name="identity_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} of {self.kind} {self.record_id}"


class QuarantineQuerySet(models.QuerySet["QuarantinedSubmissionRow"]):
    def waiting(self) -> QuarantineQuerySet:
        return self.filter(resolved="")


class QuarantinedSubmissionRow(AgencyScopedModel):
    """A row kept back with its reasons until the agency's data officer fixes or discards
    it. The row holds identifiers, so its values are sealed; the reasons never quote them."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="quarantine")
    line = models.PositiveIntegerField()
    sealed = models.TextField(editable=False, help_text="The row's values, encrypted")
    reasons = models.JSONField()
    resolved = models.CharField(
        max_length=20, blank=True, choices=[("accepted", "Accepted"), ("discarded", "Discarded")]
    )

    objects = QuarantineQuerySet.as_manager()

    class Meta:
        ordering = ["submission", "line"]

    def __str__(self) -> str:
        return f"line {self.line} of {self.submission}"


class SubmissionSchedule(BaseModel):
    """An agency is expected to send a kind of file every quarter from ``first_due_for`` on,
    ``due_days`` after each quarter ends."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=SubmissionKind.choices)
    starts_on = models.DateField(help_text="The first day of the first quarter expected")
    ends_on = models.DateField(null=True, blank=True, help_text="No files expected after this")
    due_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="one_schedule_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.kind}"

    @property
    def days_allowed(self) -> int:
        return self.due_days if self.due_days is not None else settings.SUBMISSION_DUE_DAYS


class SharingAgreement(BaseModel):
    """An information-sharing agreement of the partnership: what is shared and why, and when
    it is next reviewed (DOMAIN §15). An agency's submissions are covered while it has signed
    an agreement in force that names their kind."""

    title = models.CharField(max_length=200)
    purpose = models.TextField()
    lawful_basis = models.TextField(blank=True)
    # The kinds of submission it covers (SubmissionKind values).
    kinds = models.JSONField(default=list, blank=True)
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Signatory(BaseModel):
    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="signatories"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField()
    signed_by = models.CharField(max_length=200, help_text="The name and post of who signed")
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["agreement", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "agency"], name="one_signature_an_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} signed {self.agreement}"
