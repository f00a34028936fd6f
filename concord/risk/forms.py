"""Forms for risk assessment. Each page posts one form; concord.risk.services checks the
rules (every question answered to finish, judgement only raising the level)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet

from concord.core.forms import DatePartsField
from concord.risk.dash import ANSWER_LABELS, Level
from concord.risk.models import COMMENT_LENGTH, REASSESSMENT_REASONS, Instrument, Question

INLINE_RADIOS = forms.RadioSelect(attrs={"classes": "govuk-radios--inline"})


class StartForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label="Checklist",
        queryset=Instrument.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select a checklist", "invalid_choice": "Select a checklist"},
    )
    reason = forms.ChoiceField(
        label="Why assess the risk again",
        choices=REASSESSMENT_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why", "invalid_choice": "Select why"},
    )

    def __init__(
        self, *args: Any, instruments: QuerySet[Instrument], reassessing: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
        if not reassessing:
            del self.fields["reason"]


class SectionForm(forms.Form):
    """One section of a checklist: yes, no or don't know for each question, each with an
    optional comment. A question left unanswered is not asked yet; every one must be
    answered to finish."""

    COMMENT = "_comment"

    def __init__(
        self,
        *args: Any,
        questions: Iterable[Question],
        answers: Mapping[str, str],
        comments: Mapping[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.codes: list[str] = []
        for question in questions:
            self.codes.append(question.code)
            self.fields[question.code] = forms.ChoiceField(
                label=f"{question.number}. {question.label}",
                help_text=question.help_text,
                choices=list(ANSWER_LABELS.items()),
                required=False,
                initial=answers.get(question.code),
                widget=INLINE_RADIOS,
                error_messages={"invalid_choice": "Select yes, no or don't know"},
            )
            self.fields[question.code + self.COMMENT] = forms.CharField(
                label=f"Comment on question {question.number} (optional)",
                required=False,
                max_length=COMMENT_LENGTH,
                initial=comments.get(question.code, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"A comment can be no longer than {COMMENT_LENGTH} characters"
                },
            )

    def answers(self) -> dict[str, str]:
        """The questions answered on this page (a blank leaves an earlier answer alone)."""
        return {code: self.cleaned_data[code] for code in self.codes if self.cleaned_data[code]}

    def comments(self) -> dict[str, str]:
        """Every comment on this page: a blank one removes an earlier comment."""
        return {code: self.cleaned_data[code + self.COMMENT] for code in self.codes}


class JudgementForm(forms.Form):
    level = forms.ChoiceField(
        label="The level your judgement sets",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a level", "invalid_choice": "Select a level"},
    )
    concerns = forms.CharField(
        label="Your concerns",
        help_text="What you know or saw that the checklist does not show",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Write down your concerns"},
    )

    def __init__(self, *args: Any, current: Level, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        higher = [(level.value, level.label) for level in Level if level.rank > current.rank]
        self.fields["level"].choices = higher  # type: ignore[attr-defined]


class IncidentForm(forms.Form):
    occurred_on = DatePartsField(
        label="Date of the incident",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the incident"},
    )
    reported_to_police = forms.TypedChoiceField(
        label="Was it reported to the police?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=INLINE_RADIOS,
        error_messages={"required": "Select yes or no", "invalid_choice": "Select yes or no"},
    )
    description = forms.CharField(
        label="What happened, briefly",
        help_text="No more than 200 characters. Do not write addresses",
        required=False,
        max_length=200,
    )
