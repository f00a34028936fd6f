"""The partnership's own plan (DOMAIN §15): a strategy over several financial years with its
principles and objectives; a delivery plan for each year, of actions with a lead, partners,
dates, linked indicators and a status; dated updates with evidence that leads write and the
partnership manager approves; a self-assessment of each objective each year; and the
partnership's risk register.

Nothing here is about a person: these records are the partnership's, not an agency's, and
carry no agency scope. Who may read and change them is each app's rules.py.

Years are financial years, by the calendar year they start in (2025 for 2025-26).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from concord.core.models import BaseModel
from concord.domain.delivery import (
    ACTION_STATUS_CHOICES,
    DEFAULT_ASSESSMENT_SCALE,
    LEVEL_CHOICES,
    UPDATE_STATE_CHOICES,
    ActionStatus,
    UpdateState,
)
from concord.domain.periods import financial_year_label


def default_assessment_scale() -> list[str]:
    return list(DEFAULT_ASSESSMENT_SCALE)


class Strategy(BaseModel):
    """A strategy over the financial years ``first_year`` to ``last_year`` (both counted)."""

    title = models.CharField(max_length=200)
    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    principles = models.TextField(blank=True, help_text="One principle or priority a line")
    # The labels of the self-assessment's scale, worst first (DOMAIN §15, configuration).
    assessment_scale = models.JSONField(default=default_assessment_scale)

    class Meta:
        ordering = ["-first_year"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"

    @property
    def period_label(self) -> str:
        return f"{financial_year_label(self.first_year)} to {financial_year_label(self.last_year)}"

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


class Objective(BaseModel):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="objectives")
    reference = models.CharField(max_length=20, help_text='For example "1" or "2.3"')
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "position", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "reference"], name="one_objective_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}. {self.title}"


class DeliveryPlan(BaseModel):
    """The actions of one financial year of a strategy. A year's plan is made by the annual
    refresh from the year before (open actions carried) or started empty."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField()
    refreshed_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="refreshed_into"
    )
    refreshed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["strategy", "-year"]
        constraints = [models.UniqueConstraint(fields=["strategy", "year"], name="one_plan_a_year")]

    def __str__(self) -> str:
        return f"Delivery plan {financial_year_label(self.year)}"


class ActionQuerySet(models.QuerySet["Action"]):
    def led_by(self, user: Any) -> ActionQuerySet:
        return self.filter(lead=user)

    def open(self) -> ActionQuerySet:
        return self.exclude(status=ActionStatus.COMPLETE)

    def overdue(self, today: date) -> ActionQuerySet:
        """Open actions whose due date has passed."""
        return self.open().filter(due_on__lt=today)


class Action(BaseModel):
    """One action of a year's plan. Its status changes only with an approved update
    (concord.strategy.services); an action carried into the next year's plan is a new
    action that points at the one it continues, which stays as it was."""

    plan = models.ForeignKey(DeliveryPlan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="strategy_actions"
    )
    lead_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    partners = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    starts_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ACTION_STATUS_CHOICES, default=ActionStatus.NOT_STARTED
    )
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_into"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="one_action_reference"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("starts_on")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def status_enum(self) -> ActionStatus:
        return ActionStatus(self.status)


class ActionIndicator(BaseModel):
    """An indicator of the catalogue (concord.indicators.catalogue) the action is meant to
    move; its baseline and target are the StrategyTarget of its code."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=80)

    class Meta:
        ordering = ["action", "code"]
        constraints = [
            models.UniqueConstraint(fields=["action", "code"], name="one_action_indicator")
        ]

    def __str__(self) -> str:
        return self.code


class StrategyTarget(BaseModel):
    """Where the partnership's strategy started for one catalogue indicator and where it
    means to get: the baseline of a financial year and the target for a later one, each
    year by the calendar year it starts in (2008 for 2008-09). Kept in the table the
    indicators app made (ADR 0026)."""

    code = models.CharField(max_length=80, unique=True)
    baseline_year = models.PositiveSmallIntegerField()
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target_year = models.PositiveSmallIntegerField()
    target = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        db_table = "indicators_strategytarget"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.baseline} to {self.target}"


class ActionUpdateQuerySet(models.QuerySet["ActionUpdate"]):
    def awaiting_approval(self) -> ActionUpdateQuerySet:
        return self.filter(state=UpdateState.AWAITING_APPROVAL)

    def approved(self) -> ActionUpdateQuerySet:
        return self.filter(state=UpdateState.APPROVED)


class ActionUpdate(BaseModel):
    """A dated account of progress with the status it asks for. A lead's update waits for
    the partnership manager: approved, it sets the action's status; returned, it says why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    status = models.CharField(max_length=20, choices=ACTION_STATUS_CHOICES)
    progress = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=20, choices=UPDATE_STATE_CHOICES, default=UpdateState.AWAITING_APPROVAL
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    returned_because = models.TextField(blank=True)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", "-written_on", "-created_at"]

    def __str__(self) -> str:
        return f"Update of {self.written_on}"


class UpdateEvidence(BaseModel):
    """A file or a link that backs an update. A file is checked as case documents are
    (concord.core.filetypes); a link is an https address."""

    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(max_length=200)
    link = models.URLField(blank=True, max_length=500)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class SelfAssessment(BaseModel):
    """How far one objective has got in one year of its strategy, on the strategy's scale
    (``rating`` is the label's position, worst first)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField()
    rating = models.PositiveSmallIntegerField()
    reasons = models.TextField()
    evidence = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["objective", "year"]
        constraints = [
            models.UniqueConstraint(fields=["objective", "year"], name="one_assessment_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.objective.reference} in {financial_year_label(self.year)}"

    @property
    def rating_label(self) -> str:
        return str(self.objective.strategy.assessment_scale[self.rating])


class Risk(BaseModel):
    """A risk to the partnership's work, scored likelihood × impact (low, medium, high)."""

    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    likelihood = models.CharField(max_length=10, choices=LEVEL_CHOICES)
    impact = models.CharField(max_length=10, choices=LEVEL_CHOICES)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    controls = models.TextField()
    review_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closed_because = models.TextField(blank=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"
