"""Forms of the risk register: a risk, closing it, and which risks to list."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.accounts.models import Membership
from concord.core.forms import DatePartsField
from concord.domain.delivery import LEVEL_CHOICES
from concord.strategy.models import Risk
from concord.strategy.risks import Show, owner_choices


class OwnerField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.full_name}, {obj.agency.name} ({obj.role_label})"


def _level(label: str, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select {what}", "invalid_choice": f"Select {what}"},
    )


class RiskForm(forms.Form):
    title = forms.CharField(
        label="Risk", max_length=300, error_messages={"required": "Enter the risk"}
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What could happen and what would follow",
    )
    likelihood = _level("Likelihood", "how likely the risk is")
    impact = _level("Impact", "how great its impact would be")
    owner = OwnerField(
        label="Owner",
        queryset=Membership.objects.none(),
        empty_label="Choose the owner",
        error_messages={
            "required": "Select the risk's owner",
            "invalid_choice": "Select the risk's owner from the list",
        },
    )
    controls = forms.CharField(
        label="Controls",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What is in place, or planned, to make the risk less likely or less harmful",
        error_messages={"required": "Enter the controls in place"},
    )
    review_on = DatePartsField(
        label="Next review",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter the date of the next review"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(risk: Risk) -> dict[str, Any]:
        fields = ("title", "description", "likelihood", "impact", "controls", "review_on")
        initial = {field: getattr(risk, field) for field in fields}
        owner = owner_choices().filter(user=risk.owner, agency=risk.owner_agency).first()
        initial["owner"] = owner.pk if owner else None
        return initial


class CloseRiskForm(forms.Form):
    closed_on = DatePartsField(
        label="Date closed", error_messages={"required": "Enter the date the risk closed"}
    )
    closed_because = forms.CharField(
        label="Why is the risk closed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the risk is closed"},
    )


class ShowForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[(show.value, show.label) for show in Show],
    )

    def chosen(self) -> Show:
        if self.is_bound and self.is_valid() and self.cleaned_data["show"]:
            return Show(self.cleaned_data["show"])
        return Show.OPEN
