"""The annual Part 4 return as signed off by the council's contract monitoring officer:
the exact figures and the completeness check as they stood at sign-off. Signing a year
again (after late records were corrected) keeps the earlier versions and adds the next
one; the latest is the one sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.models import BaseModel


class Part4ReturnQuerySet(models.QuerySet["Part4Return"]):
    def of_year(self, year: int) -> Part4ReturnQuerySet:
        return self.filter(year=year)

    def latest_of(self, year: int) -> Part4Return | None:
        return self.of_year(year).order_by("-version").select_related("signed_off_by").first()


class Part4Return(BaseModel):
    council = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The financial year, by the year it starts")
    version = models.PositiveSmallIntegerField(default=1)
    figures = models.JSONField(help_text="The exact figures at sign-off (Part4Figures.to_json)")
    completeness = models.JSONField(
        default=list, blank=True, help_text="What the completeness check found at sign-off"
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField()

    objects = Part4ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "year", "version"], name="part4_return_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"Part 4 return {self.year}, version {self.version}"
