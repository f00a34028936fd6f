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
from concord.indicators.publishing import published

CENT = Decimal("0.01")


def computed_codes(codes: Iterable[str]) -> set[str]:
    """The codes among ``codes`` the indicator engine computes."""
    return {code for code in codes if code in BY_CODE and BY_CODE[code].has_query}


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

    A count goes through the indicators' disclosure control, so a small one is hidden; so
    does a computed percentage, through the numerator and denominator frozen with it (one
    frozen without them is hidden). A figure the provider typed that is not a whole number
    is the provider's own published figure and is shown as typed."""
    return [_protected(code, figures.get(code), (parts or {}).get(code), rule) for code in codes]


def _protected(
    code: str, figure: str | None, part: list[int] | None, rule: DisclosureRule
) -> ShownFigure:
    if part is not None:
        return _protected_share(code, part, rule)
    if figure is None:
        return ShownFigure(code, None, NOT_GIVEN)
    indicator = BY_CODE.get(code)
    if indicator is not None and indicator.unit is not Unit.COUNT:
        return ShownFigure(code, None, HIDDEN_TO_PROTECT)  # a share frozen without its parts
    value = Decimal(figure)
    if value < 0 or value != value.to_integral_value():
        return ShownFigure(code, figure, figure)
    (count,) = published([Result(code, numerator=int(value))], rule)
    return ShownFigure(
        code, None if count.numerator is None else str(count.numerator), count.numerator_text
    )


def _protected_share(code: str, part: list[int], rule: DisclosureRule) -> ShownFigure:
    numerator, denominator = part
    if denominator == 0:
        return ShownFigure(code, None, NONE_KNOWN)
    (share,) = published([Result(code, numerator, denominator, 0)], rule)
    value = None if share.percentage is None else str(share.percentage)
    return ShownFigure(code, value, share.percentage_text or HIDDEN_TO_PROTECT)
