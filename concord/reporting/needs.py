"""The counts behind the needs-assessment pack for safe accommodation (issue 16 item 6,
DOMAIN §12), for three financial years at once. Every query is set-based: GROUP BY in the
database, each row tagged with its year; Python only adds up the grouped rows. The counts
are exact: concord.reporting.needs_assessment applies disclosure control before anyone
sees them.

Demand is counted from records: referrals made in Concord to a service that is an
accommodation service (duplicates left out), and households referred from outside Concord
that could not be supported (UnmetNeed). Supply is the units' bed spaces and the stays in
them. A person at two agencies is two people here (Concord's own records are not linked
yet), so people supported by two services are counted by each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least

from concord.accommodation import vocabulary as v
from concord.accommodation.models import (
    AccommodationService,
    Stay,
    StayMember,
    Unit,
    UnmetNeed,
)
from concord.domain.periods import Period, financial_year
from concord.people import reference as ref
from concord.referrals.lifecycle import ReferralStatus
from concord.referrals.models import Referral

NOT_KNOWN = "not_known"
YEARS = 3
ACCEPTED, DECLINED, WAITING = "accepted", "declined", "waiting"
SEX, AGE_BAND, ETHNIC_GROUP = "sex", "age_band", "ethnicity_group"
CHARACTERISTICS = (SEX, AGE_BAND, ETHNIC_GROUP)


class DaysBetween(Func):
    """Whole days from ``earlier`` to ``later`` (two dates), in the database: on
    PostgreSQL a date less a date is the days between them; SQLite needs julianday."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()

    def __init__(self, later: Any, earlier: Any) -> None:
        super().__init__(later, earlier)

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


@dataclass(frozen=True)
class Years:
    """The three financial years of the pack, oldest first, and the day counting stops
    (the day after the last year, or today while that year is not over)."""

    periods: tuple[Period, ...]
    today: date

    @property
    def first(self) -> date:
        return self.periods[0].first

    @property
    def last(self) -> date:
        return self.periods[-1].last

    def until(self, period: Period) -> date:
        """The first day not counted in ``period``: nights are counted before it."""
        return min(period.last + timedelta(days=1), self.today)

    def tag(self, field: str) -> Case:
        """The index of the year ``field`` (a date) falls in."""
        return Case(
            *(
                When(**{f"{field}__range": (p.first, p.last)}, then=Value(index))
                for index, p in enumerate(self.periods)
            ),
            output_field=IntegerField(),
        )


@dataclass(frozen=True)
class NeedsCounts:
    """Every exact count of the pack, keyed by the year's index first."""

    years: Years
    # Demand: referrals in Concord by (year, accommodation type, outcome) and
    # (year, decline reason) for those unable to be supported.
    referrals: dict[tuple[int, str, str], int]
    declined_reasons: dict[tuple[int, str], int]
    # Households referred from outside Concord that could not be supported.
    unmet: dict[tuple[int, str, str], int]  # (year, type, reason) -> households
    unmet_adults: dict[int, int]
    unmet_characteristics: dict[tuple[int, str], int]  # a household may have several
    unmet_out_of_area: dict[tuple[int, str], int]
    # Of the people referred in Concord: (year, outcome, characteristic, group) -> people.
    referred: dict[tuple[int, str, str, str], int]
    # Supply.
    placed_out_of_area: dict[tuple[int, str], int]  # stays begun, by from_out_of_area
    bed_spaces: dict[tuple[int, str, bool], int]  # on the year's last counted day
    available_nights: dict[tuple[int, str], int]
    occupied_nights: dict[tuple[int, str], int]
    stay_lengths: dict[tuple[int, str], dict[int, int]]  # ended stays: nights -> stays
    move_on_delays: dict[int, dict[int, int]]  # days from ready to moved out -> stays
    supported: dict[tuple[int, str, str], int]  # (year, characteristic, group) -> adults


def years_ending(latest: int, today: date) -> Years:
    """The three financial years ending with the one starting in ``latest``."""
    return Years(tuple(financial_year(latest - n) for n in range(YEARS - 1, -1, -1)), today)


