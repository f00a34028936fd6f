"""The catalogue's declarations for disclosure control name real figures: a link or a
period rule naming nothing would protect nothing, silently."""

from __future__ import annotations

import pytest

from concord.indicators.catalogue import (
    ADDITIVE_OVER_TIME,
    BY_CODE,
    DISTINCT_OVER_TIME,
    INDICATORS,
    LINKS,
    Unit,
)

POPULATIONS = {i.source.population for i in INDICATORS if i.source and i.source.population}


def _names_a_figure(term: str) -> bool:
    if term.startswith("population:"):
        return term.removeprefix("population:") in POPULATIONS
    code, _, figure = term.partition(".")
    indicator = BY_CODE.get(code)
    if indicator is None:
        return False
    shares = ("numerator", "denominator", "not_known")
    return figure in (shares if indicator.unit == Unit.PERCENTAGE else ("numerator",))


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.whole)
def test_every_link_names_figures_the_catalogue_publishes(link):
    assert [t for t in (link.whole, *link.parts) if not _names_a_figure(t)] == []


def test_every_indicator_over_time_is_in_the_catalogue_once():
    assert set() == ADDITIVE_OVER_TIME & DISTINCT_OVER_TIME
    assert (ADDITIVE_OVER_TIME | DISTINCT_OVER_TIME) - BY_CODE.keys() == set()


def test_every_population_is_shared_or_linked():
    """A population named by one source only, and linked to nothing, says nothing."""
    linked = {t for link in LINKS for t in (link.whole, *link.parts)}
    for population in POPULATIONS:
        counted = [i for i in INDICATORS if i.source and i.source.population == population]
        assert len(counted) > 1 or f"population:{population}" in linked, population
