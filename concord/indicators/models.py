"""Indicator results of closed periods, kept until a record they may count changes, and the
trail of those changes that tells a kept result from one computed before the latest change."""

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
    # The latest RecordsChanged the figures may count (read before they were computed): a
    # result is good only while no later change concerns its agency (concord.indicators.engine).
    mark = models.PositiveBigIntegerField(default=0)

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


class RecordsChanged(models.Model):
    """Records that indicators count changed for ``agency`` (for every agency when empty),
    said once per transaction, after it commits. Numbered in order (never shown anywhere),
    so that a result computed while a change was being committed can be told apart."""

    id = models.BigAutoField(primary_key=True)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Made by a long load (an import, concord.core.loads): kept figures may count it a few
    # seconds late (CONCORD_FIGURES_LOAD_LAG_SECONDS).
    by_load = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"records changed at {self.at:%Y-%m-%d %H:%M:%S}"
