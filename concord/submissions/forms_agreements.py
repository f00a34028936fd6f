"""Forms of the information-sharing agreements register."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.accounts.models import Agency
from concord.core.forms import DatePartsField
from concord.submissions.models import SharingAgreement, SubmissionKind


def _date(label: str, what: str, *, required: bool = True) -> DatePartsField:
    return DatePartsField(
        label=label, required=required, error_messages={"required": f"Enter {what}"}
    )


class AgreementForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the agreement's title"}
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What information is shared, and why",
        error_messages={"required": "Enter what the agreement shares information for"},
    )
    lawful_basis = forms.CharField(
        label="Lawful basis (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, UK GDPR Article 6(1)(e) and the Crime and Disorder Act 1998 s.115",
    )
    kinds = forms.MultipleChoiceField(
        label="Kinds of submission it covers",
        choices=SubmissionKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the kinds of submission the agreement covers"},
    )
    starts_on = _date("Start date", "the date the agreement starts")
    review_on = _date("Next review", "the date of the next review")
    ends_on = _date("End date (optional)", "the end date", required=False)

    @staticmethod
    def initial_for(agreement: SharingAgreement) -> dict[str, Any]:
        fields = ("title", "purpose", "lawful_basis", "kinds", "starts_on", "review_on", "ends_on")
        return {field: getattr(agreement, field) for field in fields}


class SignatoryForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.filter(is_active=True),
        empty_label="Choose the agency",
        error_messages={
            "required": "Select the agency that signed",
            "invalid_choice": "Select the agency from the list",
        },
    )
    signed_by = forms.CharField(
        label="Signed by",
        max_length=200,
        help_text="The name and post of who signed, for example Chief Constable",
        error_messages={"required": "Enter the name and post of who signed"},
    )
    signed_on = _date("Date signed", "the date it was signed")


class WithdrawForm(forms.Form):
    withdrawn_on = _date("Date withdrawn", "the date the agency withdrew")
