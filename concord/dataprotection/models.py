"""A service manager's review of a person's records that the retention rules make due."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.models import AgencyScopedModel


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due for review"
    APPROVED = "approved", "Approved for anonymising"
    HELD = "held", "Held"
    ANONYMISED = "anonymised", "Anonymised"


class RetentionReview(AgencyScopedModel):
    """A person whose records every retention rule has passed, listed by the monthly job
    for a service manager to approve for anonymising or to hold, with a reason."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    listed_on = models.DateField()
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default="due")
    hold_reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["listed_on", "created_at"]
        indexes = [models.Index(fields=["agency", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["due", "approved"]),
                name="one_open_retention_review_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Retention review of {self.person_id}"
