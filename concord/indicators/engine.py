"""Compute indicators of the catalogue for a period, optionally for one agency and/or
service, and broken down by one disaggregation: one aggregate query per indicator (GROUP BY
in SQL for a breakdown), never a loop over records in Python.

Results for a closed period (ended before today) are kept in ``CachedResult`` and dropped
when a record they may count changes (concord.indicators.signals).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.utils import timezone

from concord.accounts.models import Agency, Service
from concord.indicators.catalogue import INDICATORS, Indicator, Unit, get
from concord.indicators.models import CachedResult
from concord.people import reference as ref
from concord.reporting.disclosure import percentage
from concord.reporting.periods import Period

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
    """Every indicator in ``codes`` (all that have a query when None) for ``period``.

    Raises UnknownIndicatorError for an unknown code and DisaggregationError for a
    breakdown or service filter an indicator does not allow."""
    indicators = [get(code) for code in codes] if codes is not None else list(INDICATORS)
    results: list[Result] = []
    with transaction.atomic():  # the cache's rows written in one commit
        for indicator in indicators:
            if indicator.has_query:
                results.extend(
                    _cached_or_computed(indicator, period, agency, service, disaggregation)
                )
    return results


def _cached_or_computed(
    indicator: Indicator,
    period: Period,
    agency: Agency | None,
    service: Service | None,
    disaggregation: str | None,
) -> list[Result]:
    if period.last >= timezone.localdate():
        return _computed(indicator, period, agency, service, disaggregation)
    key = {
        "code": indicator.code,
        "first": period.first,
        "last": period.last,
        "agency": agency,
        "service": service,
        "disaggregation": disaggregation or "",
    }
    cached = CachedResult.objects.filter(**key).first()
    if cached is not None:
        return [Result(**row) for row in cached.rows]
    results = _computed(indicator, period, agency, service, disaggregation)
    try:
        with transaction.atomic():
            CachedResult.objects.create(**key, rows=[asdict(result) for result in results])
    except IntegrityError:
        pass  # computed at the same time elsewhere: the figures are the same
    return results


def _computed(
    indicator: Indicator,
    period: Period,
    agency: Agency | None,
    service: Service | None,
    disaggregation: str | None,
) -> list[Result]:
    records = _filtered(indicator, period, agency, service)
    aggregates = _aggregates(indicator)
    if disaggregation is None:
        return [_result(indicator, records.aggregate(**aggregates))]
    rows = (
        records.annotate(breakdown=_breakdown(indicator, disaggregation))
        .values("breakdown")
        .annotate(**aggregates)
        .order_by("breakdown")
    )
    return [_result(indicator, row, str(row["breakdown"] or NO_GROUP)) for row in rows]


def _filtered(
    indicator: Indicator, period: Period, agency: Agency | None, service: Service | None
) -> QuerySet[Any]:
    assert indicator.source is not None
    source = indicator.source
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
        aggregates["denominator"] = Count("pk", filter=indicator.known)
        aggregates["records"] = Count("pk")
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


def _breakdown(indicator: Indicator, disaggregation: str) -> Any:
    assert indicator.source is not None
    source = indicator.source
    if disaggregation not in indicator.disaggregations:
        allowed = ", ".join(indicator.disaggregations)
        raise DisaggregationError(
            f"{indicator.code} cannot be broken down by {disaggregation!r}; it allows {allowed}"
        )
    if disaggregation == "agency":
        return F(f"{source.agency}__name")
    if disaggregation == "service":
        return F(f"{source.service}__name")
    if disaggregation == "ethnicity_group":
        return _ethnic_group(f"{source.person}__ethnicity")
    return F(f"{source.person}__{disaggregation}")


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