def needs_counts(years: Years) -> NeedsCounts:
    referrals, reasons, referred = _referrals(years)
    unmet, adults, out_of_area = _unmet(years)
    lengths, delays = _stay_lengths(years)
    available, bed_spaces = _available(years)
    return NeedsCounts(
        years,
        referrals,
        reasons,
        unmet,
        adults,
        _unmet_characteristics(years),
        out_of_area,
        referred,
        _placed_out_of_area(years),
        bed_spaces,
        available,
        _occupied(years),
        lengths,
        delays,
        _supported(years),
    )


# Demand ----------------------------------------------------------------------------------


def _referrals(
    years: Years,
) -> tuple[
    dict[tuple[int, str, str], int],
    dict[tuple[int, str], int],
    dict[tuple[int, str, str, str], int],
]:
    """Referrals made in Concord to accommodation services, by year, accommodation type,
    outcome, decline reason and the referred person's sex, age band and ethnic group."""
    outcome = Case(
        When(status=ReferralStatus.ACCEPTED, then=Value(ACCEPTED)),
        When(status=ReferralStatus.DECLINED, then=Value(DECLINED)),
        default=Value(WAITING),
        output_field=CharField(),
    )
    rows = (
        Referral.objects.filter(
            to_service__accommodation__isnull=False,
            referred_at__date__range=(years.first, years.last),
        )
        .exclude(status=ReferralStatus.DECLINED, decline_reason=ref.DUPLICATE)
        .annotate(
            year=years.tag("referred_at__date"),
            kind=F("to_service__accommodation__accommodation_type"),
            outcome=outcome,
            sex_known=_sex("sex"),
            band=_age_band("date_of_birth", years.periods, "referred_at__date"),
            group_known=_ethnic_group("case__person__ethnicity"),
        )
        .values("year", "kind", "outcome", "decline_reason", "sex_known", "band", "group_known")
        .annotate(people=Count("pk"))
        .order_by()
    )
    by_outcome: dict[tuple[int, str, str], int] = defaultdict(int)
    reasons: dict[tuple[int, str], int] = defaultdict(int)
    referred: dict[tuple[int, str, str, str], int] = defaultdict(int)
    for row in rows:
        year, people = row["year"], row["people"]
        by_outcome[(year, row["kind"], row["outcome"])] += people
        if row["outcome"] == DECLINED:
            reasons[(year, row["decline_reason"] or NOT_KNOWN)] += people
        for characteristic, value in zip(
            CHARACTERISTICS, (row["sex_known"], row["band"], row["group_known"]), strict=True
        ):
            referred[(year, row["outcome"], characteristic, value)] += people
    return dict(by_outcome), dict(reasons), dict(referred)


def _unmet(
    years: Years,
) -> tuple[dict[tuple[int, str, str], int], dict[int, int], dict[tuple[int, str], int]]:
    rows = (
        UnmetNeed.objects.filter(referred_on__range=(years.first, years.last))
        .annotate(year=years.tag("referred_on"), kind=F("accommodation__accommodation_type"))
        .values("year", "kind", "reason", "from_out_of_area")
        .annotate(households=Count("pk"), adults_referred=Sum("adults"))
        .order_by()
    )
    households: dict[tuple[int, str, str], int] = defaultdict(int)
    adults: dict[int, int] = defaultdict(int)
    out_of_area: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        households[(row["year"], row["kind"], row["reason"])] += row["households"]
        adults[row["year"]] += row["adults_referred"]
        out_of_area[(row["year"], row["from_out_of_area"])] += row["households"]
    return dict(households), dict(adults), dict(out_of_area)


def _unmet_characteristics(years: Years) -> dict[tuple[int, str], int]:
    """Households from outside Concord unable to be supported with each specialist
    characteristic (``""`` for those with none recorded)."""
    listed = Cast("characteristics", TextField())
    rows = (
        UnmetNeed.objects.filter(referred_on__range=(years.first, years.last))
        .annotate(year=years.tag("referred_on"), listed=listed)
        .values("year")
        .annotate(
            none=Count("pk", filter=Q(characteristics=[])),
            **{
                f"has_{code}": Count("pk", filter=Q(listed__contains=f'"{code}"'))
                for code, _ in v.SPECIALIST_CHARACTERISTICS
            },
        )
        .order_by()
    )
    found: dict[tuple[int, str], int] = {}
    for row in rows:
        found[(row["year"], "")] = row["none"]
        for code, _ in v.SPECIALIST_CHARACTERISTICS:
            found[(row["year"], code)] = row[f"has_{code}"]
    return found


