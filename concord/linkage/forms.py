"""Forms of the linkage pages."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.linkage.services import DEFAULT_REVIEW_FLOOR, DEFAULT_THRESHOLD


def _probability(label: str, what: str, help_text: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        min_value=0.01,
        max_value=0.99,
        help_text=help_text,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-4", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number, like 0.9",
            "min_value": f"Enter {what} from 0.01 to 0.99",
            "max_value": f"Enter {what} from 0.01 to 0.99",
        },
    )


class RunForm(forms.Form):
    threshold = _probability(
        "Match threshold",
        "the match threshold",
        "Pairs of records scored at or above it are linked as one person",
    )
    review_floor = _probability(
        "Review from",
        "where review starts",
        "Pairs scored from here up to the threshold go to the review queue",
    )
    retrain = forms.BooleanField(
        label="Train the model again on today's records",
        required=False,
        help_text="Otherwise the last trained model is reused",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"threshold": DEFAULT_THRESHOLD, "review_floor": DEFAULT_REVIEW_FLOOR}
        )
        super().__init__(*args, **kwargs)


class DecisionForm(forms.Form):
    same = forms.TypedChoiceField(
        label="Are these the same person?",
        choices=[("yes", "Yes, the same person"), ("no", "No, different people")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=300,
        help_text="Never type a name or any other identifier here",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the note to 300 characters or fewer"},
    )


class SplitForm(forms.Form):
    identities = forms.MultipleChoiceField(
        label="Records to split off as another person",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the records that are not this person",
            "invalid_choice": "Select the records that are not this person",
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["identities"].choices = choices  # type: ignore[attr-defined]
