"""Episodes of support: a case of one person with one service, its contacts, intake
safeguarding profile, safety plans, status history and exit review."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from concord.cases import vocabulary
from concord.cases.lifecycle import STATUS_CHOICES, CaseStatus
from concord.core.models import AgencyScopedModel
from concord.core.resumable import ResumableWork
from concord.people import reference as ref
from concord.people.models import Person

if TYPE_CHECKING:
    from concord.accounts.models import Service, User


class CaseQuerySet(models.QuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        return self.filter(status__in=[CaseStatus.REFERRED, CaseStatus.OPEN])

    def led_by(self, user: User) -> CaseQuerySet:
        return self.filter(lead_professional=user)

    def for_services(self, services: Iterable[Service]) -> CaseQuerySet:
        return self.filter(service__in=services)

    def visible_to(self, user: User) -> CaseQuerySet:
        """Cases of restricted people only for the people's named workers."""
        return self.filter(
            models.Q(person__is_restricted=False) | models.Q(person__named_workers=user)
        )


class Case(AgencyScopedModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    service = models.ForeignKey("accounts.Service", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=20)
    referral_source = models.CharField(max_length=40, choices=ref.REFERRAL_SOURCES)
    method_of_access = models.CharField(max_length=40, choices=ref.METHODS_OF_ACCESS)
    referred_at = models.DateTimeField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=CaseStatus.REFERRED)
    status_reason = models.CharField(max_length=40, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    abuse_types = models.JSONField(default=list, blank=True)
    relationship_to_person_causing_harm = models.CharField(
        max_length=30, choices=ref.RELATIONSHIP_KINDS, blank=True
    )
    multiple_perpetrators = models.CharField(
        max_length=20, choices=ref.YES_NO_NOT_KNOWN, default="not_known"
    )
    worked_by_idva = models.BooleanField(
        "Worked by an IDVA",
        default=False,
        help_text="An independent domestic violence adviser works the case (ADR 0014)",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_at"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "reference"], name="case_reference_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["agency", "lead_professional", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def status_enum(self) -> CaseStatus:
        return CaseStatus(self.status)


class StatusChange(AgencyScopedModel):
    """One step of a case's lifecycle: who moved it, when, and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=STATUS_CHOICES, blank=True)
    to_status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    reason = models.CharField(max_length=40, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


def local_day(moment: datetime) -> date:
    """The day a moment falls on in UK local time (the day reports count it in)."""
    return timezone.localtime(moment).date()


class ContactQuerySet(models.QuerySet["Contact"]):
    def bulk_create(self, objs: Iterable[Contact], *args: Any, **kwargs: Any) -> list[Contact]:
        """As Django's, with each contact's local day filled in (bulk creation calls no
        ``save``)."""
        contacts = list(objs)
        for contact in contacts:
            contact.occurred_on = local_day(contact.occurred_at)
        return super().bulk_create(contacts, *args, **kwargs)


class Contact(AgencyScopedModel):
    """One interaction with or about the person: a call, a visit, a session, advocacy.
    ``occurred_on`` is the UK local day of ``occurred_at``, kept so that reports filter
    contacts by day with an index instead of converting every time (issue 14)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(max_length=30, choices=ref.CONTACT_CHANNELS)
    initiated_by = models.CharField(max_length=30, choices=ref.CONTACT_INITIATORS)
    occurred_at = models.DateTimeField()
    occurred_on = models.DateField(editable=False)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    out_of_hours = models.BooleanField(
        help_text="Worked out from the office-hours calendar when the contact is recorded"
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["agency", "occurred_at"]),
            # Read from the index alone, never the table: a case's contacts by day and
            # moment (engagement, people in touch); out-of-hours contacts by day, counted
            # by key.
            models.Index(fields=["case", "occurred_on", "occurred_at"]),
            models.Index(fields=["out_of_hours", "occurred_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} on {self.occurred_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.occurred_on = local_day(self.occurred_at)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "occurred_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "occurred_on"}
        super().save(*args, **kwargs)


class SupportOffer(AgencyScopedModel):
    """Support this case's service offered the person (casework, IDVA, outreach, group),
    when, and the person's answer: the engagement indicators count these (DOMAIN §7)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support_offers")
    kind = models.CharField(max_length=20, choices=vocabulary.SUPPORT_KINDS)
    offered_on = models.DateField()
    answer = models.CharField(
        max_length=20, choices=vocabulary.OFFER_ANSWERS, default=vocabulary.AWAITING
    )
    answered_on = models.DateField(null=True, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-offered_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(answer=vocabulary.AWAITING),
                name="one_open_offer_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(answer=vocabulary.AWAITING, answered_on__isnull=True)
                | (
                    ~models.Q(answer=vocabulary.AWAITING)
                    & models.Q(answered_on__gte=models.F("offered_on"))
                ),
                name="offer_answered_on_or_after_offer",
            ),
        ]
        indexes = [
            models.Index(fields=["offered_on"]),
            models.Index(fields=["case", "offered_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} offered on {self.offered_on:%Y-%m-%d}"

    @property
    def is_awaiting(self) -> bool:
        return self.answer == vocabulary.AWAITING


class IntakeProfile(AgencyScopedModel):
    """The intake safeguarding profile (DOMAIN §6), each item yes / no / not known."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake_profile")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    number_of_children = models.PositiveSmallIntegerField(null=True, blank=True)
    children_ages = models.CharField(max_length=100, blank=True)
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Intake profile for {self.case_id}"

    def answer(self, item: str) -> str:
        return str(self.answers.get(item, "not_known"))


class SafetyPlan(AgencyScopedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safety_plans")
    created_on = models.DateField()
    reviewed_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(
        null=True, blank=True, help_text="When the plan is next to be reviewed (a task is set)"
    )
    areas = models.JSONField(default=list)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_on"]

    def __str__(self) -> str:
        return f"Safety plan {self.created_on}"


class SafetyPlanAction(AgencyScopedModel):
    """One step of a safety plan: what is to be done, who owns it (the person, a worker,
    another agency) and when it is looked at again."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=100)
    review_on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["review_on", "created_at"]

    def __str__(self) -> str:
        return f"Safety plan action to review on {self.review_on}"


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self, today: date) -> TaskQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_by(self, day: date) -> TaskQuerySet:
        return self.open().filter(due_on__lte=day)


class Task(AgencyScopedModel):
    """Something to do on a case by a day: set by a worker, or by a rule (``rule`` names
    it and ``source`` the record it is about, so a rule never sets the same task twice)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    rule = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule", "source"],
                condition=~models.Q(rule=""),
                name="task_once_per_rule_and_source",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "assignee", "done_at", "due_on"]),
            models.Index(fields=["case", "done_at", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"Task due {self.due_on:%Y-%m-%d}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


SCALE = [MaxValueValidator(10)]


class ExitReview(AgencyScopedModel):
    """At closure: does the person feel safer, has the abuse changed, and how their
    wellbeing and safety scored (0 to 10) at intake and at exit."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="exit_review")
    feels_safer = models.CharField(max_length=20, choices=vocabulary.FEELS_SAFER)
    abuse_change = models.CharField(max_length=20, choices=vocabulary.ABUSE_CHANGES)
    wellbeing_at_intake = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    wellbeing_at_exit = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    safety_at_intake = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    safety_at_exit = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    reviewed_on = models.DateField()

    def __str__(self) -> str:
        return f"Exit review for {self.case_id}"


class ImportStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


class ImportBatch(AgencyScopedModel, ResumableWork):
    """One file of historical records imported for an agency, with what became of its rows
    and, while it is imported, how far it got (a chunk at a time; concord.core.resumable)."""

    RUNNING = (ImportStatus.WAITING, ImportStatus.IMPORTING)

    kind = models.CharField(max_length=30)
    filename = models.CharField(max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_imported = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_quarantined = models.PositiveIntegerField(default=0)
    problem = models.CharField(
        max_length=500, blank=True, help_text="Why the file was refused or its import stopped"
    )
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    content = models.BinaryField(
        blank=True,
        default=b"",
        editable=False,
        help_text="The uploaded file until its import ends, then emptied: it holds personal data",
    )

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"


class QuarantinedRow(AgencyScopedModel):
    """A rejected row, kept with its reasons until a person fixes or discards it."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="quarantine")
    line = models.PositiveIntegerField()
    data = models.JSONField()
    reasons = models.JSONField()
    resolved = models.CharField(
        max_length=20, blank=True, choices=[("imported", "Imported"), ("discarded", "Discarded")]
    )

    class Meta:
        ordering = ["batch", "line"]

    def __str__(self) -> str:
        return f"line {self.line} of {self.batch}"


class ImportedRecord(AgencyScopedModel):
    """Which Concord record an agency's own record id became, so re-importing the same
    row changes nothing."""

    kind = models.CharField(max_length=30)
    record_id = models.CharField(max_length=100)
    row_hash = models.CharField(max_length=64)
    object_id = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "record_id"], name="imported_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"


class Document(AgencyScopedModel):
    """A file kept on a case (a letter, a photograph of an injury, a court order). The file
    is stored under CONCORD_DATA_DIR, outside the web root, by a name of its own
    (``stored_name``), never the name it was uploaded with; ``kind`` is what its content
    is (concord.core.filetypes), not what its name or the browser said."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField(help_text="In bytes")
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Document {self.pk}"


def answer_field(**kwargs: object) -> models.CharField[str, str]:
    """Yes, no or not known; not known until someone asks."""
    return models.CharField(
        max_length=20,
        choices=ref.YES_NO_NOT_KNOWN,
        default=ref.NOT_KNOWN,
        **kwargs,  # type: ignore[arg-type]
    )


class CaseChildQuerySet(models.QuerySet["CaseChild"]):
    def visible_to(self, user: User) -> CaseChildQuerySet:
        """Children who are restricted people only for their named workers."""
        return self.filter(person__in=Person.objects.visible_to(user).values("pk"))


class CaseChild(AgencyScopedModel):
    """A child or young person on a case, at any service: a person of the same agency in
    their own right (s.3 of the Domestic Abuse Act), how they are involved, and the concerns
    asked about them. Its table keeps the name it had when only the family service had
    children (concord.programmes)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=40, choices=vocabulary.CHILD_ROLES)
    self_harm = answer_field()
    suicidal_feelings = answer_field()
    forced_marriage_risk = answer_field()
    using_violence_at_home = answer_field()
    flags_asked_on = models.DateField(
        null=True, blank=True, help_text="When the concerns were last asked about"
    )
    needs = models.JSONField(
        default=list, blank=True, help_text="What the child needs support with (CHILD_NEEDS)"
    )

    objects = CaseChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        db_table = "programmes_casechild"
        verbose_name_plural = "case children"
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="child_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.case_id}"

    def flag(self, code: str) -> str:
        return str(getattr(self, code))


def child_relations(user: User) -> models.Prefetch[Any]:
    """The case's children with their people and support, to fetch with the case;
    restricted children only for their named workers."""
    children = CaseChild.objects.visible_to(user).select_related("person")
    return models.Prefetch("children", queryset=children.prefetch_related("supports"))


class ChildSupport(AgencyScopedModel):
    """Support a child on a case receives in their own right: what kind, from when, and
    until when once it has ended."""

    case_child = models.ForeignKey(CaseChild, on_delete=models.CASCADE, related_name="supports")
    kind = models.CharField(max_length=40, choices=vocabulary.CHILD_SUPPORT_KINDS)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["started_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="child_support_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} from {self.started_on}"
