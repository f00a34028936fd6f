"""Every write to housing (Safe Home) records. Each runs in one transaction, takes the
acting user, checks the dates (none in the future, none before the referral, an end never
before its start) and writes its audit event against the case.

A case has one housing record, made when its first housing outcome is recorded. Each
outcome is recorded once and may be corrected: a home is secured once per case, so
recording it again changes the date rather than counting a second home.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accommodation.vocabulary import OTHER_MEASURE, SANCTUARY_MEASURES, TRANSFER_KINDS
from concord.accounts.models import ServiceKind, User
from concord.cases import lifecycle
from concord.cases.models import Case
from concord.core import audit
from concord.core.validators import early_problem, future_problem
from concord.people import reference as ref


def is_housing_case(case: Case) -> bool:
    return case.service.kind == ServiceKind.HOUSING


def _check_case(case: Case, historical: bool) -> None:
    """Housing work is recorded on a live case at a housing service; a record imported from
    the agency's history (``historical``) may be on a case closed since."""
    if not is_housing_case(case):
        raise ValidationError("Housing records are kept on cases at a housing service")
    if not historical and not lifecycle.is_active(case.status):
        raise ValidationError("Reopen the case before recording housing work")


def _check_dates(case: Case, days: Iterable[tuple[date | None, str, str]]) -> None:
    """Each (day, field, label): not in the future and not before the referral."""
    referred_on = timezone.localtime(case.referred_at).date()
    problems: dict[str, str] = {}
    for day, field, label in days:
        if day is None:
            continue
        problem = future_problem(day, label) or early_problem(
            day, referred_on, label, "the referral"
        )
        if problem:
            problems[field] = problem
    if problems:
        raise ValidationError(problems)


def _check_order(start: date | None, end: date | None, field: str, message: str) -> None:
    if end is not None and (start is None or end < start):
        raise ValidationError({field: message})


def _record(case: Case) -> HousingRecord:
    record, _ = HousingRecord.objects.select_for_update().get_or_create(
        case=case, defaults={"agency": case.agency}
    )
    return record


def _update(actor: User, case: Case, action: str, values: dict[str, Any]) -> HousingRecord:
    return audit.save_changes(
        _record(case),
        values,
        action,
        actor=actor,
        agency=case.agency,
        target=case,
        prefix="housing_record.",
        exclude=["case"],
    )


@transaction.atomic
def record_options_assessment(
    actor: User, case: Case, *, assessed_on: date, outcome: str, historical: bool = False
) -> HousingRecord:
    """The housing options assessment: when, and its outcome in a few words."""
    _check_case(case, historical)
    _check_dates(case, [(assessed_on, "assessed_on", "The date of the assessment")])
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": "Enter the outcome of the assessment"})
    return _update(
        actor,
        case,
        "housing.options_assessment_recorded",
        {"options_assessed_on": assessed_on, "options_outcome": outcome},
    )


@transaction.atomic
def add_sanctuary_measure(
    actor: User,
    case: Case,
    *,
    kind: str,
    fitted_on: date,
    description: str = "",
    historical: bool = False,
) -> SanctuaryMeasure:
    """One sanctuary (target-hardening) measure fitted to the home."""
    _check_case(case, historical)
    if kind not in ref.codes(SANCTUARY_MEASURES):
        raise ValidationError({"kind": "Select the kind of measure"})
    description = description.strip()
    if kind == OTHER_MEASURE and not description:
        raise ValidationError({"description": "Describe the measure that was fitted"})
    _check_dates(case, [(fitted_on, "fitted_on", "The date fitted")])
    record = _record(case)
    measure = SanctuaryMeasure(
        agency=case.agency,
        housing_record=record,
        kind=kind,
        description=description,
        fitted_on=fitted_on,
    )
    measure.full_clean()
    measure.save()
    audit.record(
        "housing.sanctuary_measure_added",
        actor=actor,
        agency=case.agency,
        target=case,
        changes=["housing_record.sanctuary_measures"],
    )
    return measure


@transaction.atomic
def record_emergency_accommodation(
    actor: User,
    case: Case,
    *,
    placed_on: date,
    left_on: date | None = None,
    historical: bool = False,
) -> HousingRecord:
    """Emergency temporary accommodation: placed on, and left on once the person has left."""
    _check_case(case, historical)
    _check_dates(
        case,
        [(placed_on, "placed_on", "The date placed"), (left_on, "left_on", "The date left")],
    )
    _check_order(placed_on, left_on, "left_on", "The date left cannot be before the date placed")
    return _update(
        actor,
        case,
        "housing.emergency_accommodation_recorded",
        {"emergency_placed_on": placed_on, "emergency_left_on": left_on},
    )


@transaction.atomic
def record_refuge_placement(
    actor: User,
    case: Case,
    *,
    placed_on: date,
    ended_on: date | None = None,
    historical: bool = False,
) -> HousingRecord:
    """A refuge placement: placed on, and ended on once it has ended. Where the refuge is
    is not recorded here."""
    _check_case(case, historical)
    _check_dates(
        case,
        [(placed_on, "placed_on", "The date placed"), (ended_on, "ended_on", "The date ended")],
    )
    _check_order(placed_on, ended_on, "ended_on", "The placement cannot end before the date placed")
    return _update(
        actor,
        case,
        "housing.refuge_placement_recorded",
        {"refuge_placed_on": placed_on, "refuge_ended_on": ended_on},
    )


@transaction.atomic
def record_transfer(
    actor: User, case: Case, *, kind: str, transferred_on: date, historical: bool = False
) -> HousingRecord:
    """A move to another tenancy: a management transfer, a reciprocal arrangement or other."""
    _check_case(case, historical)
    if kind not in ref.codes(TRANSFER_KINDS):
        raise ValidationError({"kind": "Select the kind of transfer"})
    _check_dates(case, [(transferred_on, "transferred_on", "The date of the transfer")])
    return _update(
        actor,
        case,
        "housing.transfer_recorded",
        {"transfer_kind": kind, "transferred_on": transferred_on},
    )


@transaction.atomic
def record_person_causing_harm_moved(
    actor: User,
    case: Case,
    *,
    moved: str,
    moved_on: date | None = None,
    historical: bool = False,
) -> HousingRecord:
    """Whether the person causing harm moved out (yes, no or not known) and, if so, when."""
    _check_case(case, historical)
    if moved not in ref.codes(ref.YES_NO_NOT_KNOWN):
        raise ValidationError({"moved": "Select yes, no or not known"})
    if moved != "yes" and moved_on is not None:
        raise ValidationError(
            {"moved_on": "Leave the date empty unless the person causing harm moved"}
        )
    _check_dates(case, [(moved_on, "moved_on", "The date they moved")])
    return _update(
        actor,
        case,
        "housing.person_causing_harm_moved_recorded",
        {"person_causing_harm_moved": moved, "person_causing_harm_moved_on": moved_on},
    )


@transaction.atomic
def record_home_secured(
    actor: User, case: Case, *, secured_on: date, historical: bool = False
) -> HousingRecord:
    """The home is secured: counted once per case in "homes secured" (DOMAIN §7).
    Recording it again corrects the date; it never counts a second home."""
    _check_case(case, historical)
    _check_dates(case, [(secured_on, "secured_on", "The date the home was secured")])
    existing = HousingRecord.objects.filter(case=case, home_secured_on__isnull=False).exists()
    return _update(
        actor,
        case,
        "housing.home_secured_changed" if existing else "housing.home_secured",
        {"home_secured_on": secured_on},
    )
