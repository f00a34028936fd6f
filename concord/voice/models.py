"""Feedback, complaints and survivor involvement (DOMAIN §17, ADR 0034).

Feedback and complaints belong to the agency of the service they are about. A record is
linked to a case only when the person wants it linked to their support; then it is
person-level data, read through the scope and audited. Every record carries equality
monitoring answers (``EqualityAnswers``): given on the record when it is not linked, copied
from the person when it is, so the figures break down by strand either way. An involvement
activity names no one: it counts the survivors involved."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.accounts.models import Agency, Service
from concord.core.models import AgencyScopedModel, BaseModel
from concord.people import reference as ref
from concord.voice.deadlines import is_overdue
from concord.voice.vocabulary import (
    ACTIVITY_KINDS,
    CHANGE_STATUSES,
    CHANNELS,
    FEEDBACK_KINDS,
    OUTCOMES,
)


def _answer(vocabulary: ref.Choices) -> Any:
    return models.CharField(
        max_length=ref.CODE_MAX_LENGTH, choices=vocabulary, default=ref.NOT_KNOWN
    )


class EqualityAnswers(BaseModel):
    """The equality monitoring answers of whoever gave feedback or complained, for figures
    by strand. The fields are those the indicator engine reads of a person (its
    ``PERSON_DISAGGREGATIONS``): the age band given is kept as the band's first age with no
    date it was given on, so it is the band itself in every period; a date of birth is
    never asked for here and stays empty."""

    sex = _answer(ref.SEXES)
    ethnicity = _answer(ref.ETHNICITY_CHOICES)
    disability = _answer(ref.DISABILITY)
    sexual_orientation = _answer(ref.SEXUAL_ORIENTATIONS)
    approximate_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The first age of the age band given"
    )
    # Never asked here; empty, so the engine reads the band given as it is in every period.
    approximate_age_on = models.DateField(null=True, blank=True, editable=False)
    date_of_birth = models.DateField(null=True, blank=True, editable=False)
    area = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name_plural = "equality answers"

    def __str__(self) -> str:
        return "Equality monitoring answers"

    @property
    def age_band(self) -> str:
        """The AGE_BANDS label, or "" when not given."""
        if self.approximate_age is None:
            return ""
        return next(
            label for first, label in reversed(ref.AGE_BANDS) if self.approximate_age >= first
        )


class Feedback(AgencyScopedModel):
    """A compliment, comment or suggestion about a service."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    kind = models.CharField(max_length=20, choices=FEEDBACK_KINDS)
    channel = models.CharField(max_length=20, choices=CHANNELS)
    what_was_said = models.TextField()
    wants_linked = models.BooleanField(
        default=False, help_text="The person wants this linked to their support"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    equality = models.OneToOneField(EqualityAnswers, on_delete=models.PROTECT, related_name="+")
    actions_taken = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "service", "received_on"])]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received on {self.received_on:%Y-%m-%d}"


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def overdue(self, today: date) -> ComplaintQuerySet:
        """Complaints whose current stage is past its day to be acknowledged or answered."""
        return self.filter(
            Q(
                current_stage__acknowledged_on__isnull=True,
                current_stage__acknowledge_by__lt=today,
            )
            | Q(current_stage__responded_on__isnull=True, current_stage__respond_by__lt=today)
        )

    def open(self) -> ComplaintQuerySet:
        return self.filter(current_stage__responded_on__isnull=True)


class Complaint(AgencyScopedModel):
    """A complaint about a service, with its stages (``ComplaintStage``), the latest of
    which is ``current_stage``."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField()
    channel = models.CharField(max_length=20, choices=CHANNELS)
    summary = models.TextField()
    wants_linked = models.BooleanField(
        default=False, help_text="The person wants this linked to their support"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    equality = models.OneToOneField(EqualityAnswers, on_delete=models.PROTECT, related_name="+")
    current_stage = models.OneToOneField(
        "ComplaintStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "service", "received_on"])]

    def __str__(self) -> str:
        return f"Complaint received on {self.received_on:%Y-%m-%d}"


class ComplaintStage(AgencyScopedModel):
    """One stage of a complaint with its own dates, targets (fixed when the stage began, so
    a later change of the settings does not rewrite history), outcome and lessons."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField()  # 1 for the first of COMPLAINT_STAGES
    name = models.CharField(max_length=100)
    began_on = models.DateField()
    acknowledge_by = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)
    respond_by = models.DateField(null=True, blank=True)  # None: no target of ours
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=OUTCOMES, blank=True)
    response = models.TextField(blank=True)
    lessons = models.TextField(blank=True)

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_stage_number")
        ]
        indexes = [
            models.Index(fields=["agency", "began_on"]),
            models.Index(fields=["agency", "responded_on"]),
        ]

    def __str__(self) -> str:
        return self.name

    def acknowledgement_overdue(self, today: date) -> bool:
        return is_overdue(self.acknowledge_by, self.acknowledged_on, today)

    def response_overdue(self, today: date) -> bool:
        return is_overdue(self.respond_by, self.responded_on, today)


class InvolvementActivity(BaseModel):
    """Something survivors were asked or did together, and what changed as a result ("you
    said, we did"). Kept by the partnership manager and service managers; it names no one."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ACTIVITY_KINDS)
    survivors_involved = models.PositiveIntegerField()
    what_was_asked = models.TextField()
    what_changed = models.TextField(blank=True)
    change_status = models.CharField(max_length=20, choices=CHANGE_STATUSES)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "title"]
        verbose_name_plural = "involvement activities"

    def __str__(self) -> str:
        return self.title
