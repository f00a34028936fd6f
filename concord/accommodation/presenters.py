"""What the housing pages show: the outcomes as a GOV.UK summary list, the sanctuary
measures as a table, the short panel on the case page and the case timeline's entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from concord.accommodation.models import HOUSING_RELATIONS, HousingRecord, SanctuaryMeasure
from concord.accommodation.services import is_housing_case
from concord.accommodation.vocabulary import OTHER_MEASURE
from concord.accounts.models import User
from concord.cases.case_page import CasePage, CaseSection
from concord.cases.models import Case
from concord.core.presenters import TimelineEntry, govuk_date

NOT_RECORDED = "Not recorded"


def housing_record_of(case: Case) -> HousingRecord | None:
    """The case's housing record, already fetched with the case (see HousingScope.housing_case)."""
    return getattr(case, "housing_record", None)


def measure_name(measure: SanctuaryMeasure) -> str:
    if measure.kind == OTHER_MEASURE and measure.description:
        return f"Other: {measure.description}"
    return measure.get_kind_display()


def _between(start: date | None, end: date | None, still: str) -> str:
    if start is None:
        return ""
    if end is None:
        return f"From {govuk_date(start)}, {still}"
    return f"{govuk_date(start)} to {govuk_date(end)}"


def outcome_lines(record: HousingRecord | None) -> list[tuple[str, str, str, bool]]:
    """(outcome slug, label, value, whether recorded) for each housing outcome, in the
    order the work usually happens."""
    r = record or HousingRecord()  # unsaved and empty: every outcome not recorded
    assessment = ""
    if r.options_assessed_on:
        assessment = f"{govuk_date(r.options_assessed_on)}: {r.options_outcome}"
    transfer = ""
    if r.transferred_on:
        transfer = f"{r.get_transfer_kind_display()} on {govuk_date(r.transferred_on)}"
    moved = ""
    if r.person_causing_harm_moved:
        moved = r.get_person_causing_harm_moved_display()
        if r.person_causing_harm_moved_on:
            moved += f", on {govuk_date(r.person_causing_harm_moved_on)}"
    lines = [
        ("options-assessment", "Housing options assessment", assessment),
        (
            "emergency-accommodation",
            "Emergency temporary accommodation",
            _between(r.emergency_placed_on, r.emergency_left_on, "still there"),
        ),
        (
            "refuge-placement",
            "Refuge placement",
            _between(r.refuge_placed_on, r.refuge_ended_on, "continuing"),
        ),
        ("transfer", "Transfer", transfer),
        ("person-causing-harm-moved", "Person causing harm moved out", moved),
        ("home-secured", "Home secured", govuk_date(r.home_secured_on)),
    ]
    return [(slug, label, value or NOT_RECORDED, bool(value)) for slug, label, value in lines]


def outcome_rows(case: Case, *, can_change: bool) -> list[dict[str, Any]]:
    """Rows of the GOV.UK summary list on the housing page, each with its Record or
    Change link while the case is live."""
    rows = []
    for slug, label, value, recorded in outcome_lines(housing_record_of(case)):
        row: dict[str, Any] = {"key": {"text": label}, "value": {"text": value}}
        if can_change:
            row["actions"] = {
                "items": [
                    {
                        "href": reverse("accommodation:outcome", args=[case.pk, slug]),
                        "text": "Change" if recorded else "Record",
                        "visuallyHiddenText": label.lower(),
                    }
                ]
            }
        rows.append(row)
    return rows


def measure_rows(record: HousingRecord | None) -> list[list[dict[str, str]]]:
    if record is None:
        return []
    return [
        [{"text": measure_name(m)}, {"text": govuk_date(m.fitted_on)}]
        for m in record.sanctuary_measures.all()
    ]


def case_relations(case: Case, user: User) -> tuple[str, ...]:
    """What the case page fetches with a housing case: two more queries, for housing cases
    only."""
    return HOUSING_RELATIONS if is_housing_case(case) else ()


def case_panel(page: CasePage) -> list[dict[str, Any]] | None:
    """The short housing summary on the case page, or None when the case is not at a
    housing service. Reads only what the case page fetched (``case_relations``)."""
    case = page.record
    if not is_housing_case(case):
        return None
    record = housing_record_of(case)
    measures = len(record.sanctuary_measures.all()) if record else 0
    secured = govuk_date(record.home_secured_on) if record and record.home_secured_on else ""
    rows = [
        ("Home secured", secured or "Not yet"),
        ("Sanctuary measures fitted", str(measures)),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def timeline_entries(case: Case) -> list[TimelineEntry]:
    """Housing events of a housing case, for the case page's timeline (empty otherwise)."""
    if not is_housing_case(case):
        return []
    record = housing_record_of(case)
    if record is None:
        return []
    at = record.updated_at
    entries = [
        TimelineEntry(m.fitted_on, m.created_at, "Sanctuary measure fitted", [measure_name(m)])
        for m in record.sanctuary_measures.all()
    ]
    dated = [
        (
            record.options_assessed_on,
            "Housing options assessment",
            [f"Outcome: {record.options_outcome}"],
        ),
        (record.emergency_placed_on, "Placed in emergency temporary accommodation", []),
        (record.emergency_left_on, "Left emergency temporary accommodation", []),
        (record.refuge_placed_on, "Placed in refuge", []),
        (record.refuge_ended_on, "Refuge placement ended", []),
        (record.transferred_on, "Transfer", [record.get_transfer_kind_display()]),
        (record.person_causing_harm_moved_on, "Person causing harm moved out", []),
        (record.home_secured_on, "Home secured", []),
    ]
    entries += [TimelineEntry(day, at, title, details) for day, title, details in dated if day]
    return entries


CASE_SECTION = CaseSection(
    "housing_section",
    20,
    "accommodation/case_section.html",
    build=case_panel,
    prefetch=case_relations,
    timeline=timeline_entries,
)