# Supply ------------------------------------------------------------------------------------


def _placed_out_of_area(years: Years) -> dict[tuple[int, str], int]:
    rows = (
        Stay.objects.filter(moved_in_on__range=(years.first, years.last))
        .annotate(year=years.tag("moved_in_on"))
        .values("year", "from_out_of_area")
        .annotate(stays=Count("pk"))
        .order_by()
    )
    return {(row["year"], row["from_out_of_area"]): row["stays"] for row in rows}


def _available(
    years: Years,
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str, bool], int]]:
    """Per year: the bed-nights the units were open for, by accommodation type, and the
    bed spaces of units open on the year's last counted day, by type and commissioning (a
    sanctuary scheme's homes it is commissioned to secure at once count as its places)."""
    nights: dict[tuple[int, str], int] = {}
    beds: dict[tuple[int, str, bool], int] = defaultdict(int)
    for index, period in enumerate(years.periods):
        until = years.until(period)
        last_day = until - timedelta(days=1)
        opened = Greatest(Coalesce("opened_on", Value(period.first)), Value(period.first))
        closed = Least(Coalesce("closed_on", Value(until)), Value(until))
        rows = (
            Unit.objects.filter(
                Q(opened_on__isnull=True) | Q(opened_on__lt=until),
                Q(closed_on__isnull=True) | Q(closed_on__gt=period.first),
            )
            .annotate(
                kind=F("accommodation__accommodation_type"),
                open_nights=DaysBetween(closed, opened),
            )
            .values("kind", "commissioned")
            .annotate(
                bed_nights=Sum(F("bed_spaces") * F("open_nights")),
                beds_open=Sum(
                    "bed_spaces",
                    filter=(Q(opened_on__isnull=True) | Q(opened_on__lte=last_day))
                    & (Q(closed_on__isnull=True) | Q(closed_on__gt=last_day)),
                ),
            )
            .order_by()
        )
        for row in rows:
            key = (index, row["kind"])
            nights[key] = nights.get(key, 0) + max(row["bed_nights"] or 0, 0)
            beds[(index, row["kind"], row["commissioned"])] += row["beds_open"] or 0
    schemes = (
        AccommodationService.objects.filter(sanctuary_places__isnull=False)
        .values("accommodation_type", "commissioned")
        .annotate(places=Sum("sanctuary_places"))
        .order_by()
    )
    for row in schemes:
        for index in range(len(years.periods)):
            beds[(index, row["accommodation_type"], row["commissioned"])] += row["places"]
    return nights, dict(beds)


def _occupied(years: Years) -> dict[tuple[int, str], int]:
    """Per year: bed-nights of the members of households staying in units (a person a
    night in a bed space), by accommodation type. A night is counted on the day it begins:
    the day of moving in is a night, the day of moving out is not."""
    found: dict[tuple[int, str], int] = {}
    for index, period in enumerate(years.periods):
        until = years.until(period)
        moved_in = Greatest(F("stay__moved_in_on"), Value(period.first), output_field=DateField())
        moved_out = Least(
            Coalesce("stay__moved_out_on", Value(until)), Value(until), output_field=DateField()
        )
        rows = (
            StayMember.objects.filter(
                stay__unit__isnull=False,
                stay__moved_in_on__lt=until,
            )
            .filter(Q(stay__moved_out_on__isnull=True) | Q(stay__moved_out_on__gt=period.first))
            .annotate(kind=F("stay__accommodation__accommodation_type"))
            .values("kind")
            .annotate(nights=Sum(DaysBetween(moved_out, moved_in)))
            .order_by()
        )
        for row in rows:
            found[(index, row["kind"])] = max(row["nights"] or 0, 0)
    return found


