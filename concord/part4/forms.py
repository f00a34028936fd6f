"""Forms of the Part 4 return's page: which year, and the officer's sign-off."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from concord.domain.periods import financial_year_label, financial_year_of

#: The first year of the duty's returns (the duty began in October 2021).
FIRST_YEAR = 2021
CHOOSE = "Choose a year from the list"


def year_choices(today: date) -> list[tuple[str, str]]:
    """The years a return can be seen for, newest first; the current one is not finished."""
    current = financial_year_of(today)
    return [
        (str(year), financial_year_label(year) + (" (not finished yet)" if year == current else ""))
        for year in range(current, FIRST_YEAR - 1, -1)
    ]


class YearForm(forms.Form):
    """The financial year of the return; the last finished year when none (or a wrong
    one) is chosen."""

    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": CHOOSE},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        field.choices = year_choices(today)  # type: ignore[attr-defined]
        self.last_finished = financial_year_of(today) - 1
        field.initial = self.last_finished

    def chosen(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return int(self.cleaned_data["year"])
        return self.last_finished


class SignOffForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(
        label="I have checked these figures and the list of what is missing",
        error_messages={"required": "Confirm you have checked the figures before signing off"},
    )
