"""Indicator results as they may leave a service (DOMAIN §11): each indicator's numerators,
denominators and not-known counts (one per breakdown group, with their total) protected as
a series, and percentages worked out from the numbers as shown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from uuid import UUID

import rules

from concord.accounts.models import Membership
from concord.domain.disclosure import (
    Cell,
    DisclosureRule,
    ProtectedSeries,
    protect_series,
    protected_percentage,
)
from concord.indicators.engine import Result

#: Breakdowns by the most sensitive characteristics hide more (the sensitive threshold).
SENSITIVE_DISAGGREGATIONS = frozenset({"ethnicity_group", "disability", "sexual_orientation"})
TOTAL = "total"


@dataclass(frozen=True)
class PublishedFigure:
    """One line of an indicator: a group (or "total") with its numbers as they may be shown
    (``None`` when hidden) and the text to print."""

    code: str
    group: str | None
    numerator: int | None
    numerator_text: str
    denominator: int | None
    denominator_text: str | None
    not_known: int | None
    not_known_text: str | None
    percentage: int | None
    percentage_text: str | None


def sees_exact_figures(membership: Membership, agency_id: UUID | None) -> bool:
    """Practitioners and managers see their own agency's figures exactly; any other figure
    the member may see has left its service and is protected (DOMAIN §11)."""
    own_role = rules.test_rule("indicators.view_own_figures", membership)
    return own_role and agency_id is not None and membership.agency_id == agency_id


def is_sensitive(disaggregation: str | None) -> bool:
    return disaggregation in SENSITIVE_DISAGGREGATIONS


def published(results: Sequence[Result], rule: DisclosureRule) -> list[PublishedFigure]:
    """Every indicator's results (in the engine's order) protected by ``rule``."""
    figures: list[PublishedFigure] = []
    for _, lines in groupby(results, key=lambda result: result.code):
        figures.extend(_published_indicator(list(lines), rule))
    return figures


def _published_indicator(lines: list[Result], rule: DisclosureRule) -> list[PublishedFigure]:
    numerators = protect_series([line.numerator for line in lines], rule)
    is_share = lines[0].denominator is not None
    denominators = _series([line.denominator for line in lines], rule) if is_share else None
    not_known = _series([line.not_known for line in lines], rule) if is_share else None
    groups = [line.group for line in lines]
    broken_down = groups != [None]
    positions: list[tuple[str | None, int | None]] = list(
        zip(groups, range(len(lines)), strict=True)
    )
    if broken_down:
        positions.append((TOTAL, None))
    return [
        _figure(
            lines[0].code,
            group,
            _at(numerators, index),
            _at(denominators, index) if denominators else None,
            _at(not_known, index) if not_known else None,
        )
        for group, index in positions
    ]


def _series(counts: list[int | None], rule: DisclosureRule) -> ProtectedSeries:
    return protect_series([count or 0 for count in counts], rule)


def _at(series: ProtectedSeries, index: int | None) -> Cell:
    return series.total if index is None else series.cells[index]


def _figure(
    code: str, group: str | None, numerator: Cell, denominator: Cell | None, not_known: Cell | None
) -> PublishedFigure:
    share = protected_percentage(numerator, denominator) if denominator else None
    return PublishedFigure(
        code=code,
        group=group,
        numerator=numerator.shown,
        numerator_text=numerator.text,
        denominator=denominator.shown if denominator else None,
        denominator_text=denominator.text if denominator else None,
        not_known=not_known.shown if not_known else None,
        not_known_text=not_known.text if not_known else None,
        percentage=share.percentage.whole if share and share.percentage else None,
        percentage_text=share.text if share else None,
    )
