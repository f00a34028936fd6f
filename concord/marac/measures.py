"""The MARAC's own measures (DOMAIN §4) for an area and any period, each against its
benchmark: every figure is one set-based query over the area's referrals, agenda items and
actions, never a loop over rows in Python.

Definitions:

- **cases heard**: agenda items heard at the area's meetings held in the period (repeats
  included); the victim measures below count these cases.
- **repeat rate**: heard cases that were repeats ÷ cases heard.
- **cases per 10,000 adult females**: cases heard ÷ the area's female population aged 16+
  × 10,000, annualised (× 365 ÷ the days in the period).
- **Black, Asian and minoritised victims**: an ethnicity in the Asian, Black, Mixed or Other
  groups, or White Gypsy or Irish Traveller or Roma. **LGBT+**: gay or lesbian, bisexual or
  another sexual orientation, or a gender not the same as registered at birth.
  **Disabled**: limited a little or a lot. **Aged 16–17** on the day referred.
- **referrals by agency**: referrals made in the period, by referring agency; the partner
  share is the referrals not made by the police.
- **meeting criteria but not heard**: each referral has a target date for being heard,
  ``CONCORD_MARAC_HEARING_TARGET_DAYS`` after it was made. Of the referrals whose target
  date falls in the period: those not heard at a meeting held on or before it ÷ those
  whose target date has passed or that were heard by it. One whose target date has not
  passed and that is not heard yet is **waiting**, counted apart: never "not heard", so a
  figure of today is not undone tomorrow, and a closed period's figure is final.
- **actions completed**: actions due in the period recorded as completed by their due date
  ÷ actions due in the period.
- **feeling safer after MARAC**: heard cases followed up in the period whose victim said
  they feel safer ÷ those who answered yes or no.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, cast

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from concord.accounts.models import AgencyKind
from concord.domain.disclosure import Percentage, percentage
from concord.marac.lifecycle import ActionStatus
from concord.marac.models import AgendaItem, MaracAction, MaracArea, MaracReferral
from concord.people import reference as ref

MINORITISED_GROUPS = ("asian", "black", "mixed", "other")
MINORITISED_WHITE = ("white_gypsy_irish_traveller", "white_roma")
LGBT_ORIENTATIONS = ("gay_lesbian", "bisexual", "other")
DISABLED = ("yes_limited_a_lot", "yes_limited_a_little")


@dataclass(frozen=True)
class Benchmark:
    """What a measure is compared with: a target (``at_least`` or ``below``) or a
    national figure to read beside it."""

    text: str
    value: int
    better: str  # "higher", "lower" or "" when it is a comparator, not a target

    def met(self, figure: Fraction | None) -> bool | None:
        if figure is None or not self.better:
            return None
        return figure > self.value if self.better == "higher" else figure < self.value


BENCHMARKS: dict[str, Benchmark] = {
    "cases_per_10000": Benchmark("SafeLives recommends about 40", 40, ""),
    "repeat_rate": Benchmark("England 2023: 32%", 32, ""),
    "not_heard_rate": Benchmark("Target: under 25%", 25, "lower"),
    "actions_completed_rate": Benchmark("Target: over 90%", 90, "higher"),
    "feels_safer_rate": Benchmark("Target: over 70%", 70, "higher"),
}


def _target() -> timedelta:
    return timedelta(days=settings.MARAC_HEARING_TARGET_DAYS)


def due_for_hearing(first: date, last: date) -> Q:
    """Referrals whose target date for being heard falls in the days ``first`` to ``last``."""
    return Q(referred_on__gte=first - _target(), referred_on__lte=last - _target())


def heard_by_target() -> Q:
    """Heard at a meeting held on or before the referral's target date."""
    return Q(
        agenda_item__heard_at__isnull=False,
        agenda_item__meeting__meets_on__lte=F("referred_on") + _target(),
    )


def waiting_for_hearing(today: date) -> Q:
    """Not heard, and the target date is today or later: not yet "not heard"."""
    return Q(referred_on__gte=today - _target()) & ~heard_by_target()


def per_10000_a_year(cases: int, days: int, population: int | None) -> Fraction | None:
    """Cases per 10,000 of the population in ``days``, scaled to a year: exact (reports
    round it); None when the population is not set."""
    if not population:
        return None
    return Fraction(cases * 365 * 10_000, days * population)


def minoritised() -> Q:
    groups = [code for code, _, group in ref.ETHNICITIES if group in MINORITISED_GROUPS]
    return Q(ethnicity__in=[*groups, *MINORITISED_WHITE])


def lgbt() -> Q:
    return Q(sexual_orientation__in=LGBT_ORIENTATIONS) | Q(gender_same_as_birth="no")


