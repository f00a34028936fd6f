"""Forms of the linkage pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms

from concord.linkage.models import ReviewPair
from concord.linkage.services import RunSettings


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


def _largest_person(*, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label="Largest person",
        required=required,
        min_value=2,
        max_value=1000,
        help_text=(
            "A person with more records than this is checked again at a higher threshold, "
            "and the pairs cut go to review"
        ),
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the largest number of records one person may have",
            "invalid": "Enter the largest person as a whole number, like 20",
            "min_value": "Enter a largest person of 2 records or more",
            "max_value": "Enter a largest person of 1,000 records or fewer",
        },
    )


def _note(label: str) -> forms.CharField:
    """A short note beside a decision: never a place for identifiers."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=300,
        help_text="Never type a name or any other identifier here",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the note to 300 characters or fewer"},
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
    max_cluster_size = _largest_person(required=False)  # blank: the calibration's
    retrain = forms.BooleanField(
        label="Train the model again on today's records",
        required=False,
        help_text="Otherwise the last trained model is reused",
    )

    def __init__(self, *args: Any, start: RunSettings, **kwargs: Any) -> None:
        """``start``: the values offered, the latest calibration's (or the defaults)."""
        kwargs.setdefault("initial", asdict(start))
        super().__init__(*args, **kwargs)


class CalibrationForm(forms.Form):
    threshold = _probability(
        "Automatic-link threshold",
        "the automatic-link threshold",
        "Pairs of records scored at or above it are linked as one person without review",
    )
    review_floor = _probability(
        "Review from",
        "where review starts",
        "Pairs scored from here up to the threshold go to the review queue",
    )
    max_cluster_size = _largest_person()
    note = _note("Why these values (optional)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        threshold, floor = cleaned.get("threshold"), cleaned.get("review_floor")
        if threshold is not None and floor is not None and floor >= threshold:
            self.add_error("review_floor", "Start the review band below the threshold")
        return cleaned


class QueueFilterForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why queued",
        required=False,
        choices=[("", "Every reason"), *ReviewPair.Reason.choices],
    )


class DecisionForm(forms.Form):
    same = forms.TypedChoiceField(
        label="Are these the same person?",
        choices=[("yes", "Yes, the same person"), ("no", "No, different people")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    note = _note("Why (optional)")


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
