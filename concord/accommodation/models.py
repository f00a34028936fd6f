"""Housing (Safe Home) records: one per case at a housing service, holding the housing
outcomes of that episode of support, and the sanctuary measures fitted to the home."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models

from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.core.models import AgencyScopedModel
from concord.people import reference as ref

if TYPE_CHECKING:
    from concord.accounts.models import User


class HousingRecordQuerySet(models.QuerySet["HousingRecord"]):
    def visible_to(self, user: User) -> HousingRecordQuerySet:
        """Records of restricted people only for the people's named workers (as cases)."""
        return self.filter(
            models.Q(case__person__is_restricted=False) | models.Q(case__person__named_workers=user)
        )

    def homes_secured_between(self, first: date, last: date) -> HousingRecordQuerySet:
        """The headline indicator "homes secured": each case counts once, on the day its
        home was secured (DOMAIN §7)."""
        return self.filter(home_secured_on__gte=first, home_secured_on__lte=last)


class HousingRecord(AgencyScopedModel):
    """The housing outcomes of one case. Each outcome is recorded once and may be
    corrected; dates are checked by concord.accommodation.services."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="housing_record"
    )
    options_assessed_on = models.DateField(null=True, blank=True)
    options_outcome = models.CharField(max_length=200, blank=True)
    emergency_placed_on = models.DateField(null=True, blank=True)
    emergency_left_on = models.DateField(null=True, blank=True)
    refuge_placed_on = models.DateField(null=True, blank=True)
    refuge_ended_on = models.DateField(null=True, blank=True)
    transfer_kind = models.CharField(max_length=40, choices=TRANSFER_KINDS, blank=True)
    transferred_on = models.DateField(null=True, blank=True)
    person_causing_harm_moved = models.CharField(
        max_length=20, choices=ref.YES_NO_NOT_KNOWN, blank=True, help_text="Empty until asked"
    )
    person_causing_harm_moved_on = models.DateField(null=True, blank=True)
    home_secured_on = models.DateField(null=True, blank=True)

    objects = HousingRecordQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["agency", "home_secured_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emergency_left_on__isnull=True)
                | models.Q(emergency_left_on__gte=models.F("emergency_placed_on")),
                name="emergency_left_after_placed",
            ),
            models.CheckConstraint(
                condition=models.Q(refuge_ended_on__isnull=True)
                | models.Q(refuge_ended_on__gte=models.F("refuge_placed_on")),
                name="refuge_ended_after_placed",
            ),
        ]

    def __str__(self) -> str:
        return f"Housing record for {self.case_id}"


class SanctuaryMeasure(AgencyScopedModel):
    """One target-hardening measure fitted to the person's home."""

    housing_record = models.ForeignKey(
        HousingRecord, on_delete=models.CASCADE, related_name="sanctuary_measures"
    )
    kind = models.CharField(max_length=40, choices=SANCTUARY_MEASURES)
    description = models.CharField(
        max_length=100, blank=True, help_text="What was fitted, when the kind is other"
    )
    fitted_on = models.DateField()

    class Meta:
        ordering = ["-fitted_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} fitted {self.fitted_on}"


#: What to fetch with a housing case so its pages read the record in a fixed number of queries.
HOUSING_RELATIONS = ("housing_record__sanctuary_measures",)
