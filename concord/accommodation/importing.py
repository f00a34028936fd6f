"""Housing (Safe Home) records imported from an agency's history (``housing_records.csv``
and ``sanctuary_measures.csv``, see docs/data-dictionary/import-format.md), written through
concord.accommodation.services like the pages, on housing cases that may have closed since.

A housing record is one row per case holding its outcomes (options assessment, emergency
accommodation, refuge placement, transfer, person causing harm moved, home secured); each
outcome filled in is recorded by its own service. Sanctuary measures are one row each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS

from concord.accommodation import safe_importing, services
from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accommodation.vocabulary import SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.accounts.models import User
from concord.cases.import_rows import (
    Context,
    Kind,
    Row,
    RowProblem,
    code_value,
    date_value,
    filled,
    imported_case,
    reported_in,
    require,
    required_date,
)
from concord.cases.models import Case
from concord.people import reference as ref


@dataclass(frozen=True)
class HousingOutcome:
    """One outcome of a housing record: its columns (named as the record's fields), the
    columns for what its service names, and how it is recorded from the row."""

    columns: tuple[str, ...]
    named: Mapping[str, str]
    record: Callable[[User, Case, Row], HousingRecord]


def _options_assessment(actor: User, case: Case, row: Row) -> HousingRecord:
    return services.record_options_assessment(
        actor,
        case,
        assessed_on=required_date(row, "options_assessed_on"),
        outcome=row.get("options_outcome", ""),
        historical=True,
    )


def _emergency_accommodation(actor: User, case: Case, row: Row) -> HousingRecord:
    return services.record_emergency_accommodation(
        actor,
        case,
        placed_on=required_date(row, "emergency_placed_on"),
        left_on=date_value(row.get("emergency_left_on", ""), "emergency_left_on"),
        historical=True,
    )


def _refuge_placement(actor: User, case: Case, row: Row) -> HousingRecord:
    return services.record_refuge_placement(
        actor,
        case,
        placed_on=required_date(row, "refuge_placed_on"),
        ended_on=date_value(row.get("refuge_ended_on", ""), "refuge_ended_on"),
        historical=True,
    )


def _transfer(actor: User, case: Case, row: Row) -> HousingRecord:
    return services.record_transfer(
        actor,
        case,
        kind=code_value(row.get("transfer_kind", ""), "transfer_kind", TRANSFER_KINDS),
        transferred_on=required_date(row, "transferred_on"),
        historical=True,
    )


def _person_causing_harm_moved(actor: User, case: Case, row: Row) -> HousingRecord:
    column = "person_causing_harm_moved"
    return services.record_person_causing_harm_moved(
        actor,
        case,
        moved=code_value(row.get(column, ""), column, ref.YES_NO_NOT_KNOWN),
        moved_on=date_value(row.get(f"{column}_on", ""), f"{column}_on"),
        historical=True,
    )


def _home_secured(actor: User, case: Case, row: Row) -> HousingRecord:
    return services.record_home_secured(
        actor, case, secured_on=required_date(row, "home_secured_on"), historical=True
    )


OUTCOMES = (
    HousingOutcome(
        ("options_assessed_on", "options_outcome"),
        {"assessed_on": "options_assessed_on", "outcome": "options_outcome"},
        _options_assessment,
    ),
    HousingOutcome(
        ("emergency_placed_on", "emergency_left_on"),
        {"placed_on": "emergency_placed_on", "left_on": "emergency_left_on"},
        _emergency_accommodation,
    ),
    HousingOutcome(
        ("refuge_placed_on", "refuge_ended_on"),
        {"placed_on": "refuge_placed_on", "ended_on": "refuge_ended_on"},
        _refuge_placement,
    ),
    HousingOutcome(("transfer_kind", "transferred_on"), {"kind": "transfer_kind"}, _transfer),
    HousingOutcome(
        ("person_causing_harm_moved", "person_causing_harm_moved_on"),
        {"moved": "person_causing_harm_moved", "moved_on": "person_causing_harm_moved_on"},
        _person_causing_harm_moved,
    ),
    HousingOutcome(("home_secured_on",), {"secured_on": "home_secured_on"}, _home_secured),
)
OUTCOME_COLUMNS = tuple(column for outcome in OUTCOMES for column in outcome.columns)


def _housing_record(context: Context, row: Row) -> HousingRecord:
    case = imported_case(context, row)
    outcomes = [outcome for outcome in OUTCOMES if filled(row, outcome.columns)]
    if not outcomes:
        raise RowProblem(["case_record_id: the row records no housing outcome"])
    if _has_outcomes(case):
        raise RowProblem(
            ["case_record_id: this case already has housing outcomes; change them in Concord"]
        )
    return [_record(context, case, row, outcome) for outcome in outcomes][-1]


def _has_outcomes(case: Case) -> bool:
    existing = HousingRecord.objects.filter(case=case).first()
    return existing is not None and any(getattr(existing, field) for field in OUTCOME_COLUMNS)


def _record(context: Context, case: Case, row: Row, outcome: HousingOutcome) -> HousingRecord:
    with reported_in({NON_FIELD_ERRORS: "case_record_id", **outcome.named}):
        return outcome.record(context.actor, case, row)


SANCTUARY_REQUIRED = ("case_record_id", "kind", "fitted_on")


def _sanctuary_measure(context: Context, row: Row) -> SanctuaryMeasure:
    require(row, *SANCTUARY_REQUIRED)
    with reported_in({NON_FIELD_ERRORS: "case_record_id"}):
        return services.add_sanctuary_measure(
            context.actor,
            imported_case(context, row),
            kind=code_value(row["kind"], "kind", SANCTUARY_MEASURES),
            fitted_on=required_date(row, "fitted_on"),
            description=row.get("description", ""),
            historical=True,
        )


KINDS: tuple[Kind, ...] = (
    Kind(
        "housing_records",
        ("record_id", "case_record_id", *OUTCOME_COLUMNS),
        _housing_record,
        required=("case_record_id",),
    ),
    Kind(
        "sanctuary_measures",
        ("record_id", *SANCTUARY_REQUIRED, "description"),
        _sanctuary_measure,
        required=SANCTUARY_REQUIRED,
    ),
    *safe_importing.KINDS,
)
