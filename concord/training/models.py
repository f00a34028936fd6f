"""Training and awareness sessions an agency delivers. Not about any person, but owned by
the delivering agency and reached through the scope like every agency's records."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

from concord.core.models import AgencyScopedModel, BaseModel
from concord.domain.periods import financial_year_dates
from concord.training.vocabulary import SESSION_KINDS


class SessionTotals(TypedDict):
    sessions: int
    attendees: int
    children_reached: int


class TrainingSessionQuerySet(models.QuerySet["TrainingSession"]):
    def of_kind(self, kind: str) -> TrainingSessionQuerySet:
        return self.filter(kind=kind)

    def held_between(self, first: date, last: date) -> TrainingSessionQuerySet:
        return self.filter(held_on__gte=first, held_on__lte=last)

    def in_financial_year(self, start_year: int) -> TrainingSessionQuerySet:
        return self.held_between(*financial_year_dates(start_year))

    def totals(self) -> SessionTotals:
        """Sessions delivered, people attending and children and young people reached,
        in one query."""
        zero = models.Value(0)
        found = self.order_by().aggregate(
            sessions=models.Count("pk"),
            attendees=Coalesce(models.Sum("attendees"), zero),
            children_reached=Coalesce(models.Sum("children_reached"), zero),
        )
        return SessionTotals(
            sessions=found["sessions"],
            attendees=found["attendees"],
            children_reached=found["children_reached"],
        )

    def staff_trained_per_agency(self) -> list[tuple[str, int]]:
        """(agency name, staff trained) over these sessions, most first, in one query.
        A count recorded without a number adds nothing."""
        found = (
            StaffTrained.objects.filter(session__in=self.order_by().values("pk"))
            .values("agency__name")
            .annotate(staff_total=Coalesce(models.Sum("staff"), models.Value(0)))
            .order_by("-staff_total", "agency__name")
        )
        return [(row["agency__name"], row["staff_total"]) for row in found]


class TrainingSession(AgencyScopedModel):
    """One session; ``agency`` is the agency that delivered it."""

    held_on = models.DateField()
    kind = models.CharField(max_length=40, choices=SESSION_KINDS)
    title = models.CharField(max_length=200)
    attendees = models.PositiveIntegerField()
    children_reached = models.PositiveIntegerField(default=0)
    reported_more_knowledge = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty when attendees were not asked"
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reported_more_knowledge__isnull=True)
                | models.Q(reported_more_knowledge__lte=models.F("attendees")),
                name="more_knowledge_at_most_attendees",
            )
        ]

    def __str__(self) -> str:
        return self.title


class StaffTrained(BaseModel):
    """How many staff of one agency attended a session: the strategy counts staff trained
    per agency (DOMAIN §7). ``staff`` is empty only for attendances recorded before the
    number was asked."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="staff_trained"
    )
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    staff = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "agency"], name="one_count_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.staff} from {self.agency}"
