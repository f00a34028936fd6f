"""The session form, and the list's filters (kind and financial year)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from concord.accounts.models import Agency
from concord.core.forms import DatePartsField
from concord.domain.periods import (
    financial_year_label,
    financial_year_of,
    recent_financial_years,
)
from concord.training.models import TrainingSession
from concord.training.vocabulary import SESSION_KINDS

# The partnership strategy's baseline year (DOMAIN §7: 2008-09).
FIRST_FINANCIAL_YEAR = 2008
ALL_YEARS = "all"
STAFF_PREFIX = "staff-"
NUMBER = forms.NumberInput(attrs={"classes": "govuk-input--width-5", "inputmode": "numeric"})


def _count(label: str, what: str, *, required: bool = True, help_text: str = "") -> forms.Field:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=1_000_000,
        widget=NUMBER,
        help_text=help_text,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number",
            "min_value": f"Enter {what} as 0 or more",
            "max_value": f"Enter {what} as 1,000,000 or fewer",
        },
    )


class TrainingSessionForm(forms.Form):
    held_on = DatePartsField(
        label="Date of the session",
        error_messages={
            "required": "Enter the date of the session",
            "invalid": "Enter the date of the session as a real date",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of session",
        choices=SESSION_KINDS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of session"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title for the session",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    attendees = _count("Number of people attending", "the number of people attending")
    children_reached = _count(
        "Children and young people reached",
        "the number of children and young people",
        help_text="0 if none",
    )
    reported_more_knowledge = _count(
        "Number who said they knew more afterwards",
        "the number who said they knew more",
        required=False,
        help_text="Leave empty if attendees were not asked",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {
            f"{STAFF_PREFIX}{agency.slug}": agency
            for agency in Agency.objects.filter(is_active=True).order_by("name")
        }
        for name, agency in self.agencies.items():
            self.fields[name] = _count(
                agency.name, f"the number of staff from {agency.name}", required=False
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [bound for bound in self if bound.name not in self.agencies]

    def staff_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attendees, more = data.get("attendees"), data.get("reported_more_knowledge")
        if attendees is not None and more is not None and more > attendees:
            self.add_error(
                "reported_more_knowledge",
                "The number who said they knew more cannot be more than the number attending",
            )
        staff = {agency: data.pop(name, None) for name, agency in self.agencies.items()}
        data["staff_trained"] = {agency: number for agency, number in staff.items() if number}
        return data

    @staticmethod
    def staff_initial(session: TrainingSession) -> dict[str, int | None]:
        rows = session.staff_trained.select_related("agency")
        return {f"{STAFF_PREFIX}{row.agency.slug}": row.staff for row in rows}


class SessionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of session", choices=[("", "Any kind"), *SESSION_KINDS], required=False
    )
    year = forms.ChoiceField(label="Financial year", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = recent_financial_years(timezone.localdate(), FIRST_FINANCIAL_YEAR)
        field = self.fields["year"]
        field.choices = [  # type: ignore[attr-defined]
            *((str(year), financial_year_label(year)) for year in years),
            (ALL_YEARS, "All years"),
        ]

    def financial_year(self) -> int | None:
        """The year chosen; the current financial year unless another (or all) was asked."""
        chosen = self.cleaned_data.get("year") if self.is_valid() else ""
        if chosen == ALL_YEARS:
            return None
        return int(chosen) if chosen else financial_year_of(timezone.localdate())

    def chosen_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or "") if self.is_valid() else ""
