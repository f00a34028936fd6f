"""The figures a quarterly return freezes when it is submitted. A KPI whose code is an
indicator the engine computes (concord.indicators) gets the engine's figure for the
provider and the quarter; any other KPI (a measure only this contract has) keeps the
figure the provider entered."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from concord.accounts.models import Agency
from concord.indicators import engine
from concord.indicators.catalogue import BY_CODE
from concord.reporting.periods import Quarter

CENT = Decimal("0.01")


def computed_codes(codes: Iterable[str]) -> set[str]:
    """The codes among ``codes`` the indicator engine computes."""
    return {code for code in codes if code in BY_CODE and BY_CODE[code].has_query}


def computed(provider: Agency, quarter: Quarter, codes: Iterable[str]) -> dict[str, Decimal]:
    """The engine's figure for each computed code, exact to two decimal places; a
    percentage with nothing known has no figure."""
    results = engine.compute(sorted(computed_codes(codes)), quarter.period, agency=provider)
    figures = {}
    for result in results:
        value = result.value
        if value is not None:
            exact = Decimal(value.numerator) / Decimal(value.denominator)
            figures[result.code] = exact.quantize(CENT)
    return figures
