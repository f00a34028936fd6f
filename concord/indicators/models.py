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
