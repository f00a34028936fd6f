"""Compute indicators of the catalogue for a period, optionally for one agency and/or
service, and broken down by one disaggregation: one aggregate query per indicator (GROUP BY
in SQL for a breakdown), never a loop over records in Python.

Results for a closed period (ended before today) are kept in ``CachedResult`` and dropped
when a record they may count changes (concord.indicators.signals). A kept result is used
only while no change concerning its agency came after the latest one it may count: figures
computed while a change was being committed may miss it, and are computed again. (A long
load's newest changes are the exception: see concord.indicators.signals.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone

from concord.accounts.models import Agency, Service
from concord.domain.disclosure import percentage
from concord.domain.periods import Period
from concord.indicators.catalogue import INDICATORS, Indicator, Source, Unit, get
from concord.indicators.models import CachedResult
from concord.indicators.signals import Changes, changes_for
from concord.people import reference as ref

NO_GROUP = "not_known"  # a breakdown value that is missing (e.g. no ethnicity group)


@dataclass(frozen=True)
class Result:
    """One figure: ``numerator`` and, for a percentage, the ``denominator`` (records where
    the item is known) and ``not_known`` (records where it is not)."""

    code: str
    numerator: int
    denominator: int | None = None
    not_known: int | None = None
    group: str | None = None  # the breakdown's value, None without a breakdown

    @property
    def value(self) -> Fraction | None:
        """Exact, for exports: the count, or the percentage (None when nothing is known)."""
        if self.denominator is None:
            return Fraction(self.numerator)
        share = percentage(self.numerator, self.denominator)
        return share.exact if share else None

    @property
    def whole(self) -> int | None:
        """For reports: the count, or the percentage rounded half up."""
        if self.denominator is None:
            return self.numerator
        share = percentage(self.numerator, self.denominator)
        return share.whole if share else None


class DisaggregationError(ValueError):
    """A breakdown or filter an indicator does not allow."""


def compute(
    codes: Iterable[str] | None,
    period: Period,
    *,
    agency: Agency | None = None,
    service: Service | None = None,
    disaggregation: str | None = None,
) -> list[Result]:
    """Every indicator in ``codes`` (all of the catalogue when None) for ``period``.

    Raises UnknownIndicatorError for an unknown code and DisaggregationError for a
    breakdown or service filter an indicator does not allow."""
    indicators = [get(code) for code in codes] if codes is not None else list(INDICATORS)
    closed = period.last < timezone.localdate()
    # Read outside any transaction: a pack takes from a tenth of a second to minutes, and on
    # SQLite a transaction holds the one write lock for all of that.
    changes = changes_for(agency.pk if agency else None) if closed else Changes(0, 0)
    kept = _cached(indicators, period, agency, service, disaggregation) if closed else {}
    found = {code: results for code, (at, results) in kept.items() if at >= changes.due}
    missing = [indicator for indicator in indicators if indicator.code not in found]
    if disaggregation is None:
        computed = _computed_by_source(missing, period, agency, service)
    else:
        computed = {
            indicator.code: _computed(indicator, period, agency, service, disaggregation)
            for indicator in missing
        }
    if closed:
        _cache(computed, changes.latest, period, agency, service, disaggregation)
    found |= computed
    return [result for indicator in indicators for result in found[indicator.code]]


def _cache_key(
    period: Period, agency: Agency | None, service: Service | None, disaggregation: str | None
) -> dict[str, Any]:
    return {
        "first": period.first,
        "last": period.last,
        "agency": agency,
        "service": service,
        "disaggregation": disaggregation or "",
    }


def _cached(
    indicators: list[Indicator],
    period: Period,
    agency: Agency | None,
    service: Service | None,
    disaggregation: str | None,
) -> dict[str, tuple[int, list[Result]]]:
    """The results of ``indicators`` kept for a closed period, by code, each with the
    latest change it may count (one query)."""
    cached = CachedResult.objects.filter(
        **_cache_key(period, agency, service, disaggregation),
        code__in=[indicator.code for indicator in indicators],
    )
    return {entry.code: (entry.mark, [Result(**row) for row in entry.rows]) for entry in cached}


def _cache(
    computed: dict[str, list[Result]],
    mark: int,
    period: Period,
    agency: Agency | None,
    service: Service | None,
    disaggregation: str | None,
) -> None:
    """Keep the results of a closed period, which may count changes up to ``mark``, in two
    short statements. A result kept before a later change is replaced; one computed at the
    same time elsewhere is left as it is (the figures are the same). Rows go in the order of
    their codes, so that two requests keeping overlapping packs wait on each other in the
    same order instead of deadlocking (seen under load on PostgreSQL)."""
    key = _cache_key(period, agency, service, disaggregation)
    CachedResult.objects.filter(**key, code__in=computed, mark__lt=mark).delete()
    CachedResult.objects.bulk_create(
        [
            CachedResult(**key, code=code, rows=[asdict(result) for result in results], mark=mark)
            for code, results in sorted(computed.items())
        ],
        ignore_conflicts=True,
    )


def _computed_by_source(
    indicators: list[Indicator], period: Period, agency: Agency | None, service: Service | None
) -> dict[str, list[Result]]:
    """Without a breakdown: ONE aggregate query per source, whatever the number of its
    indicators (the intake items share one scan of the intake profiles), each distinct
    aggregate computed once."""
    by_source: dict[Any, list[Indicator]] = {}
    for indicator in indicators:
        by_source.setdefault(indicator.source, []).append(indicator)
    computed = {}
    for sharing in by_source.values():
        records = _filtered(sharing[0], period, agency, service)
        aliases: list[tuple[str, Any]] = []  # (alias, aggregate), each aggregate once
        named: list[dict[str, str]] = []  # per indicator: its aggregate's name -> alias
        for indicator in sharing:
            names = {}
            for name, aggregate in _aggregates(indicator).items():
                alias = next((a for a, known in aliases if known == aggregate), None)
                if alias is None:
                    alias = f"a{len(aliases)}"
                    aliases.append((alias, aggregate))
                names[name] = alias
            named.append(names)
        row = records.aggregate(**dict(aliases))
        also = sharing[0].source.also
        if also is not None:
            more = _records_of(also, sharing[0], period, agency, service)
            row = _added(row, more.aggregate(**dict(aliases)))
        for indicator, names in zip(sharing, named, strict=True):
            values = {name: row[alias] for name, alias in names.items()}
            computed[indicator.code] = [_result(indicator, values)]
    return computed


def _computed(
    indicator: Indicator,
    period: Period,
    agency: Agency | None,
    service: Service | None,
    disaggregation: str | None,
) -> list[Result]:
    aggregates = _aggregates(indicator)
    if disaggregation is None:
        records = _filtered(indicator, period, agency, service)
        row = records.aggregate(**aggregates)
        if indicator.source.also is not None:
            more = _records_of(indicator.source.also, indicator, period, agency, service)
            row = _added(row, more.aggregate(**aggregates))
        return [_result(indicator, row)]
    _breakdown_allowed(indicator, disaggregation)
    groups: dict[str, dict[str, Any]] = {}
    source: Source | None = indicator.source
    while source is not None:
        records = _records_of(source, indicator, period, agency, service)
        rows = (
            records.annotate(breakdown=_breakdown(source, disaggregation, period, records.model))
            .values("breakdown")
            .annotate(**aggregates)
            .order_by("breakdown")
        )
        for row in rows:
            group = str(row.pop("breakdown") or NO_GROUP)
            groups[group] = _added(groups[group], row) if group in groups else row
        source = source.also
    return [_result(indicator, groups[group], group) for group in sorted(groups)]


def _added(row: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """Two sources' counts of one indicator, added (a source with ``also`` counts only)."""
    return {name: (row[name] or 0) + (more[name] or 0) for name in row}


