"""Forms of the grants and spend pages: a stream, an allocation, a quarter's spend, and the
year and quarter the spend is shown to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from concord.accounts.models import Service
from concord.commissioning.forms import _number
from concord.commissioning.models import Contract, StreamKind
from concord.domain.periods import financial_year_label, financial_year_of

QUARTER_CHOICES = [
    ("1", "Quarter 1 (April to June)"),
    ("2", "Quarter 2 (July to September)"),
    ("3", "Quarter 3 (October to December)"),
    ("4", "Quarter 4 (January to March)"),
]


def pence(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def _year_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        error_messages={
            "required": "Choose the financial year",
            "invalid_choice": "Choose a financial year from the list",
        },
    )


def year_choices(today: date) -> list[tuple[str, str]]:
    current = financial_year_of(today)
    return [(str(y), financial_year_label(y)) for y in range(current + 2, current - 5, -1)]


class StreamForm(forms.Form):
    name = forms.CharField(
        label="Name of the stream",
        max_length=200,
        error_messages={"required": "Enter the stream's name"},
    )
    kind = forms.ChoiceField(
        label="Kind of funding",
        choices=StreamKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of funding"},
    )
    funder = forms.CharField(
        label="Awarded by",
        max_length=200,
        help_text="For example, Ministry of Housing, Communities and Local Government",
        error_messages={"required": "Enter who awards the money"},
    )
    year = _year_field("Financial year")
    amount = _number("Amount awarded in pounds", "the amount awarded")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["amount_pence"] = pence(values.pop("amount"))
        return values


class AllocationForm(forms.Form):
    """What the money pays for: a contract, or a service without a contract of its own."""

    recipient = forms.ChoiceField(
        label="Paid to",
        help_text="A contract, or a service the partnership funds directly",
        error_messages={
            "required": "Select a contract or a service",
            "invalid_choice": "Select a contract or a service from the list",
        },
    )
    purpose = forms.CharField(
        label="What the money is for",
        max_length=300,
        error_messages={"required": "Enter what the money is for"},
    )
    amount = _number("Amount allocated in pounds", "the amount allocated")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contracts = {str(c.pk): c for c in Contract.objects.select_related("provider")}
        self.services = {
            str(s.pk): s for s in Service.objects.filter(is_active=True).select_related("agency")
        }
        self.fields["recipient"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a contract or a service"),
            (
                "Contracts",
                [
                    (f"contract:{pk}", f"{c.title} ({c.provider.name})")
                    for pk, c in self.contracts.items()
                ],
            ),
            (
                "Services",
                [
                    (f"service:{pk}", f"{s.name} ({s.agency.name})")
                    for pk, s in self.services.items()
                ],
            ),
        ]

    def values(self) -> dict[str, Any]:
        kind, _, pk = self.cleaned_data["recipient"].partition(":")
        return {
            "contract": self.contracts.get(pk) if kind == "contract" else None,
            "service": self.services.get(pk) if kind == "service" else None,
            "purpose": self.cleaned_data["purpose"],
            "amount_pence": pence(self.cleaned_data["amount"]),
        }


class SpendForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=int,
        choices=QUARTER_CHOICES,
        widget=forms.RadioSelect,
        help_text="Returning a quarter again corrects it",
        error_messages={
            "required": "Select the quarter",
            "invalid_choice": "Select a quarter from 1 to 4",
        },
    )
    spent = _number("Amount spent in the quarter, in pounds", "the amount spent")
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the spend differs from the plan, if it does",
    )

    def values(self) -> dict[str, Any]:
        return {
            "quarter": self.cleaned_data["quarter"],
            "spent_pence": pence(self.cleaned_data["spent"]),
            "note": self.cleaned_data["note"],
        }


class YearForm(forms.Form):
    """Which financial year and how far into it the spend is shown."""

    year = _year_field("Financial year")
    quarter = forms.TypedChoiceField(
        label="Spend to the end of",
        coerce=int,
        choices=QUARTER_CHOICES,
        error_messages={"invalid_choice": "Select a quarter from 1 to 4"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)  # type: ignore[attr-defined]
        self.fields["quarter"].required = False

    def chosen(self, today: date, default_quarter: Any) -> tuple[int, int]:
        """The year and quarter asked for, or this year to its last quarter ended."""
        year = financial_year_of(today)
        if self.is_bound and self.is_valid():
            year = self.cleaned_data["year"]
            if self.cleaned_data["quarter"]:
                return year, self.cleaned_data["quarter"]
        return year, default_quarter(year, today)
