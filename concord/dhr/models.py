"""Domestic homicide reviews (Domestic Violence, Crime and Victims Act 2004 s.9; DOMAIN §16):
the notification of a death, the decision whether to hold a review and why, the panel, the
agencies' chronologies and reports, the recommendations with their owners and evidence of
completion, submission to the Home Office and publication.

A review's records are the panel's alone (concord.dhr.scope): outside it, only counts of
deaths and the progress of recommendations are shown. A notification names the victim and
the perpetrator by initials; their names are kept only when the panel needs them, masked
until a panel member reveals them (audited).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q

from concord.core.models import BaseModel

if TYPE_CHECKING:
    from concord.accounts.models import User


class DeathKind(models.TextChoices):
    HOMICIDE = "homicide", "Homicide"
    SUICIDE = "suicide", "Suicide after abuse"
    OTHER = "other", "Other death after abuse or neglect"


class Relationship(models.TextChoices):
    PARTNER = "partner", "Intimate partner"
    EX_PARTNER = "ex_partner", "Former intimate partner"
    PARENT = "parent", "Parent"
    CHILD = "child", "Son or daughter"
    OTHER_RELATIVE = "other_relative", "Other relative"
    HOUSEHOLD = "household", "Member of the same household"


class Decision(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    HOLD = "hold", "Hold a review"
    NOT_HOLD = "not_hold", "Do not hold a review"


class ReviewQuerySet(models.QuerySet["Review"]):
    def on_panel_of(self, user: User) -> ReviewQuerySet:
        """The reviews whose panel ``user`` sits on: the only ones they may open. (A user
        has one seat on a panel at most, so no review comes twice.)"""
        return self.filter(panel__user=user)

    def with_progress(self, on: date) -> ReviewQuerySet:
        """Each review with its recommendations counted: all, complete by ``on``, and
        overdue on ``on`` (concord.domain.homicide_reviews says what each means)."""
        done = Q(recommendations__completed_on__lte=on)
        return self.annotate(
            recommendations_total=Count("recommendations"),
            recommendations_complete=Count("recommendations", filter=done),
            recommendations_overdue=Count(
                "recommendations", filter=~done & Q(recommendations__due_on__lt=on)
            ),
        )


class Review(BaseModel):
    """A death notified to the partnership and the review of it. ``reference`` is made by
    Concord (DHR-<financial year>-<number>) and names the review outside the panel."""

    reference = models.CharField(max_length=40, unique=True)
    notified_on = models.DateField()
    died_on = models.DateField()
    area = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=DeathKind.choices)
    victim_initials = models.CharField(max_length=5)
    perpetrator_initials = models.CharField(max_length=5, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    # Kept only when the panel needs them; masked until revealed (audited).
    victim_name = models.CharField(max_length=200, blank=True)
    perpetrator_name = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-notified_on", "-reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notified_on__gte=F("died_on")), name="review_notified_after_death"
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("notified_on")),
                name="review_decided_after_notified",
            ),
            models.CheckConstraint(
                condition=Q(submitted_on__isnull=True)
                | Q(decision="hold", decided_on__isnull=False, submitted_on__gte=F("decided_on")),
                name="review_submitted_when_held_and_decided",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(submitted_on__isnull=False, published_on__gte=F("submitted_on")),
                name="review_published_after_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_held(self) -> bool:
        return self.decision == Decision.HOLD


class PanelMember(BaseModel):
    """A member of a review's panel. Only panel members with a Concord account read it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="panel")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_chair = models.BooleanField(default=False)
    # The partnership manager who notified the death keeps the review's records.
    is_coordinator = models.BooleanField(default=False)

    class Meta:
        ordering = ["review", "-is_chair", "-is_coordinator", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(is_chair=True), name="one_chair_a_review"
            ),
            models.UniqueConstraint(
                fields=["review", "user"],
                condition=models.Q(user__isnull=False),
                name="one_panel_seat_a_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class ReportKind(models.TextChoices):
    CHRONOLOGY = "chronology", "Chronology"
    AGENCY_REPORT = "agency_report", "Agency report"


class AgencyReport(BaseModel):
    """A chronology or report an agency was asked for, and when it came."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    organisation = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["review", "organisation", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("requested_on")),
                name="agency_report_received_after_requested",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.organisation}"


class Recommendation(BaseModel):
    """A recommendation of the review. It is complete only with evidence of completion."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    owner = models.CharField(max_length=200, help_text="The person or post responsible")
    owner_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="one_recommendation_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="recommendation_number_from_1"),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | ~models.Q(evidence=""),
                name="recommendation_completed_with_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None
