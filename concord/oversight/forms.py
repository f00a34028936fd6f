from __future__ import annotations

from typing import Any

from django import forms

from concord.accounts.models import Agency
from concord.oversight.models import BreakGlassReason


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What did you find or do?",
        help_text="For example: checked with the worker, the records were on their caseload.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter what you found or did about this alert"},
    )


class BreakGlassForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Which agency holds the record?",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that holds the record"},
    )
    case_reference = forms.CharField(
        label="Their case reference",
        help_text="The reference the agency gives the person's case",
        max_length=20,
        error_messages={"required": "Enter the case reference"},
    )
    reason = forms.ChoiceField(
        label="Why do you need to see this record now?",
        choices=BreakGlassReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you need to see this record now"},
    )
    explanation = forms.CharField(
        label="Explain why this cannot wait for a referral",
        help_text="The agency's managers are told at once and read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Explain why this cannot wait for a referral"},
    )

    def __init__(self, *args: Any, own_agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(is_active=True).exclude(pk=own_agency.pk)
