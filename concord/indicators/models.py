"""Indicator results of closed periods, kept until a record they may count changes."""

from __future__ import annotations

from django.db import models

from concord.core.models import BaseModel


class CachedResult(BaseModel):
    """The results of one indicator for one period, agency, service and breakdown: counts
    only, never anything about a person."""

    code = models.CharField(max_length=80)
    first = models.DateField()
    last = models.DateField()
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "accounts.Service", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    disaggregation = models.CharField(max_length=40, blank=True)
    rows = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["code", "first", "last", "agency", "service", "disaggregation"],
                nulls_distinct=False,
                name="one_cached_result",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.first} to {self.last}"


class StrategyTarget(BaseModel):
    """Where the partnership's strategy started for one strategy indicator and where it
    means to get: the baseline of a financial year and the target for a later one, each
    year by the calendar year it starts in (2008 for 2008-09)."""

    code = models.CharField(max_length=80, unique=True)
    baseline_year = models.PositiveSmallIntegerField()
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target_year = models.PositiveSmallIntegerField()
    target = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}: {self.baseline} to {self.target}"
