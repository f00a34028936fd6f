"""Forms of the strategy pages: the strategy and its objectives, a year's plan and its
filters, an action, an update and its decision, the annual refresh, a self-assessment, and a
catalogue indicator's baseline and target (also used by the reports page)."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.core.forms import DatePartsField
from concord.domain.delivery import ACTION_STATUS_CHOICES
from concord.domain.periods import parse_financial_year


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one file input (Django's documented recipe)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class FinancialYearField(forms.CharField):
    """A financial year written like 2008-09, cleaned to the calendar year it starts in."""

    def __init__(self, *, label: str, what: str, **kwargs: Any) -> None:
        self.what = what
        super().__init__(
            label=label,
            max_length=7,
            help_text="For example, 2008-09",
            widget=forms.TextInput(attrs={"classes": "govuk-input--width-5"}),
            error_messages={"required": f"Enter {what}"},
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return f"{value}-{(value + 1) % 100:02d}"
        return value

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        start_year = parse_financial_year(text)
        if start_year is None:
            raise forms.ValidationError(f"Enter {self.what} like 2008-09")
        return start_year


def _figure(label: str, what: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number",
            "min_value": f"Enter {what} of 0 or more",
            "max_digits": f"Enter {what} with at most 10 digits before the point",
            "max_decimal_places": f"Enter {what} with at most 2 decimal places",
        },
    )


class StrategyTargetForm(forms.Form):
    baseline_year = FinancialYearField(label="Baseline year", what="the baseline's year")
    baseline = _figure("Baseline", "the baseline")
    target_year = FinancialYearField(label="Target year", what="the target's year")
    target = _figure("Target", "the target")


def _text(label: str, what: str, *, max_length: int = 300, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


def _area(label: str, what: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": f"Enter {what}"},
        **kwargs,
    )


class StrategyForm(forms.Form):
    title = _text("Title", "the strategy's title", max_length=200)
    first_year = FinancialYearField(label="First financial year", what="the first year")
    last_year = FinancialYearField(label="Last financial year", what="the last year")
    principles = _area(
        "Principles and priorities",
        "the principles",
        required=False,
        help_text="One a line",
    )
    assessment_scale = _area(
        "Self-assessment scale",
        "the self-assessment scale",
        help_text="One rating a line, worst first",
    )

    def clean_assessment_scale(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["assessment_scale"].splitlines()
            if line.strip()
        ]


class ObjectiveForm(forms.Form):
    reference = _text(
        "Reference",
        "the objective's reference",
        max_length=20,
        help_text='For example "1" or "2.3"',
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-5"}),
    )
    title = _text("Objective", "the objective")
    description = _area("Description", "a description", required=False)
    position = forms.IntegerField(
        label="Order on the page",
        min_value=0,
        max_value=999,
        initial=0,
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the order as a number",
            "invalid": "Enter the order as a number",
            "min_value": "Enter an order of 0 or more",
            "max_value": "Enter an order of 999 or less",
        },
    )


class StartPlanForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)


class PlanFilterForm(forms.Form):
    """The plan's filters, from the query string; a bad value is ignored."""

    status = forms.ChoiceField(label="Status", required=False)
    objective = forms.ChoiceField(label="Objective", required=False)
    lead_agency = forms.ChoiceField(label="Lead agency", required=False)
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(
        self,
        *args: Any,
        objectives: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Any status"), *ACTION_STATUS_CHOICES]  # type: ignore[attr-defined]
        self.fields["objective"].choices = [("", "Any objective"), *objectives]  # type: ignore[attr-defined]
        self.fields["lead_agency"].choices = [("", "Any agency"), *agencies]  # type: ignore[attr-defined]

    def chosen(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ActionForm(forms.Form):
    objective = forms.ChoiceField(
        label="Objective", error_messages={"required": "Choose the objective"}
    )
    reference = _text(
        "Reference",
        "the action's reference",
        max_length=20,
        help_text='For example "1.2"',
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-5"}),
    )
    title = _text("Action", "what the action is")
    description = _area("Description", "a description", required=False)
    lead = forms.ChoiceField(
        label="Lead",
        help_text="The person who reports on the action",
        error_messages={"required": "Choose the lead"},
    )
    lead_agency = forms.ChoiceField(
        label="Lead agency", error_messages={"required": "Choose the lead agency"}
    )
    partners = forms.MultipleChoiceField(
        label="Partner agencies", required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = DatePartsField(
        label="Start date",
        help_text="For example, 1 4 2026",
        error_messages={"required": "Enter the start date"},
    )
    due_on = DatePartsField(
        label="Due date",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter the due date"},
    )
    indicators = forms.MultipleChoiceField(
        label="Linked indicators",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Indicators from the catalogue the action is meant to move",
    )

    def __init__(
        self,
        *args: Any,
        objectives: list[tuple[str, str]],
        leads: list[tuple[str, str]],
        agencies: list[tuple[str, str]],
        indicators: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [("", "Choose an objective"), *objectives]  # type: ignore[attr-defined]
        self.fields["lead"].choices = [("", "Choose a person"), *leads]  # type: ignore[attr-defined]
        self.fields["lead_agency"].choices = [("", "Choose an agency"), *agencies]  # type: ignore[attr-defined]
        self.fields["partners"].choices = agencies  # type: ignore[attr-defined]
        self.fields["indicators"].choices = indicators  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", "The due date must be the same as or after the start date")
        return cleaned


class TargetsForm(forms.Form):
    """The baseline and target of each linked indicator that has none yet: four fields an
    indicator, all empty to leave it for later."""

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for code, _title in indicators:
            for name, field in StrategyTargetForm.base_fields.items():
                copy = field.__class__.__new__(field.__class__)
                copy.__dict__ = {**field.__dict__, "required": False}
                copy.widget = field.widget.__class__(attrs=dict(field.widget.attrs))
                self.fields[f"{code}__{name}"] = copy

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        return [
            (code, title, [self[f"{code}__{name}"] for name in StrategyTargetForm.base_fields])
            for code, title in self.indicators
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code, _title in self.indicators:
            names = [f"{code}__{name}" for name in StrategyTargetForm.base_fields]
            given = [name for name in names if cleaned.get(name) not in (None, "")]
            if given and len(given) < len(names):
                for name in names:
                    if name not in given and name not in self.errors:
                        self.add_error(name, "Enter all four, or leave all four empty")
        return cleaned

    def targets(self) -> dict[str, dict[str, Any]]:
        """The complete baselines and targets by indicator code."""
        found: dict[str, dict[str, Any]] = {}
        for code, _title in self.indicators:
            values = {
                name: self.cleaned_data.get(f"{code}__{name}")
                for name in StrategyTargetForm.base_fields
            }
            if all(value not in (None, "") for value in values.values()):
                found[code] = values
        return found


class UpdateForm(forms.Form):
    written_on = DatePartsField(
        label="Date of the update",
        help_text="For example, 1 9 2026",
        error_messages={"required": "Enter the date of the update"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ACTION_STATUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    progress = _area(
        "Progress",
        "the progress made",
        help_text="What has been done, and why the status is what it is",
    )
    evidence_files = MultipleFileField(
        label="Evidence files",
        required=False,
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument text, PNG or JPEG",
    )
    links = forms.CharField(
        label="Evidence links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One https:// link a line",
    )

    def clean_links(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: the action's status becomes the update's"),
            ("return", "Return it to the lead"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or return the update"},
    )
    reason = forms.CharField(
        label="Why it is returned",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if you return it",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "return" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the update is returned to the lead")
        return cleaned


class RefreshForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I want to carry the open actions into next year's plan",
        error_messages={"required": "Confirm you want to refresh the plan"},
    )


class AssessmentForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Rating",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating"},
    )
    reasons = _area("Reasons", "the reasons for the rating")
    evidence = _area(
        "Evidence",
        "the evidence",
        required=False,
        help_text="What shows it: reports, figures, links",
    )

    def __init__(self, *args: Any, scale: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = list(enumerate(scale))  # type: ignore[attr-defined]
