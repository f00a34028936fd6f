"""Outcome measures (DOMAIN §17): a versioned questionnaire as data, the answers a person
gave at intake, exit or follow-up, and the one-time links by which they answer alone.

An answer set keeps every answer as given (``answers``, by question code) and, as columns
of their own, the answers the indicators count, so those are counted in SQL over sets of
records; a later version asking the same things under the same codes is counted alike."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.models import AgencyScopedModel, BaseModel
from concord.outcomes.questionnaires import KINDS
from concord.outcomes.stages import FOLLOW_UP, STAGES, stage_key, stage_label


class Questionnaire(BaseModel):
    """One version of the outcome questionnaire."""

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=20)
    active = models.BooleanField(default=True, help_text="Asked from now on")

    class Meta:
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="questionnaire_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def questions_at(self, stage: str) -> list[QuestionnaireQuestion]:
        return [q for q in self.questions.all() if stage in q.stages]


class QuestionnaireQuestion(BaseModel):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200, help_text="Our own wording")
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=KINDS)
    choices = models.JSONField(default=list, blank=True, help_text="[value, label] pairs")
    stages = models.JSONField(default=list, help_text="The stages it is asked at")

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_question_number_unique"
            ),
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="questionnaire_question_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Question {self.number}"


class How(models.TextChoices):
    WITH_WORKER = "with_worker", "With a worker"
    BY_LINK = "by_link", "By the person, by link"


class OutcomeMeasureQuerySet(models.QuerySet["OutcomeMeasure"]):
    def at(self, stage: str, months: int = 0) -> OutcomeMeasureQuerySet:
        return self.filter(stage=stage, follow_up_months=months)


class OutcomeMeasure(AgencyScopedModel):
    """The answers to the questionnaire on one case at one stage (one per case and stage)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="outcome_measures"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="measures"
    )
    stage = models.CharField(max_length=20, choices=STAGES)
    follow_up_months = models.PositiveSmallIntegerField(
        default=0, help_text="For a follow-up: the months after closure; 0 otherwise"
    )
    answers = models.JSONField(default=dict, help_text="Every answer, by question code")
    answered_on = models.DateField()
    how = models.CharField(max_length=20, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="None when the person answered by link",
    )
    # The answers the indicators count (None or blank: not asked at this stage).
    safety = models.PositiveSmallIntegerField(null=True, blank=True)
    wellbeing = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence = models.PositiveSmallIntegerField(null=True, blank=True)
    abuse = models.CharField(max_length=20, blank=True)
    knows_where_to_get_help = models.CharField(max_length=20, blank=True)
    feels_safer = models.CharField(max_length=20, blank=True)
    further_incidents = models.CharField(max_length=20, blank=True)
    may_contact_after = models.BooleanField(null=True, blank=True)

    objects = OutcomeMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["answered_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage", "follow_up_months"], name="outcome_measure_once_per_stage"
            )
        ]
        indexes = [models.Index(fields=["stage", "answered_on"])]

    def __str__(self) -> str:
        return f"Outcome measure ({self.stage_label})"

    @property
    def stage_key(self) -> str:
        return stage_key(self.stage, self.follow_up_months)

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage, self.follow_up_months)


#: The answers kept as columns: a question with one of these codes fills its column.
COUNTED_SCALES = ("safety", "wellbeing", "confidence")
COUNTED_CHOICES = ("abuse", "knows_where_to_get_help", "feels_safer", "further_incidents")
CONSENT = "may_contact_after"


class QuestionnaireLinkQuerySet(models.QuerySet["QuestionnaireLink"]):
    def unused(self) -> QuestionnaireLinkQuerySet:
        return self.filter(used_at__isnull=True)


class QuestionnaireLink(AgencyScopedModel):
    """A one-time link for a person to answer the questionnaire at one stage of their case
    alone. Only the SHA-256 of its token is kept: the token is shown once, to the worker who
    made it, to send by the person's safe way of contact."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=STAGES)
    follow_up_months = models.PositiveSmallIntegerField(default=0)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    measure = models.OneToOneField(
        OutcomeMeasure, null=True, blank=True, on_delete=models.SET_NULL, related_name="link"
    )

    objects = QuestionnaireLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Questionnaire link ({stage_label(self.stage, self.follow_up_months)})"

    @property
    def stage_label(self) -> str:
        return stage_label(self.stage, self.follow_up_months)

    @property
    def is_follow_up(self) -> bool:
        return self.stage == FOLLOW_UP
