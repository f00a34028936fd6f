"""The questionnaire's answers as a form of GOV.UK radios, built from the questions asked at
one stage (a 0 to 10 scale as eleven radios in a row), and the choice of stage for a link."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.core.forms import DatePartsField
from concord.outcomes.models import QuestionnaireQuestion
from concord.outcomes.questionnaires import SCALE, SCALE_RANGE
from concord.outcomes.services import Stage
from concord.outcomes.stages import stage_key


def _question_field(question: QuestionnaireQuestion) -> forms.ChoiceField:
    if question.kind == SCALE:
        choices = [(str(n), str(n)) for n in SCALE_RANGE]
        widget = forms.RadioSelect(attrs={"classes": "govuk-radios--inline"})
    else:
        choices = [(value, label) for value, label in question.choices]
        widget = forms.RadioSelect()
    problem = f"Select an answer to question {question.number}"
    return forms.ChoiceField(
        label=f"{question.number}. {question.label}",
        help_text=question.hint,
        choices=choices,
        widget=widget,
        error_messages={"required": problem, "invalid_choice": problem},
    )


class AnswersForm(forms.Form):
    """Every question asked at the stage needs an answer."""

    def __init__(
        self,
        data: Any = None,
        *,
        questions: list[QuestionnaireQuestion],
        with_date: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.questions = questions
        if with_date:
            self.fields["answered_on"] = DatePartsField(
                label="Date the questions were answered",
                error_messages={"required": "Enter the date the questions were answered"},
            )
        for question in questions:
            self.fields[question.code] = _question_field(question)

    def answers(self) -> dict[str, Any]:
        """The answers by question code: a scale's as a whole number."""
        return {
            question.code: int(self.cleaned_data[question.code])
            if question.kind == SCALE
            else self.cleaned_data[question.code]
            for question in self.questions
        }


class LinkForm(forms.Form):
    stage = forms.ChoiceField(
        label="Which questions should the link ask?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which questions the link should ask",
            "invalid_choice": "Select which questions the link should ask",
        },
    )

    def __init__(self, data: Any = None, *, stages: list[Stage], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.stages = {stage_key(s.stage, s.months): s for s in stages}
        self.fields["stage"].choices = [(key, s.label) for key, s in self.stages.items()]  # type: ignore[attr-defined]

    def chosen(self) -> Stage:
        return self.stages[self.cleaned_data["stage"]]
