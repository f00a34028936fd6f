"""Insider-threat alert rules (thresholds kept as data), the alerts they raise for an
agency's service managers with the audit events that are their evidence, and break-glass
grants: time-limited, reasoned reads of a record outside one's agency."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from concord.core.models import AuditEvent, BaseModel


class AlertKind(models.TextChoices):
    MANY_RECORDS = "many_records", "Opened many person records in a short time"
    RESTRICTED_SEARCH = "restricted_search", "Searched for the name of a restricted record"
    COLLEAGUE_RECORD = "colleague_record", "Read the record of someone who works at the agency"
    MANY_REVEALS = "many_reveals", "Showed many hidden contact details"
    BREAK_GLASS = "break_glass", "Used break-glass to read a record of this agency"


# The kinds raised by rules over the audit trail; break-glass raises its own at once.
RULE_KINDS = [(value, label) for value, label in AlertKind.choices if value != "break_glass"]


class AlertRule(BaseModel):
    """One rule's thresholds: it fires when a user's counted events in some window of
    ``window_minutes`` number more than ``more_than``. System administrators edit these."""

    kind = models.CharField(max_length=40, choices=RULE_KINDS, unique=True)
    is_enabled = models.BooleanField(default=True)
    more_than = models.PositiveIntegerField(
        help_text="Fires when the events counted in the window are more than this"
    )
    window_minutes = models.PositiveIntegerField(
        help_text="The length of the window in minutes (1440 is a day)"
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class AlertScan(models.Model):
    """A single row: the newest audit event the rules have judged, so each run of the
    evaluation reads only the events written since."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"alert rules judged up to event {self.last_event_id}"


class AlertQuerySet(models.QuerySet["Alert"]):
    def open(self) -> AlertQuerySet:
        return self.filter(acknowledged_at__isnull=True)

    def not_about(self, user: object) -> AlertQuerySet:
        """An alert is never shown to the user it concerns."""
        return self.exclude(models.Q(subject=user))


class Alert(BaseModel):
    """Something a user did that the agency's service managers should look at, with the
    audit events that show it. Shown to the managers of ``agency``, never to ``subject``."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40, choices=AlertKind.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency the user was acting for",
    )
    raised_at = models.DateTimeField(default=timezone.now)
    first_event_at = models.DateTimeField()
    last_event_at = models.DateTimeField()
    evidence: models.ManyToManyField[AuditEvent, AlertEvidence] = models.ManyToManyField(
        AuditEvent, through="AlertEvidence", related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledgement = models.TextField(blank=True)
    break_glass = models.OneToOneField(
        "BreakGlass", null=True, blank=True, on_delete=models.PROTECT, related_name="alert"
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["agency", "acknowledged_at", "raised_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.raised_at:%Y-%m-%d %H:%M})"


class AlertEvidence(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE)
    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "event"], name="alert_evidence_once")
        ]

    def __str__(self) -> str:
        return f"event {self.event_id} of alert {self.alert_id}"


class BreakGlassReason(models.TextChoices):
    IMMEDIATE_RISK = "immediate_risk", "Someone is at immediate risk of harm"
    CHILD_SAFEGUARDING = "child_safeguarding", "A child safeguarding concern"
    OUT_OF_HOURS = "out_of_hours", "Out of hours, and the owning agency cannot be reached"


class BreakGlassQuerySet(models.QuerySet["BreakGlass"]):
    def current(self) -> BreakGlassQuerySet:
        return self.filter(expires_at__gt=timezone.now())


class BreakGlass(BaseModel):
    """A user's time-limited read of one person's record at another agency, for
    safeguarding, with their reason. Raises an alert to the owning agency's managers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    user_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=40, choices=BreakGlassReason.choices)
    explanation = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"break-glass until {self.expires_at:%Y-%m-%d %H:%M}"
