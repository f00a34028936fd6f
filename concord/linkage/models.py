"""Linkage runs, the partnership IDs they give the people behind the agencies' records,
the pairs waiting for a person to decide, those decisions, and the history of every
change of ID (DOMAIN §14: link, never merge). Identifiers stay in the vault
(concord.submissions): these tables hold pseudonymous keys, numbers and probabilities."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.models import BaseModel


class RunStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class LinkageModel(BaseModel):
    """A trained model (Splink's JSON), kept so that later runs can reuse it."""

    version = models.CharField(max_length=16, unique=True)
    definition = models.TextField()
    records = models.PositiveIntegerField(help_text="Records it was trained on")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"model {self.version}"


class LinkageRun(BaseModel):
    """One run: its parameters, the model it used, what it found and how good it was."""

    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.WAITING)
    stage = models.CharField(max_length=100, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    threshold = models.FloatField(help_text="Pairs at or above it are the same person")
    review_floor = models.FloatField(help_text="Pairs from here up to the threshold are reviewed")
    retrain = models.BooleanField(default=False)
    model = models.ForeignKey(LinkageModel, null=True, on_delete=models.PROTECT, related_name="+")
    trained = models.BooleanField(default=False)
    records = models.PositiveIntegerField(default=0)
    candidates = models.PositiveBigIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    new_ids = models.PositiveIntegerField(default=0)
    changed_ids = models.PositiveIntegerField(default=0)
    retired_ids = models.PositiveIntegerField(default=0)
    to_review = models.PositiveIntegerField(default=0)
    labelled_pairs = models.PositiveIntegerField(default=0)
    precision = models.FloatField(null=True, blank=True)
    recall = models.FloatField(null=True, blank=True)
    f1 = models.FloatField(null=True, blank=True)
    blocking_recall = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    problem = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"linkage run of {self.created_at:%Y-%m-%d %H:%M}"


class PartnershipPerson(BaseModel):
    """One person as the partnership counts them, above the agencies' own records."""

    number = models.PositiveIntegerField(unique=True)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text="When the last of their records joined another person"
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"P{self.number:07d}"


class PersonLink(BaseModel):
    """Which partnership person an agency's record (its vault identity) belongs to now."""

    identity = models.OneToOneField(
        "submissions.Identity", to_field="key", on_delete=models.CASCADE, related_name="link"
    )
    person = models.ForeignKey(PartnershipPerson, on_delete=models.PROTECT, related_name="links")
    run = models.ForeignKey(LinkageRun, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.identity_id} is {self.person}"


class LinkChange(BaseModel):
    """A record's partnership ID changed: the history that lets a wrong link be traced."""

    class Reason(models.TextChoices):
        NEW = "new", "First linked"
        MERGED = "merged", "Joined another person's records"
        SPLIT = "split", "Split from the rest of a person's records"
        RELINKED = "relinked", "Moved to another person"

    identity = models.ForeignKey(
        "submissions.Identity",
        to_field="key",
        on_delete=models.CASCADE,
        related_name="link_changes",
    )
    old_person = models.ForeignKey(
        PartnershipPerson, null=True, on_delete=models.PROTECT, related_name="+"
    )
    new_person = models.ForeignKey(PartnershipPerson, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    run = models.ForeignKey(LinkageRun, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.identity_id}: {self.old_person} to {self.new_person}"


class Decision(BaseModel):
    """A linkage reviewer's decision about two records: the same person or not. The latest
    decision about a pair always overrides what any later automatic run finds."""

    left = models.ForeignKey(
        "submissions.Identity", to_field="key", on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "submissions.Identity", to_field="key", on_delete=models.CASCADE, related_name="+"
    )
    same = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["left", "right"])]

    def __str__(self) -> str:
        return f"{'same' if self.same else 'different'}: {self.left_id} and {self.right_id}"


class ReviewPair(BaseModel):
    """A pair in the uncertain band of a run, waiting for a reviewer."""

    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="review_pairs")
    left = models.ForeignKey(
        "submissions.Identity", to_field="key", on_delete=models.CASCADE, related_name="+"
    )
    right = models.ForeignKey(
        "submissions.Identity", to_field="key", on_delete=models.CASCADE, related_name="+"
    )
    probability = models.FloatField()
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-probability"]
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="review_pair_once")
        ]

    def __str__(self) -> str:
        return f"{self.left_id} and {self.right_id} ({self.probability:.2f})"
