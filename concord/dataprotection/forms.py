"""The forms of the data-protection pages."""

from __future__ import annotations

from typing import Any

from django import forms

DECISIONS = (("approve", "Approve for anonymising"), ("hold", "Hold: keep the records for now"))


class DecisionForm(forms.Form):
    """A manager's decision on one or more people due for review."""

    reviews = forms.MultipleChoiceField(
        label="People to decide on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one person"},
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or hold"},
    )
    reason = forms.CharField(
        label="Why hold the records? (for a hold)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a complaint or legal proceedings still open",
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviews"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "hold" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the records are held")
        return cleaned


class SubjectAccessForm(forms.Form):
    """Whether the export shows third parties' details (withheld unless chosen)."""

    include_third_parties = forms.BooleanField(
        label="Include details about other people (only if the reviewer decided they may "
        "be disclosed)",
        required=False,
    )