def _filtered(
    indicator: Indicator, period: Period, agency: Agency | None, service: Service | None
) -> QuerySet[Any]:
    assert indicator.source is not None
    return _records_of(indicator.source, indicator, period, agency, service)


def _records_of(
    source: Source,
    indicator: Indicator,
    period: Period,
    agency: Agency | None,
    service: Service | None,
) -> QuerySet[Any]:
    records = source.records(period).order_by()
    if agency is not None:
        records = records.filter(**{source.agency: agency})
    if service is not None:
        if source.service is None:
            raise DisaggregationError(f"{indicator.code} cannot be filtered by service")
        records = records.filter(**{source.service: service})
    return records


def _aggregates(indicator: Indicator) -> dict[str, Any]:
    assert indicator.numerator is not None
    aggregates = {"numerator": indicator.numerator()}
    if indicator.unit == Unit.PERCENTAGE:
        aggregates["denominator"] = indicator.tally(indicator.known)
        aggregates["records"] = indicator.tally(None)
    return aggregates


def _result(indicator: Indicator, row: dict[str, Any], group: str | None = None) -> Result:
    if indicator.unit != Unit.PERCENTAGE:
        return Result(indicator.code, row["numerator"], group=group)
    return Result(
        indicator.code,
        row["numerator"],
        row["denominator"],
        row["records"] - row["denominator"],
        group,
    )


