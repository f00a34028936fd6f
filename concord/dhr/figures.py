"""What is shown of homicide reviews outside their panels (DOMAIN §16): the deaths notified
per financial year by kind, the strategy's count, through disclosure control; and each
review's recommendations counted by reference. The list page, the API and the board pack
read these, so each says the same; none of them reads an initial, a name or a relationship.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from concord.accounts.models import User
from concord.dhr.models import DeathKind, Decision, Review, ReviewQuerySet
from concord.domain.disclosure import DisclosureRule, ProtectedTable, protect_table
from concord.domain.periods import financial_year_label, financial_year_of

KINDS = tuple(DeathKind)
#: Figures shown as they are, to someone who sits on the panel of every review counted.
EXACT = DisclosureRule(threshold=1)


@dataclass(frozen=True)
class DeathCounts:
    """Deaths notified, a row per financial year (oldest first), a column per kind."""

    years: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]

    def protected(self, rule: DisclosureRule) -> ProtectedTable | None:
        """The counts with their totals, small ones hidden by ``rule``; None when no death
        has been notified."""
        return protect_table(self.counts, rule) if self.years else None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(financial_year_label(year) for year in self.years)


def deaths_by_year(reviews: ReviewQuerySet, today: date) -> DeathCounts:
    """Every financial year from the first notification to this one, none left out (a year
    without deaths shows 0, not a gap)."""
    notified = Counter(
        (financial_year_of(row["notified_on"]), row["kind"])
        for row in reviews.values("notified_on", "kind")
    )
    if not notified:
        return DeathCounts((), ())
    first = min(year for year, _kind in notified)
    years = tuple(range(first, max(financial_year_of(today), first) + 1))
    counts = tuple(tuple(notified[(year, kind)] for kind in KINDS) for year in years)
    return DeathCounts(years, counts)


def deaths_between(first: date, last: date) -> tuple[int, ...]:
    """Deaths notified from ``first`` to ``last``, by kind."""
    notified = Counter(
        Review.objects.filter(notified_on__range=(first, last)).values_list("kind", flat=True)
    )
    return tuple(notified[kind] for kind in KINDS)


def rule_for(user: User, rule: DisclosureRule) -> DisclosureRule:
    """Exact figures for someone on the panel of every review counted; ``rule`` for
    anyone else, who would otherwise learn of a death from a count of one."""
    outside = Review.objects.exclude(pk__in=Review.objects.on_panel_of(user).values("pk"))
    return rule if outside.exists() else EXACT


@dataclass(frozen=True)
class Progress:
    reference: str
    total: int
    complete: int
    overdue: int

    @property
    def outstanding(self) -> int:
        return self.total - self.complete


def progress_by_reference(on: date) -> list[Progress]:
    """The recommendations of every review notified by ``on`` that the partnership decided
    to hold, counted as they stood on ``on``, oldest review first."""
    reviews = (
        Review.objects.filter(decision=Decision.HOLD, notified_on__lte=on)
        .with_progress(on)
        .order_by("notified_on", "reference")
    )
    return [
        Progress(
            review.reference,
            review.recommendations_total,  # type: ignore[attr-defined]
            review.recommendations_complete,  # type: ignore[attr-defined]
            review.recommendations_overdue,  # type: ignore[attr-defined]
        )
        for review in reviews
    ]
