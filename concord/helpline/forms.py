"""The call log's forms: a call (no names asked for), the list's filters, and the person
and case a call becomes when the caller agrees."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.accounts.models import Service
from concord.cases.forms import DateTimeFields
from concord.core.forms import TIME, DatePartsField
from concord.helpline.vocabulary import CALL_REASONS, CALLER_TYPES, SIGNPOSTED_TO

NOT_IDENTIFYING = (
    "Do not write names, addresses, phone numbers or anything else that could identify the "
    "caller or anyone they talk about."
)


def _choose(label: str) -> dict[str, str]:
    return {"required": f"Select {label}", "invalid_choice": f"Select {label}"}


class CallForm(DateTimeFields):
    service = forms.ModelChoiceField(
        label="Help point",
        queryset=Service.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages=_choose("the help point"),
    )
    on = DatePartsField(
        label="Date of the call", error_messages={"required": "Enter the date of the call"}
    )
    at = forms.TimeField(
        label="Time of the call",
        help_text="24-hour clock, for example 18:45",
        widget=TIME,
        error_messages={"required": "Enter the time of the call", "invalid": "Enter a real time"},
    )
    caller_type = forms.ChoiceField(
        label="Who called",
        choices=CALLER_TYPES,
        widget=forms.RadioSelect,
        error_messages=_choose("who called"),
    )
    reason = forms.ChoiceField(
        label="Why they called",
        choices=(("", "Choose why they called"), *CALL_REASONS),
        error_messages=_choose("why they called"),
    )
    advice_given = forms.CharField(
        label="Advice given",
        help_text=NOT_IDENTIFYING,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Keep the advice to 2,000 characters or fewer"},
    )
    signposted_to = forms.MultipleChoiceField(
        label="Signposted to",
        help_text="Select all that apply",
        choices=SIGNPOSTED_TO,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choose("where the caller was signposted"),
    )
    signposted_other = forms.CharField(
        label="Where else (if somewhere else)",
        help_text="The name of the service, not of a person",
        required=False,
        max_length=200,
        error_messages={"max_length": "Enter 200 characters or fewer"},
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes (optional)",
        required=False,
        min_value=0,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"classes": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the length as a whole number of minutes",
            "min_value": "Enter the length as 0 minutes or more",
            "max_value": "Enter a length of 1,440 minutes or fewer",
        },
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["service"]
        field.queryset = services
        only = list(services)
        if len(only) == 1:
            field.initial = only[0].pk

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "called_at": self.when("on", "at"),
            "caller_type": data["caller_type"],
            "reason": data["reason"],
            "advice_given": data["advice_given"],
            "signposted_to": data["signposted_to"],
            "signposted_other": data["signposted_other"],
            "duration_minutes": data["duration_minutes"],
        }


class CallFilterForm(forms.Form):
    """The call log's filters: from and to (days), who called, why."""

    called_from = DatePartsField(label="From", required=False)
    called_to = DatePartsField(label="To", required=False)
    caller_type = forms.ChoiceField(
        label="Who called", choices=(("", "Anyone"), *CALLER_TYPES), required=False
    )
    reason = forms.ChoiceField(
        label="Why", choices=(("", "Any reason"), *CALL_REASONS), required=False
    )

    def chosen(self) -> dict[str, Any]:
        """The valid filters chosen; an invalid one is ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}


class TurnIntoCaseForm(forms.Form):
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={"required": "Enter the caller's given name"},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter the caller's family name"},
    )
    date_of_birth = DatePartsField(label="Date of birth (optional)", required=False)