def _breakdown_allowed(indicator: Indicator, disaggregation: str) -> None:
    if disaggregation not in indicator.disaggregations:
        allowed = ", ".join(indicator.disaggregations)
        raise DisaggregationError(
            f"{indicator.code} cannot be broken down by {disaggregation!r}; it allows {allowed}"
        )


def _breakdown(source: Source, disaggregation: str, period: Period, model: Any) -> Any:
    """The value of ``disaggregation`` for each of ``model``'s records (age in whole years at
    the start of ``period``)."""
    if disaggregation == "agency":
        return F(f"{source.agency}__name")
    if disaggregation == "service":
        return F(f"{source.service}__name")
    if disaggregation == "ethnicity_group":
        return _ethnic_group(f"{source.person}__ethnicity")
    assert source.person is not None  # the other breakdowns are about a person
    about = _model_at(model, source.person)
    if disaggregation == "age_band":
        return _age_band(source.person, about, period.first)
    if disaggregation == "area" and about._meta.get_field("area").is_relation:
        return F(f"{source.person}__area__name")  # a MARAC referral's area
    return F(f"{source.person}__{disaggregation}")


def _model_at(model: Any, path: str) -> Any:
    """The model ``path`` leads to from ``model`` (e.g. "case__person" from a contact)."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _age_band(path: str, about: Any, on: date) -> Case:
    """Each record's age band (concord.people.reference.AGE_BANDS) from the date of birth,
    or else from an approximate age moved on by the calendar years since it was given."""
    born = f"{path}__date_of_birth"
    by_birth = [
        When(
            Q(**{f"{born}__lte": _years_before(on, first_age)})
            & Q(**{f"{born}__gt": _years_before(on, next_age)} if next_age else {}),
            then=Value(label),
        )
        for (first_age, label), next_age in _bands()
    ]
    if not hasattr(about, "approximate_age"):
        return Case(*by_birth, default=Value(NO_GROUP))
    estimate = (
        F(f"{path}__approximate_age")
        + Value(on.year)
        - Coalesce(ExtractYear(f"{path}__approximate_age_on"), Value(on.year))
    )
    by_estimate = [
        When(
            GreaterThanOrEqual(estimate, first_age)
            & (LessThan(estimate, next_age) if next_age else Q()),
            then=Value(label),
        )
        for (first_age, label), next_age in _bands()
    ]
    return Case(*by_birth, *by_estimate, default=Value(NO_GROUP))


def _bands() -> list[tuple[tuple[int, str], int | None]]:
    """Each age band with the first age of the next (None for the last)."""
    starts = [first_age for first_age, _ in ref.AGE_BANDS[1:]]
    return list(zip(ref.AGE_BANDS, [*starts, None], strict=True))


def _years_before(day: date, years: int) -> date:
    """The day ``years`` before ``day``: someone born on or before it is ``years`` old on
    ``day`` (29 February goes back to 28 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _ethnic_group(field: str) -> Case:
    return Case(
        *(
            When(
                **{f"{field}__in": [code for code, _, group in ref.ETHNICITIES if group == key]},
                then=Value(key),
            )
            for key, _ in ref.ETHNIC_GROUPS
        ),
        default=Value(NO_GROUP),
    )