def _stay_lengths(
    years: Years,
) -> tuple[dict[tuple[int, str], dict[int, int]], dict[int, dict[int, int]]]:
    """Stays that ended in each year: how many lasted each number of nights, by type; and
    of those with a day they were ready to move on, how many waited each number of days."""
    rows = (
        Stay.objects.filter(moved_out_on__range=(years.first, years.last))
        .annotate(
            year=years.tag("moved_out_on"),
            kind=F("accommodation__accommodation_type"),
            nights=DaysBetween(F("moved_out_on"), F("moved_in_on")),
            waited=Case(
                When(
                    ready_to_move_on_on__isnull=False,
                    then=DaysBetween(F("moved_out_on"), F("ready_to_move_on_on")),
                ),
                output_field=IntegerField(),
            ),
        )
        .values("year", "kind", "nights", "waited")
        .annotate(stays=Count("pk"))
        .order_by()
    )
    lengths: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    delays: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        lengths[(row["year"], row["kind"])][row["nights"]] += row["stays"]
        if row["waited"] is not None:
            delays[row["year"]][max(row["waited"], 0)] += row["stays"]
    return (
        {key: dict(found) for key, found in lengths.items()},
        {key: dict(found) for key, found in delays.items()},
    )


# Who is supported ------------------------------------------------------------------------------


def _supported(years: Years) -> dict[tuple[int, str, str], int]:
    """Adults staying at any time in each year, each counted once a year (as a person of
    the agency whose record it is), by sex, age band and ethnic group."""
    found: dict[tuple[int, str, str], int] = defaultdict(int)
    for index, period in enumerate(years.periods):
        until = years.until(period)
        staying = Stay.objects.filter(pk=OuterRef("stay_id"), moved_in_on__lt=until).filter(
            Q(moved_out_on__isnull=True) | Q(moved_out_on__gte=period.first)
        )
        rows = (
            StayMember.objects.filter(Exists(staying), is_child=False)
            .annotate(
                sex_known=_sex("person__sex"),
                band=_age_band("person__date_of_birth", (period,)),
                group_known=_ethnic_group("person__ethnicity"),
            )
            .values("sex_known", "band", "group_known")
            .annotate(adults=Count("person_id", distinct=True))
            .order_by()
        )
        for row in rows:
            for characteristic, value in zip(
                CHARACTERISTICS, (row["sex_known"], row["band"], row["group_known"]), strict=True
            ):
                found[(index, characteristic, value)] += row["adults"]
    return dict(found)


# Groups --------------------------------------------------------------------------------------


def _sex(name: str) -> Case:
    return Case(
        *(When(**{name: code}, then=Value(code)) for code in ("female", "male")),
        default=Value(NOT_KNOWN),
        output_field=CharField(),
    )


def _age_band(name: str, periods: Sequence[Period], year_field: str = "") -> Case:
    """The age band at the start of the year (``name`` a date of birth), by comparing the
    date of birth with the day each band's first age is reached: no age arithmetic in
    SQL. With several periods, ``year_field`` (a date) says which year a row is in."""
    whens = []
    bands = list(ref.AGE_BANDS)
    for period in periods:
        in_year = Q(**{f"{year_field}__range": (period.first, period.last)}) if year_field else Q()
        for (first, label), following in zip(bands, [*bands[1:], None], strict=True):
            condition = Q(**{f"{name}__lte": _birthday(period.first, first)})
            if following is not None:
                condition &= Q(**{f"{name}__gt": _birthday(period.first, following[0])})
            whens.append(When(in_year & condition, then=Value(label)))
    return Case(*whens, default=Value(NOT_KNOWN), output_field=CharField())


def _birthday(day: date, age: int) -> date:
    """The latest date of birth of someone aged ``age`` on ``day`` (the first of a month)."""
    return day.replace(year=day.year - age)


def _ethnic_group(name: str) -> Case:
    return Case(
        *(
            When(
                **{
                    f"{name}__in": [
                        code for code, _, group in ref.ETHNICITIES if group == group_code
                    ]
                },
                then=Value(group_code),
            )
            for group_code, _ in ref.ETHNIC_GROUPS
        ),
        default=Value(NOT_KNOWN),
        output_field=CharField(),
    )
