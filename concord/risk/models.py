"""Risk instruments (versioned checklists, loaded as data), the assessments made with them
on a case, and the domestic abuse incidents recorded on a case (which feed the potential
escalation criterion). Scores and levels come from the pure module concord.risk.dash."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from concord.core.models import AgencyScopedModel, BaseModel
from concord.people.models import Person
from concord.risk.dash import Level
from concord.risk.instruments import AUDIENCES

if TYPE_CHECKING:
    from concord.accounts.models import User

LEVEL_CHOICES = [(level.value, level.label) for level in Level]


def _visible_cases(user: User) -> models.Q:
    """Records of restricted people only for the people's named workers (a subquery, so a
    person with several named workers does not repeat a row)."""
    named = Person.objects.filter(named_workers=user).values("pk")
    return models.Q(case__person__is_restricted=False) | models.Q(case__person_id__in=named)


class Instrument(BaseModel):
    """One version of a risk checklist (SafeLives DASH RIC, ACPO DASH 2009, DARA, local)."""

    code = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=20)
    audience = models.CharField(max_length=20, choices=AUDIENCES)
    active = models.BooleanField(default=True, help_text="Offered for new assessments")

    class Meta:
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Question(BaseModel):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=60)
    label = models.CharField(max_length=120, help_text="Our own short paraphrase")
    help_text = models.CharField(max_length=500)
    section = models.CharField(max_length=120)

    class Meta:
        ordering = ["instrument", "number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="question_number_unique"),
            models.UniqueConstraint(fields=["instrument", "code"], name="question_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    questions: list[Question]


def checklist_sections(questions: Iterable[Question]) -> list[Section]:
    """A checklist's questions (in number order) grouped into its sections, numbered 1…"""
    found: list[Section] = []
    for question in questions:
        if not found or found[-1].title != question.section:
            found.append(Section(len(found) + 1, question.section, []))
        found[-1].questions.append(question)
    return found


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINISHED = "finished", "Finished"


class AssessmentReason(models.TextChoices):
    FIRST = "first", "First assessment"
    NEW_INCIDENT = "new_incident", "A new incident"
    CHANGE_OF_CIRCUMSTANCE = (
        "change_of_circumstance",
        "A change of circumstance, such as separation",
    )
    REVIEW = "review", "A planned review"


COMMENT_LENGTH = 1000  # the longest comment on one answer

REASSESSMENT_REASONS = [
    (reason.value, reason.label) for reason in AssessmentReason if reason != AssessmentReason.FIRST
]


class RiskAssessmentQuerySet(models.QuerySet["RiskAssessment"]):
    def finished(self) -> RiskAssessmentQuerySet:
        return self.filter(status=AssessmentStatus.FINISHED)

    def drafts(self) -> RiskAssessmentQuerySet:
        return self.filter(status=AssessmentStatus.DRAFT)

    def visible_to(self, user: User) -> RiskAssessmentQuerySet:
        return self.filter(_visible_cases(user))


class RiskAssessment(AgencyScopedModel):
    """One risk assessment on a case. Answers map question codes to yes / no / dont_know;
    a question not asked has no entry. Every assessment is kept: a re-assessment after a
    new incident or a change of circumstance is a new one, with its reason."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="assessments")
    reason = models.CharField(max_length=30, choices=AssessmentReason.choices)
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    comments = models.JSONField(
        default=dict, blank=True, help_text="Question code to the assessor's comment on the answer"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_level = models.CharField(
        max_length=20, choices=LEVEL_CHOICES, blank=True, help_text="From the score alone"
    )
    judged_level = models.CharField(
        max_length=20, choices=LEVEL_CHOICES, blank=True, help_text="Raised by judgement"
    )
    concerns = models.TextField(blank=True, help_text="Why professional judgement raised it")
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    level = models.CharField(
        max_length=20, choices=LEVEL_CHOICES, blank=True, help_text="The level that stands"
    )

    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["agency", "case", "status"]),
            models.Index(fields=["agency", "finished_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} assessment on {self.case_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def level_enum(self) -> Level | None:
        return Level(self.level) if self.level else None


class IncidentQuerySet(models.QuerySet["Incident"]):
    def visible_to(self, user: User) -> IncidentQuerySet:
        return self.filter(_visible_cases(user))


class Incident(AgencyScopedModel):
    """A domestic abuse incident the person told of or the police reported: its date and
    whether it was reported to the police decide whether it counts towards escalation."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    occurred_on = models.DateField()
    reported_to_police = models.BooleanField()
    description = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "case", "occurred_on"])]

    def __str__(self) -> str:
        return f"Incident on {self.occurred_on}"
