"""What the coordinator's dashboard shows: each measure of concord.marac.measures as a GOV.UK
table row beside its benchmark, referrals by agency, the trend charts, and the period
chosen. Figures here are exact: the coordinator works inside the MARAC (DOMAIN §11); the
quarterly return that leaves it goes through disclosure control (concord.marac.returns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.html import format_html

from concord.core.charts import Chart, Point, trend_chart
from concord.core.forms import DatePartsField
from concord.core.presenters import govuk_date
from concord.domain.disclosure import Percentage, percentage, round_half_up
from concord.domain.periods import (
    Period,
    Quarter,
    financial_year,
    parse_period,
    quarter_of,
    quarters_between,
)
from concord.marac.measures import (
    BENCHMARKS,
    Measures,
    heard_in,
    per_10000_a_year,
    victim_counts,
)
from concord.marac.models import MaracArea

RECENT_QUARTERS = 8
RECENT_YEARS = 3
TREND_QUARTERS = 4
CUSTOM = "custom"


class PeriodForm(forms.Form):
    """A recent quarter or financial year, or any dates."""

    period = forms.ChoiceField(label="Period", required=False)
    first = DatePartsField(label="From", required=False)
    last = DatePartsField(label="To", required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = quarter_of(today)
        quarters = [current.shifted(-back) for back in range(RECENT_QUARTERS)]
        years = [current.year - back for back in range(RECENT_YEARS)]
        self.default = str(current)
        self.fields["period"].choices = [  # type: ignore[attr-defined]
            *((str(quarter), quarter.label) for quarter in quarters),
            *((f"{year}-{(year + 1) % 100:02d}", financial_year(year).label) for year in years),
            (CUSTOM, "The dates below"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == CUSTOM:
            first, last = data.get("first"), data.get("last")
            if first is None or last is None:
                self.add_error("first", "Enter both dates, or choose a quarter or year")
            elif first > last:
                self.add_error("last", "The end of the period cannot be before its start")
        return data

    def chosen(self) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("period") == CUSTOM:
            first, last = data["first"], data["last"]
            return Period(first, last, f"{govuk_date(first)} to {govuk_date(last)}")
        return parse_period(data.get("period") or self.default)


def as_quarter(period: Period) -> Quarter | None:
    """The quarter the period is, when it is exactly one (the return is per quarter)."""
    quarter = quarter_of(period.first)
    return quarter if (quarter.first, quarter.last) == (period.first, period.last) else None


def _count(number: int) -> str:
    return f"{number:,}"


def _share(part: Percentage | None, what: str) -> str:
    if part is None:
        return f"No {what}"
    return f"{part.text} ({part.numerator:,} of {part.denominator:,})"


def _of_heard(number: int, figures: Measures) -> str:
    share = percentage(number, figures.cases_heard)
    return f"{number:,} ({share.text})" if share else "0"


def _exact(share: Percentage | None) -> Fraction | None:
    return share.exact if share is not None else None


def _rate(value: Fraction | None) -> str:
    if value is None:
        return "Population not set"
    return f"{round_half_up(value * 10) / 10:.1f}"


def _status(name: str, exact: Fraction | None) -> dict[str, Any]:
    benchmark = BENCHMARKS[name]
    met = benchmark.met(exact)
    if met is None:
        return {"text": ""}
    colour, words = ("green", "Met") if met else ("red", "Not met")
    return {
        "html": format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)
    }


def _row(
    label: str, figure: str, name: str = "", exact: Fraction | None = None
) -> list[dict[str, Any]]:
    benchmark = BENCHMARKS[name].text if name else ""
    status = _status(name, exact) if name else {"text": ""}
    return [{"text": label}, {"text": figure, "format": "numeric"}, {"text": benchmark}, status]


def measure_rows(figures: Measures) -> list[list[dict[str, Any]]]:
    """Every measure, in the order of DOMAIN §4."""
    repeat, not_heard = figures.repeat_rate, figures.not_heard_rate
    actions, safer = figures.actions_completed_rate, figures.feels_safer_rate
    return [
        _row("Cases heard (repeats included)", _count(figures.cases_heard)),
        _row("Repeat rate", _share(repeat, "cases heard"), "repeat_rate", _exact(repeat)),
        _row(
            "Cases per 10,000 adult females (a year)",
            _rate(figures.cases_per_10000),
            "cases_per_10000",
            figures.cases_per_10000,
        ),
        _row("Children in the households", _count(figures.children)),
        _row("Referrals", _count(figures.referrals)),
        _row(
            "Referrals by partner agencies (not the police)",
            _share(figures.partner_share, "referrals"),
        ),
        _row("Black, Asian and minoritised victims", _of_heard(figures.minoritised, figures)),
        _row("LGBT+ victims", _of_heard(figures.lgbt, figures)),
        _row("Disabled victims", _of_heard(figures.disabled, figures)),
        _row("Male victims", _of_heard(figures.male, figures)),
        _row("Victims aged 16 or 17", _of_heard(figures.aged_16_17, figures)),
        _row(
            "Referrals meeting the criteria not heard by their target date",
            _share(not_heard, "referrals past their target date"),
            "not_heard_rate",
            _exact(not_heard),
        ),
        _row("Referrals waiting: target date not reached yet", _count(figures.waiting)),
        _row(
            "Actions completed on time",
            _share(actions, "actions due"),
            "actions_completed_rate",
            _exact(actions),
        ),
        _row(
            "Victims feeling safer after the MARAC",
            _share(safer, "answers at follow-up"),
            "feels_safer_rate",
            _exact(safer),
        ),
    ]


def agency_rows(figures: Measures) -> list[list[dict[str, Any]]]:
    return [
        [
            {"text": name},
            {"text": "Police" if police else "Partner"},
            {"text": _count(n), "format": "numeric"},
        ]
        for name, police, n in figures.referrals_by_agency
    ]


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    cases_heard: int
    repeats: int
    per_10000: Fraction | None


def trend(area: MaracArea, last: Quarter) -> list[QuarterFigures]:
    """Cases heard and repeats in the quarters up to ``last``: one query a quarter."""
    quarters = quarters_between(last.shifted(1 - TREND_QUARTERS), last)
    found = []
    for quarter in quarters:
        counts = victim_counts(heard_in(area, quarter.first, quarter.last))
        days = (quarter.last - quarter.first).days + 1
        per_10000 = per_10000_a_year(counts["cases_heard"], days, area.adult_female_population)
        found.append(QuarterFigures(quarter, counts["cases_heard"], counts["repeats"], per_10000))
    return found


def trend_charts(figures: list[QuarterFigures]) -> list[Chart]:
    def label(quarter: Quarter) -> str:  # short, to fit under the chart: "Oct to Dec 2026"
        return f"{quarter.first:%b} to {quarter.last:%b %Y}"

    per_10000 = [
        Point(label(f.quarter), float(f.per_10000), _rate(f.per_10000))
        if f.per_10000 is not None
        else Point(label(f.quarter), None, "Population not set")
        for f in figures
    ]
    repeats = []
    for f in figures:
        share = percentage(f.repeats, f.cases_heard)
        repeats.append(
            Point(label(f.quarter), float(share.whole), share.text)
            if share
            else Point(label(f.quarter), None, "No cases heard")
        )
    return [
        trend_chart(
            "Cases heard per 10,000 adult females (a year)",
            per_10000,
            value_heading="Cases per 10,000",
            benchmark=float(BENCHMARKS["cases_per_10000"].value),
            benchmark_label="level SafeLives recommends",
        ),
        trend_chart(
            "Repeat rate",
            repeats,
            value_heading="Repeat rate (%)",
            benchmark=float(BENCHMARKS["repeat_rate"].value),
            benchmark_label="figure for England in 2023",
        ),
    ]
