"""Forms of the contract, KPI, return and review pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from concord.accounts.models import Agency, Service
from concord.commissioning.models import AGGREGATION_CHOICES, BETTER_CHOICES, Contract, Kpi
from concord.commissioning.services import FunderShare, entered_codes
from concord.core.forms import DatePartsField
from concord.domain.numbers import number_text

SHORT = forms.NumberInput(attrs={"classes": "govuk-input--width-5"})
FIGURE_PREFIX = "figure-"


def _percent(label: str, what: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_value=100,
        decimal_places=2,
        widget=SHORT,
        help_text=help_text,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number",
            "min_value": f"Enter {what} from 0 to 100",
            "max_value": f"Enter {what} from 0 to 100",
            "max_decimal_places": f"Enter {what} with at most 2 decimal places",
        },
    )


def _date(label: str, what: str) -> DatePartsField:
    return DatePartsField(
        label=label,
        error_messages={"required": f"Enter {what}", "invalid": f"Enter {what} as a real date"},
    )


def _number(label: str, what: str, *, required: bool = True, help_text: str = "") -> Any:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number",
            "max_digits": f"Enter {what} with at most 10 digits before the point",
            "max_decimal_places": f"Enter {what} with at most 2 decimal places",
        },
    )


class ContractForm(forms.Form):
    title = forms.CharField(
        label="Contract title", max_length=200, error_messages={"required": "Enter the title"}
    )
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose the provider",
        error_messages={"required": "Choose the provider", "invalid_choice": "Choose the provider"},
    )
    services = forms.ModelMultipleChoiceField(
        label="Services the contract pays for",
        queryset=Service.objects.filter(is_active=True).select_related("agency"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one service"},
    )
    starts_on = _date("Start date", "the start date")
    ends_on = _date("End date", "the end date")
    annual_value = _number("Annual value in pounds", "the annual value")
    funders = forms.CharField(
        label="Funders and their shares",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One funder a line: the name, a comma and its percentage, e.g. City Council, 72",
        error_messages={"required": "Enter at least one funder"},
    )
    pbr_share = _percent(
        "Payment-by-results share (%)",
        "the payment-by-results share",
        "Share of the annual value paid when the requirement is met",
    )
    partial_share = _percent(
        "Share paid when partly met (%)", "the partial share", "Usually half the full share"
    )
    met_threshold = _percent(
        "Met: KPIs meeting their targets (%)",
        "the threshold for met",
        "Percentage of payment-linked KPIs that must meet their targets; 100 means all",
    )
    partial_threshold = _percent(
        "Partly met: KPIs meeting their targets (%)",
        "the threshold for partly met",
        "50 means at least half",
    )

    def clean_funders(self) -> list[FunderShare]:
        shares = []
        for line in str(self.cleaned_data["funders"]).splitlines():
            if not line.strip():
                continue
            name, _, share = line.rpartition(",")
            try:
                shares.append(FunderShare(name.strip(), Decimal(share.strip().rstrip("%"))))
            except InvalidOperation:
                raise forms.ValidationError(
                    "Write each funder as its name, a comma and its percentage"
                ) from None
        return shares

    def clean_annual_value(self) -> int:
        value: Decimal = self.cleaned_data["annual_value"]
        return int(value * 100)

    @staticmethod
    def initial_for(contract: Contract) -> dict[str, Any]:
        fields = ("title", "provider", "starts_on", "ends_on", "pbr_share", "partial_share")
        initial: dict[str, Any] = {field: getattr(contract, field) for field in fields}
        initial["met_threshold"] = contract.met_threshold
        initial["partial_threshold"] = contract.partial_threshold
        initial["services"] = [service.pk for service in contract.services.all()]
        initial["annual_value"] = Decimal(contract.annual_value_pence) / 100
        initial["funders"] = "\n".join(
            f"{funder.name}, {number_text(funder.share)}" for funder in contract.funders.all()
        )
        return initial


class KpiForm(forms.Form):
    code = forms.SlugField(
        label="Indicator code",
        max_length=60,
        help_text="The code of the indicator the KPI measures, e.g. outcome-risk-reduced",
        error_messages={
            "required": "Enter the indicator code",
            "invalid": "Enter the code in lower-case letters, numbers and hyphens",
        },
    )
    title = forms.CharField(
        label="KPI", max_length=200, error_messages={"required": "Enter the KPI's title"}
    )
    year = forms.IntegerField(
        label="Contract year",
        min_value=1,
        widget=SHORT,
        help_text="1 for the first financial year of the contract, 2 for the second...",
        error_messages={
            "required": "Enter the contract year the target is for",
            "invalid": "Enter the contract year as a whole number",
            "min_value": "Enter a contract year of 1 or more",
        },
    )
    target = _number("Target", "the target")
    stretch_target = _number(
        "Stretch target", "the stretch target", required=False, help_text="Optional"
    )
    better = forms.ChoiceField(
        label="Which is better",
        choices=BETTER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether higher or lower is better"},
    )
    aggregation = forms.ChoiceField(
        label="The year's figure is",
        choices=AGGREGATION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the year's figure is worked out"},
    )
    payment_linked = forms.BooleanField(label="Payment depends on this KPI", required=False)


class StartReturnForm(forms.Form):
    year = forms.IntegerField(
        label="Contract year",
        min_value=1,
        widget=SHORT,
        error_messages={
            "required": "Enter the contract year",
            "invalid": "Enter the contract year as a whole number",
            "min_value": "Enter a contract year of 1 or more",
        },
    )
    quarter = forms.IntegerField(
        label="Quarter",
        min_value=1,
        max_value=4,
        widget=SHORT,
        help_text="1 is April to June",
        error_messages={
            "required": "Enter the quarter",
            "invalid": "Enter the quarter as a number from 1 to 4",
            "min_value": "Enter the quarter as a number from 1 to 4",
            "max_value": "Enter the quarter as a number from 1 to 4",
        },
    )


class ReturnForm(forms.Form):
    """The provider's figure for each KPI of the year, then the narrative."""

    successes = forms.CharField(label="Successes", required=False, widget=forms.Textarea)
    stumbling_blocks = forms.CharField(
        label="Stumbling blocks", required=False, widget=forms.Textarea
    )
    focus_next_quarter = forms.CharField(
        label="Areas of focus next quarter", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, kpis: list[Kpi], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        entered = entered_codes(kpis)
        self.kpis = [kpi for kpi in kpis if kpi.code in entered]
        for kpi in kpis:
            self.fields[f"{FIGURE_PREFIX}{kpi.code}"] = _number(
                kpi.title, f"the figure for {kpi.title}", required=False
            )

    def figure_fields(self) -> list[forms.BoundField]:
        return [self[f"{FIGURE_PREFIX}{kpi.code}"] for kpi in self.kpis]

    def narrative_fields(self) -> list[forms.BoundField]:
        return [self["successes"], self["stumbling_blocks"], self["focus_next_quarter"]]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        figures = {kpi.code: data.get(f"{FIGURE_PREFIX}{kpi.code}") for kpi in self.kpis}
        narrative = {name: data.get(name, "") for name in ReturnForm.base_fields}
        return {"figures": figures, **narrative}

    @staticmethod
    def initial_for(kpis: list[Kpi], figures: dict[str, str], **narrative: str) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"{FIGURE_PREFIX}{kpi.code}": figures.get(kpi.code) for kpi in kpis
        }
        return initial | narrative


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Evidence file",
        help_text="PDF, DOCX, XLSX, CSV, PNG or JPEG",
        error_messages={"required": "Choose a file", "empty": "The file is empty"},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=(("query", "Query the return"), ("sign_off", "Sign the return off")),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to query or sign off the return"},
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea,
        help_text="Your question for the provider, or your sign-off note",
        error_messages={"required": "Enter a comment"},
    )