@dataclass(frozen=True)
class Measures:
    first: date
    last: date
    population: int | None
    cases_heard: int
    repeats: int
    children: int
    minoritised: int
    lgbt: int
    disabled: int
    male: int
    aged_16_17: int
    referrals: int
    police_referrals: int
    hearing_due: int  # target date in the period and passed, or heard by it
    not_heard: int  # of those, not heard by the target date
    waiting: int  # target date in the period, not passed, not heard yet
    actions_due: int
    actions_completed_on_time: int
    said_safer: int
    answered_safer: int
    referrals_by_agency: list[tuple[str, bool, int]]

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def repeat_rate(self) -> Percentage | None:
        return percentage(self.repeats, self.cases_heard)

    @property
    def cases_per_10000(self) -> Fraction | None:
        return per_10000_a_year(self.cases_heard, self.days, self.population)

    @property
    def partner_share(self) -> Percentage | None:
        return percentage(self.referrals - self.police_referrals, self.referrals)

    @property
    def not_heard_rate(self) -> Percentage | None:
        return percentage(self.not_heard, self.hearing_due)

    @property
    def actions_completed_rate(self) -> Percentage | None:
        return percentage(self.actions_completed_on_time, self.actions_due)

    @property
    def feels_safer_rate(self) -> Percentage | None:
        return percentage(self.said_safer, self.answered_safer)


def heard_in(area: MaracArea, first: date, last: date) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(
        meeting__area=area,
        meeting__meets_on__gte=first,
        meeting__meets_on__lte=last,
        heard_at__isnull=False,
    )


def victim_counts(items: QuerySet[AgendaItem]) -> dict[str, Any]:
    """The heard cases' victim measures, in one query."""

    def where(condition: Q) -> Count:
        return Count("pk", filter=on_referral(condition))

    return items.order_by().aggregate(
        cases_heard=Count("pk"),
        repeats=where(Q(is_repeat=True)),
        children=Coalesce(Sum("referral__children_count"), 0),
        minoritised=where(minoritised()),
        lgbt=where(lgbt()),
        disabled=where(Q(disability__in=DISABLED)),
        male=where(Q(sex="male")),
        aged_16_17=where(Q(age_when_referred__in=(16, 17))),
    )


def on_referral(condition: Q) -> Q:
    """``condition`` on MaracReferral fields, read through an agenda item."""
    children: list[Any] = []
    for child in condition.children:
        if isinstance(child, Q):
            children.append(on_referral(child))
        else:
            lookup, value = cast(tuple[str, Any], child)
            children.append((f"referral__{lookup}", value))
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def hearing_counts(referrals: QuerySet[MaracReferral], first: date, last: date) -> dict[str, int]:
    """Of ``referrals``, those due to be heard in the period: decided, not heard by their
    target date, and waiting (see the definitions above), in one query."""
    waiting = waiting_for_hearing(timezone.localdate())
    return (
        referrals.filter(due_for_hearing(first, last))
        .order_by()
        .aggregate(
            hearing_due=Count("pk", filter=~waiting),
            not_heard=Count("pk", filter=~waiting & ~heard_by_target()),
            waiting=Count("pk", filter=waiting),
        )
    )


def measure(area: MaracArea, first: date, last: date) -> Measures:
    """Every measure of ``area`` for the days ``first`` to ``last`` inclusive."""
    victims = victim_counts(heard_in(area, first, last))
    referrals = MaracReferral.objects.filter(
        area=area, referred_on__gte=first, referred_on__lte=last
    ).order_by()
    made = referrals.aggregate(
        referrals=Count("pk"),
        police_referrals=Count("pk", filter=Q(agency__kind=AgencyKind.POLICE)),
    )
    hearing = hearing_counts(MaracReferral.objects.filter(area=area), first, last)
    by_agency = (
        referrals.values("agency__name", "agency__kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "agency__name")
    )
    actions = MaracAction.objects.filter(
        item__meeting__area=area, due_on__gte=first, due_on__lte=last
    ).aggregate(
        actions_due=Count("pk"),
        actions_completed_on_time=Count(
            "pk",
            filter=Q(status=ActionStatus.COMPLETED, outcome_on__lte=F("due_on")),
        ),
    )
    followed = MaracReferral.objects.filter(
        area=area, followed_up_on__gte=first, followed_up_on__lte=last
    ).aggregate(
        said_safer=Count("pk", filter=Q(feels_safer="yes")),
        answered_safer=Count("pk", filter=Q(feels_safer__in=("yes", "no"))),
    )
    return Measures(
        first=first,
        last=last,
        population=area.adult_female_population,
        referrals_by_agency=[
            (row["agency__name"], row["agency__kind"] == AgencyKind.POLICE, row["n"])
            for row in by_agency
        ],
        **victims,
        **made,
        **hearing,
        **actions,
        **followed,
    )
