"""Forms of the strategy pages: the strategy and its objectives, a year's plan and its
filters, an action, an update and its decision, the annual refresh, a self-assessment, and a
catalogue indicator's baseline and target (also used by the reports page)."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.domain.periods import parse_financial_year


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
