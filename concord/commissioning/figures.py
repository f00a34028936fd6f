"""The figures a quarterly return freezes when it is submitted. A KPI whose code is an
indicator the engine computes (concord.indicators) gets the engine's figure for the
provider and the quarter; any other KPI (a measure only this contract has) keeps the
figure the provider entered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from concord.accounts.models import Agency
from concord.domain.disclosure import HIDDEN_TO_PROTECT, DisclosureRule
from concord.domain.periods import Quarter
from concord.indicators import engine
from concord.indicators.catalogue import BY_CODE, Unit
from concord.indicators.engine import Result
from concord.indicators.publishing import PublishedFigure, published

CENT = Decimal("0.01")


def computed_codes(codes: Iterable[str]) -> set[str]:
    """The codes among ``codes`` the indicator engine computes."""
    return {code for code in codes if code in BY_CODE}


@dataclass(frozen=True)
class Frozen:
    """What submission freezes: each computed code's figure, exact to two decimal places
    (a percentage with nothing known has none), and each percentage's numerator and
    denominator, so that disclosure control can judge it later."""

    figures: dict[str, Decimal]
    parts: dict[str, list[int]]


def computed(provider: Agency, quarter: Quarter, codes: Iterable[str]) -> Frozen:
    results = engine.compute(sorted(computed_codes(codes)), quarter.period, agency=provider)
    frozen = Frozen({}, {})
    for result in results:
        value = result.value
        if value is not None:
            exact = Decimal(value.numerator) / Decimal(value.denominator)
            frozen.figures[result.code] = exact.quantize(CENT)
        if result.denominator is not None:
            frozen.parts[result.code] = [result.numerator, result.denominator]
    return frozen


# A return's figures as they may be shown ----------------------------------------------------

NOT_GIVEN = "Not given"
NONE_KNOWN = "None known"


@dataclass(frozen=True)
class ShownFigure:
    """One KPI's figure as it may be shown: ``value`` the exact decimal (or the protected
    count) as text, None when hidden or not given; ``text`` what to print."""

    code: str
    value: str | None
    text: str


def exact_figures(figures: Mapping[str, str], codes: Iterable[str]) -> list[ShownFigure]:
    """The provider's own view: every figure as frozen."""
    return [
        ShownFigure(code, figures[code], figures[code])
        if code in figures
        else ShownFigure(code, None, NOT_GIVEN)
        for code in codes
    ]


def protected_figures(
    figures: Mapping[str, str],
    codes: Iterable[str],
    rule: DisclosureRule,
    parts: Mapping[str, list[int]] | None = None,
) -> list[ShownFigure]:
    """The figures as they may be shown once they have left the provider (DOMAIN §11).

    The return's counts and computed percentages (through the numerator and denominator
    frozen with them) go through the indicators' disclosure control together, as one
    output, so a small count is hidden and cannot be worked out from the return's other
    figures. A computed percentage frozen without its parts is hidden. A figure the provider
    typed that is not a whole number is the provider's own published figure and is shown
    as typed."""
    parts = parts or {}
    chosen = list(codes)
    results = [
        result
        for code in chosen
        if (result := _result(code, figures.get(code), parts.get(code))) is not None
    ]
    found = {figure.code: figure for figure in published(results, rule)}
    return [_shown(code, figures.get(code), parts.get(code), found.get(code)) for code in chosen]


def _result(code: str, figure: str | None, part: list[int] | None) -> Result | None:
    """What disclosure control protects of a figure: None when it is not a count or a
    percentage with its parts."""
    if part is not None:
        numerator, denominator = part
        return Result(code, numerator, denominator, 0) if denominator else None
    if figure is None or _is_share(code):
        return None
    value = Decimal(figure)
    if value < 0 or value != value.to_integral_value():
        return None
    return Result(code, numerator=int(value))


def _is_share(code: str) -> bool:
    indicator = BY_CODE.get(code)
    return indicator is not None and indicator.unit is not Unit.COUNT


def _shown(
    code: str, figure: str | None, part: list[int] | None, protected: PublishedFigure | None
) -> ShownFigure:
    if part is not None:
        if protected is None:
            return ShownFigure(code, None, NONE_KNOWN)
        value = None if protected.percentage is None else str(protected.percentage)
        return ShownFigure(code, value, protected.percentage_text or HIDDEN_TO_PROTECT)
    if figure is None:
        return ShownFigure(code, None, NOT_GIVEN)
    if _is_share(code):
        return ShownFigure(code, None, HIDDEN_TO_PROTECT)  # a share frozen without its parts
    if protected is None:
        return ShownFigure(code, figure, figure)  # typed by the provider, not a count
    shown = protected.numerator
    return ShownFigure(code, None if shown is None else str(shown), protected.numerator_text)
