"""Forms of the report pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from concord.core.forms import DatePartsField
from concord.domain.periods import (
    Period,
    Quarter,
    date_range,
    financial_year_label,
    financial_year_of,
    parse_financial_year,
    parse_period,
    parse_quarter,
    quarter_of,
)

PACK_QUARTERS_OFFERED = 8
REVERSED = "The end date must be the same as or after the start date"


class DatesForm(forms.Form):
    """A period's choice from a list, or any range of days: both dates given, the end not
    before the start."""

    start = DatePartsField(label="Start date", required=False, help_text="For example, 1 9 2012")
    end = DatePartsField(label="End date", required=False, help_text="For example, 31 12 2012")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if start and not end:
            self.add_error("end", "Enter the end date, or leave both dates empty")
        elif end and not start:
            self.add_error("start", "Enter the start date, or leave both dates empty")
        elif start and end and end < start:
            self.add_error("end", REVERSED)
        return cleaned

    def dates(self) -> Period | None:
        """The range of days chosen, or None (none chosen, or the form not valid)."""
        if not self.is_valid():
            return None
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        return date_range(start, end) if start and end else None


FINANCIAL_YEARS_OFFERED = 4
QUARTERS_OFFERED = 8


class PartnershipPeriodForm(DatesForm):
    """A financial year or a quarter of the partnership data report, or any range of days;
    the current financial year when none is chosen or the choice is not valid."""

    period = forms.ChoiceField(
        label="Period",
        required=False,
        error_messages={"invalid_choice": "Choose a financial year or a quarter from the list"},
    )

    field_order = ("period", "start", "end")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = financial_year_of(today)
        latest = quarter_of(today)
        self.default = financial_year_code(year)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            (
                "Financial years",
                [
                    (financial_year_code(y), f"{financial_year_label(y)} (April to March)")
                    for y in range(year, year - FINANCIAL_YEARS_OFFERED, -1)
                ],
            ),
            (
                "Quarters",
                [(str(q), q.label) for q in (latest.shifted(-n) for n in range(QUARTERS_OFFERED))],
            ),
        ]

    def period_code(self) -> str:
        """The chosen year or quarter as typed ("2024-25"), or the days' code."""
        if (dates := self.dates()) is not None:
            return dates.code
        chosen = self.cleaned_data.get("period") if self.is_valid() else ""
        return chosen or self.default

    def chosen(self) -> Period:
        return self.dates() or parse_period(self.period_code())


def financial_year_code(start_year: int) -> str:
    """A financial year as written in periods: "2024-25"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


class PackPeriodForm(DatesForm):
    """The performance pack's period: a quarter, or any range of days; the last quarter
    that has ended when none is chosen or the choice is not valid."""

    period = forms.ChoiceField(
        label="Quarter",
        required=False,
        error_messages={"invalid_choice": "Choose a quarter from the list"},
    )
    field_order = ("period", "start", "end")

    def __init__(self, *args: Any, latest: Quarter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            (str(q), q.label) for q in (latest.shifted(-n) for n in range(PACK_QUARTERS_OFFERED))
        ]

    def chosen(self) -> Period:
        if (dates := self.dates()) is not None:
            return dates
        chosen = self.cleaned_data.get("period") if self.is_valid() else ""
        return parse_quarter(chosen).period if chosen else self.latest.period


def period_query(period: Period) -> dict[str, str]:
    """The page's query for ``period``: its quarter when it is one, else its two dates."""
    if period.quarter is not None:
        return {"period": str(period.quarter)}
    return {
        f"{name}-{part}": str(getattr(day, part))
        for name, day in (("start", period.first), ("end", period.last))
        for part in ("day", "month", "year")
    }


class NeedsYearForm(forms.Form):
    """The last of the needs-assessment pack's three financial years; the current one when
    none is chosen or the choice is not valid."""

    year = forms.ChoiceField(
        label="The three financial years ending with",
        required=False,
        error_messages={"invalid_choice": "Choose a financial year from the list"},
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = financial_year_of(today)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (financial_year_code(y), f"{financial_year_label(y)} (April to March)")
            for y in range(self.current, self.current - FINANCIAL_YEARS_OFFERED, -1)
        ]

    def latest(self) -> int:
        """The chosen year, by the calendar year it starts in."""
        chosen = self.cleaned_data.get("year") if self.is_valid() else ""
        return parse_financial_year(chosen or "") or self.current


BOARD_PACK_QUARTERS_OFFERED = 6
BOARD_PACK_YEARS_OFFERED = 3


class BoardPackForm(forms.Form):
    """The period of a board pack to generate: one of the last quarters, or a financial
    year; the last quarter that has ended is chosen to begin with."""

    period = forms.ChoiceField(
        label="Period",
        help_text="A quarter for the quarterly pack, or a financial year for the annual pack",
        error_messages={
            "required": "Choose the quarter or the financial year of the pack",
            "invalid_choice": "Choose a quarter or a financial year from the list",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = quarter_of(today)
        ended = current.previous()
        year = financial_year_of(today)
        self.fields["period"].initial = str(ended)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            (
                "Quarters",
                [
                    (str(q), f"{q.label}{' (so far)' if q == current else ''}")
                    for q in (current.shifted(-n) for n in range(BOARD_PACK_QUARTERS_OFFERED))
                ],
            ),
            (
                "Financial years",
                [
                    (
                        financial_year_code(y),
                        f"{financial_year_label(y)}{' (so far)' if y == year else ''}",
                    )
                    for y in range(year, year - BOARD_PACK_YEARS_OFFERED, -1)
                ],
            ),
        ]
