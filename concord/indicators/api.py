"""Indicators through the API: the catalogue's definitions, and figures for a period.

Practitioners and service managers get their own agency's exact figures (another agency or
its service: 404). Contract monitoring officers and analysts get any agency's or the whole
partnership's figures with disclosure control (DOMAIN §11). Other roles: 403."""

from __future__ import annotations

from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Query, Schema
from ninja.params import P, QueryEx

from concord.accounts.disclosure import disclosure_rule
from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency, Service
from concord.core import audit
from concord.core.api_errors import ApiRouter, names_a_record
from concord.domain.periods import Period, date_range, parse_date, parse_period
from concord.indicators import catalogue
from concord.indicators.engine import DisaggregationError, Result, compute
from concord.indicators.publishing import PublishedFigure, is_sensitive, published

router = ApiRouter(tags=["indicators"])
FIRST_DAY = "The first day of a range, like 2012-09-01 (with to, instead of period)"
LAST_DAY = "The last day of a range, like 2012-12-31 (with from, instead of period)"


class IndicatorOut(Schema):
    code: str
    title: str
    definition: str
    group: str
    unit: str
    better: str
    target: int | None
    disaggregations: list[str]
    from_partnership_data: bool  # counts the partnership data files other agencies send


class FigureOut(Schema):
    """Exact figures: ``value`` is the count or the exact percentage as a decimal string;
    ``percentage`` the percentage rounded half up for reports."""

    code: str
    group: str | None
    numerator: int
    denominator: int | None
    not_known: int | None
    value: str | None
    percentage: int | None


class PublishedFigureOut(Schema):
    """Figures with disclosure control: a hidden number is null, with its text ("<5",
    "[c]") beside it; percentages come from the numbers as shown."""

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


class FiguresOut(Schema):
    period: str
    first: str
    last: str
    protected: bool
    figures: list[FigureOut] | None = None
    published: list[PublishedFigureOut] | None = None


def _require(request: ConcordRequest, rule_name: str) -> None:
    if not rules.test_rule(rule_name, request.membership):
        raise PermissionDenied


def _catalogue_entry(indicator: catalogue.Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=indicator.code,
        title=indicator.title,
        definition=indicator.definition,
        group=indicator.group,
        unit=indicator.unit,
        better=indicator.better,
        target=indicator.target,
        disaggregations=list(indicator.disaggregations),
        from_partnership_data=indicator.source.sent,
    )


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request: ConcordRequest) -> list[IndicatorOut]:
    _require(request, "indicators.view_catalogue")
    return [_catalogue_entry(indicator) for indicator in catalogue.INDICATORS]


def _period(text: str | None, first: str | None, last: str | None) -> Period:
    """A quarter or financial year (``period``), or the days from ``from`` to ``to``."""
    if text is not None:
        if first is not None or last is not None:
            raise ValidationError({"period": "Give a period or from and to, not both"})
        try:
            return parse_period(text)
        except ValueError as error:
            raise ValidationError({"period": str(error)}) from None
    days, problems = {}, {}
    for name, day in (("from", first), ("to", last)):
        try:
            days[name] = parse_date(day or "")
        except ValueError as error:
            problems[name] = str(error) if day else "Give a period, or the days from and to"
    if problems:
        raise ValidationError(problems)
    try:
        return date_range(days["from"], days["to"])
    except ValueError as error:
        raise ValidationError({"to": str(error)}) from None


def _codes(codes: list[str] | None) -> list[str] | None:
    unknown = [code for code in codes or () if code not in catalogue.BY_CODE]
    if unknown:
        raise ValidationError({"code": f"No indicator has the code {', '.join(unknown)}"})
    return codes or None


def _agency(request: ConcordRequest, agency_id: UUID | None, own: bool) -> Agency | None:
    if own:
        if agency_id is not None and agency_id != request.membership.agency_id:
            raise Http404
        return request.membership.agency
    if agency_id is None:
        return None
    found = Agency.objects.filter(pk=agency_id).first()
    if found is None:
        raise Http404
    return found


def _service(service_id: UUID | None, agency: Agency | None, own: bool) -> Service | None:
    if service_id is None:
        return None
    services = Service.objects.filter(pk=service_id)
    if own or agency is not None:
        services = services.filter(agency=agency)
    found = services.first()
    if found is None:
        raise Http404
    return found


def _exact(result: Result) -> FigureOut:
    value = result.value
    return FigureOut(
        code=result.code,
        group=result.group,
        numerator=result.numerator,
        denominator=result.denominator,
        not_known=result.not_known,
        value=None if value is None else _decimal(value.numerator, value.denominator),
        percentage=result.whole if result.denominator is not None else None,
    )


def _decimal(numerator: int, denominator: int) -> str:
    if denominator == 1:
        return str(numerator)
    return f"{numerator / denominator:.6f}"


def _published(figure: PublishedFigure) -> PublishedFigureOut:
    return PublishedFigureOut(**figure.__dict__)


@router.get("/indicators/figures", response=FiguresOut)
@names_a_record
def figures(
    request: ConcordRequest,
    period: str | None = None,
    first: QueryEx[str | None, P(alias="from", description=FIRST_DAY)] = None,
    last: QueryEx[str | None, P(alias="to", description=LAST_DAY)] = None,
    code: Query[list[str] | None] = None,
    agency: UUID | None = None,
    service: UUID | None = None,
    disaggregation: str | None = None,
) -> FiguresOut:
    _require(request, "indicators.view_figures")
    own = rules.test_rule("indicators.view_own_figures", request.membership)
    chosen = _period(period, first, last)
    codes = _codes(code)
    found_agency = _agency(request, agency, own)
    found_service = _service(service, found_agency, own)
    try:
        results = compute(
            codes, chosen, agency=found_agency, service=found_service, disaggregation=disaggregation
        )
    except DisaggregationError as error:
        raise ValidationError({"disaggregation": str(error)}) from None
    audit.record(
        "indicators.figures_viewed",
        actor=request.user,
        agency=request.membership.agency,
        object_type="indicators.figures",
        reason=chosen.label,
    )
    answer = FiguresOut(
        period=chosen.label,
        first=chosen.first.isoformat(),
        last=chosen.last.isoformat(),
        protected=not own,
    )
    if own:
        answer.figures = [_exact(result) for result in results]
    else:
        rule = disclosure_rule(sensitive=is_sensitive(disaggregation))
        answer.published = [_published(figure) for figure in published(results, rule)]
    return answer
