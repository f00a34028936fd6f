"""Contracts the commissioner lets to a provider, their KPI targets per contract year and
the provider's quarterly returns (DOMAIN §9).

A contract belongs to the commissioning agency (``agency``): its contract monitoring
officers manage it. The provider's service managers see their own agency's contracts and
fill in their returns. Pages reach them only through ``request.scope``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from concord.commissioning import pbr
from concord.commissioning.lifecycle import RETURN_STATUS_CHOICES, ReturnStatus
from concord.core.models import AgencyScopedModel, BaseModel
from concord.domain.numbers import percentage_text
from concord.domain.periods import Quarter, financial_year_label, financial_year_of

if TYPE_CHECKING:
    from concord.accounts.models import Agency

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
BETTER_CHOICES = (
    (pbr.Better.HIGHER.value, "Higher is better"),
    (pbr.Better.LOWER.value, "Lower is better"),
)
AGGREGATION_CHOICES = (
    (pbr.Aggregation.TOTAL.value, "The year's total of the quarters"),
    (pbr.Aggregation.LATEST.value, "The latest quarter's figure"),
)


class ContractQuerySet(models.QuerySet["Contract"]):
    def owned_by(self, agency: Agency) -> ContractQuerySet:
        return self.filter(agency=agency)

    def provided_by(self, agency: Agency) -> ContractQuerySet:
        return self.filter(provider=agency)


class Contract(AgencyScopedModel):
    """``agency`` is the commissioner that owns the contract."""

    title = models.CharField(max_length=200)
    provider = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField("accounts.Service", related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    annual_value_pence = models.PositiveBigIntegerField()
    pbr_share = models.DecimalField(max_digits=5, decimal_places=2, default=20, validators=PERCENT)
    partial_share = models.DecimalField(
        max_digits=5, decimal_places=2, default=10, validators=PERCENT
    )
    met_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=100,
        validators=PERCENT,
        help_text="Percentage of payment-linked KPIs that must meet their targets for 'met'",
    )
    partial_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=PERCENT,
        help_text="Percentage of payment-linked KPIs that must meet their targets for 'partly met'",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="contract_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(partial_share__lte=models.F("pbr_share")),
                name="partial_share_at_most_pbr_share",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rule(self) -> pbr.Rule:
        return pbr.Rule(
            pbr_share=self.pbr_share,
            partial_share=self.partial_share,
            met_threshold=self.met_threshold,
            partial_threshold=self.partial_threshold,
        )

    @property
    def years(self) -> int:
        """Contract years: the financial years the contract runs in."""
        return financial_year_of(self.ends_on) - financial_year_of(self.starts_on) + 1

    def year_label(self, year: int) -> str:
        start = financial_year_of(self.starts_on) + year - 1
        return f"Year {year} ({financial_year_label(start)})"


class Funder(BaseModel):
    """One funder of a contract and its share; a contract's shares add up to 100%."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="funders")
    name = models.CharField(max_length=200)
    share = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)

    class Meta:
        ordering = ["-share", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({percentage_text(self.share)})"


class Kpi(BaseModel):
    """A KPI's target in one contract year. ``code`` names the indicator it measures."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    code = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    target = models.DecimalField(max_digits=12, decimal_places=2)
    stretch_target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    better = models.CharField(max_length=10, choices=BETTER_CHOICES)
    aggregation = models.CharField(max_length=10, choices=AGGREGATION_CHOICES)
    payment_linked = models.BooleanField(default=True)

    class Meta:
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code", "year"], name="one_target_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.title} (year {self.year})"


class QuarterlyReturn(BaseModel):
    """The provider's return for one quarter of one contract year. ``figures`` holds the
    KPI figures by code as text (exact decimals); they are frozen once submitted."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="returns")
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        max_length=20, choices=RETURN_STATUS_CHOICES, default=ReturnStatus.DRAFT
    )
    figures = models.JSONField(default=dict, blank=True)
    figure_parts = models.JSONField(
        default=dict, blank=True, help_text="Computed percentages' [numerator, denominator]"
    )
    successes = models.TextField(blank=True)
    stumbling_blocks = models.TextField(blank=True)
    focus_next_quarter = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The officer's latest query or sign-off")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "quarter"], name="one_return_a_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} year {self.year} quarter {self.quarter}"

    @property
    def financial_quarter(self) -> Quarter:
        start = financial_year_of(self.contract.starts_on) + self.year - 1
        return Quarter(start, self.quarter)

    @property
    def label(self) -> str:
        return f"Year {self.year}, quarter {self.quarter} ({self.financial_quarter.label})"

    @property
    def status_label(self) -> str:
        return ReturnStatus(self.status).label

    def figure(self, code: str) -> Decimal | None:
        value = self.figures.get(code)
        return None if value is None else Decimal(value)


class Evidence(BaseModel):
    """A file the provider attached to a return (checked: see concord.commissioning.evidence)."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="evidence"
    )
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class StreamKind(models.TextChoices):
    DA_GRANT = "da_grant", "Domestic abuse (Part 4) grant"
    OTHER_GRANT = "other_grant", "Other grant"
    COUNCIL = "council", "Council budget"
    PCC = "pcc", "Police and crime commissioner"
    OTHER = "other", "Other funding"


class FundingStream(BaseModel):
    """Money the partnership has to spend in one financial year: the DA grant, or another
    stream, with the amount awarded (DOMAIN §15)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=StreamKind.choices)
    funder = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    amount_pence = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="one_stream_a_year")]

    def __str__(self) -> str:
        return f"{self.name} {financial_year_label(self.year)}"


class Allocation(BaseModel):
    """Part of a stream given to a contract or a service; each quarter its spend is returned."""

    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="allocations")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="allocations"
    )
    service = models.ForeignKey(
        "accounts.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=300)
    amount_pence = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["stream", "purpose"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract__isnull=False) | models.Q(service__isnull=False),
                name="allocation_to_contract_or_service",
            )
        ]

    def __str__(self) -> str:
        return self.purpose


class SpendReturn(BaseModel):
    """What was spent of an allocation in one quarter of its stream's year (1 to 4)."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="spend")
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    spent_pence = models.PositiveBigIntegerField()
    note = models.TextField(blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["allocation", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "quarter"], name="one_spend_a_quarter")
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} spend"
