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


class ModelSource(models.TextChoices):
    TRAINED = "trained", "Trained on these records"
    REUSED = "reused", "The last trained model, reused"
    DEFAULT = "default", "Concord's default model"


class LinkageModel(BaseModel):
    """A trained model (Splink's JSON), kept so that later runs can reuse it. The default
    model shipped with Concord (trained on synthetic records) is kept here too, once used."""

    version = models.CharField(max_length=16, unique=True)
    definition = models.TextField()
    records = models.PositiveIntegerField(help_text="Records it was trained on")
    shipped = models.BooleanField(
        default=False, help_text="Concord's default model, trained on synthetic records"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"model {self.version}"


class LinkageCalibration(BaseModel):
    """The thresholds a partnership analyst chose from the reviewers' decisions: runs started
    after it use them (each run keeps the calibration it used)."""

    threshold = models.FloatField(help_text="Pairs at or above it are linked automatically")
    review_floor = models.FloatField(help_text="Pairs from here up to the threshold are reviewed")
    max_cluster_size = models.PositiveIntegerField(
        help_text="A person with more records than this is checked again at a higher threshold"
    )
    decisions = models.PositiveIntegerField(help_text="Reviewers' decisions it was based on")
    precision = models.FloatField(null=True, blank=True, help_text="Estimated at the threshold")
    recall = models.FloatField(null=True, blank=True, help_text="Estimated at the threshold")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calibration of {self.created_at:%Y-%m-%d}: {self.threshold}"


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
    max_cluster_size = models.PositiveIntegerField(
        default=20, help_text="Larger people are checked again at a higher threshold"
    )
    calibration = models.ForeignKey(
        LinkageCalibration, null=True, blank=True, on_delete=models.PROTECT, related_name="runs"
    )
    model = models.ForeignKey(LinkageModel, null=True, on_delete=models.PROTECT, related_name="+")
    trained = models.BooleanField(default=False)
    model_source = models.CharField(max_length=10, choices=ModelSource.choices, blank=True)
    model_note = models.CharField(max_length=300, blank=True)
    matches_per_record = models.FloatField(
        null=True, blank=True, help_text="The prior, as estimated: other records per record"
    )
    placeholders = models.JSONField(
        default=dict, blank=True, help_text="Values taken as missing, by kind: counts only"
    )
    held_pairs = models.PositiveIntegerField(
        default=0, help_text="Pairs of one household never linked automatically"
    )
    split_clusters = models.PositiveIntegerField(
        default=0, help_text="People too large or contradictory, split at a higher threshold"
    )
    checked_links = models.PositiveIntegerField(
        default=0, help_text="Automatic links sampled for reviewers to check"
    )
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

    class Reason(models.TextChoices):
        UNCERTAIN = "uncertain", "Scored in the review band"
        HOUSEHOLD = "household", "Possibly two people of one household"
        CLUSTER = "cluster", "Cut from a person too large or contradictory"
        CHECK = "check", "A sample of automatic links, to check"

    probability = models.FloatField()
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.UNCERTAIN)
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
