"""What the housing pages show: the outcomes as a GOV.UK summary list, the sanctuary
measures as a table, the short panel on the case page and the case timeline's entries; and
what the safe accommodation pages show: a provider's units, the vacancy board (never where
a unit is), a stay with each member of the household, and the case page's stays."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import rules
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html

from concord.accommodation import vocabulary as v
from concord.accommodation.models import (
    HOUSING_RELATIONS,
    AccommodationService,
    HousingRecord,
    SanctuaryMeasure,
    Stay,
    Unit,
    UnmetNeed,
)
from concord.accommodation.services import ACCOMMODATION_KINDS, accommodation_of, is_housing_case
from concord.accommodation.vocabulary import OTHER_MEASURE
from concord.accounts.models import User
from concord.cases import lifecycle
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


# Safe accommodation ---------------------------------------------------------------------------


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def labels(codes: list[str], choices: v.Choices, none: str = "") -> str:
    names = dict(choices)
    return ", ".join(names.get(code, code) for code in codes) or none


def bed_spaces(count: int) -> str:
    return "1 bed space" if count == 1 else f"{count} bed spaces"


def accommodation_rows(accommodation: AccommodationService | None) -> list[dict[str, Any]]:
    """The accommodation service's summary list on its set-up page."""
    if accommodation is None:
        return []
    rows = [
        ("Type", accommodation.get_accommodation_type_display()),
        ("Funding", accommodation.get_funding_source_display()),
        ("Commissioned", _yes(accommodation.commissioned)),
    ]
    if accommodation.is_sanctuary_scheme:
        rows.append(("Homes it can secure at once", str(accommodation.sanctuary_places or 0)))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def unit_state(unit: Unit, today: date) -> str:
    if unit.out_of_use:
        return "Out of use"
    if unit.closed_on and unit.closed_on <= today:
        return "Closed"
    return "Open"


def unit_rows(units: list[Unit], today: date) -> list[list[dict[str, Any]]]:
    """The provider's units on the set-up page: what each offers, with links to change it
    and to show where it is (never the location itself)."""
    rows: list[list[dict[str, Any]]] = []
    for unit in units:
        links = format_html(
            '<a class="govuk-link" href="{}">Change<span class="govuk-visually-hidden"> {}'
            '</span></a><br><a class="govuk-link" href="{}">Show where it is'
            '<span class="govuk-visually-hidden"> {}</span></a>',
            reverse("accommodation:unit", args=[unit.pk]),
            unit.label,
            reverse("accommodation:unit-location", args=[unit.pk]),
            unit.label,
        )
        rows.append(
            [
                {"text": unit.label},
                {"text": str(unit.bed_spaces), "format": "numeric"},
                {"text": labels(unit.groups, v.UNIT_GROUPS, "Anyone")},
                {"text": unit_features(unit) or "None"},
                {"text": unit_state(unit, today)},
                {"html": links},
            ]
        )
    return rows


def unmet_need_rows(needs: Iterable[UnmetNeed]) -> list[list[dict[str, Any]]]:
    """Households referred from outside Concord that the service could not support."""
    return [
        [
            {"text": govuk_date(need.referred_on)},
            {"text": need.get_reason_display()},
            {"text": str(need.adults), "format": "numeric"},
            {"text": str(need.children), "format": "numeric"},
            {"text": labels(need.characteristics, v.SPECIALIST_CHARACTERISTICS, "None recorded")},
            {"text": need.get_from_out_of_area_display()},
        ]
        for need in needs
    ]


def unit_features(unit: Unit) -> str:
    features = [
        ("Wheelchair accessible", unit.accessible),
        ("Takes sons aged 12 and over", unit.takes_older_boys),
        ("Takes pets", unit.takes_pets),
        ("Not commissioned", not unit.commissioned),
    ]
    return ", ".join(text for text, has in features if has)


def vacancy_rows(units: list[Unit]) -> list[list[dict[str, Any]]]:
    """The vacancy board: who runs it, its type, its bed spaces and who it suits. Never
    where: no location, no service name (which may name a place), no unit label."""
    return [
        [
            {"text": unit.agency.name},
            {"text": unit.accommodation.get_accommodation_type_display()},
            {"text": str(unit.bed_spaces), "format": "numeric"},
            {"text": labels(unit.groups, v.UNIT_GROUPS, "Anyone")},
            {"text": _yes(unit.accessible)},
            {"text": _yes(unit.takes_older_boys)},
            {"text": _yes(unit.takes_pets)},
        ]
        for unit in units
    ]


def vacancy_totals(units: list[Unit]) -> list[dict[str, Any]]:
    """Units and bed spaces free, by type, above the board."""
    totals: dict[str, list[int]] = {}
    for unit in units:
        counts = totals.setdefault(unit.accommodation.get_accommodation_type_display(), [0, 0])
        counts[0] += 1
        counts[1] += unit.bed_spaces
    return [
        {
            "key": {"text": kind},
            "value": {"text": f"{units} {'unit' if units == 1 else 'units'}, {bed_spaces(spaces)}"},
        }
        for kind, (units, spaces) in sorted(totals.items())
    ]


def stay_period(stay: Stay) -> str:
    if stay.moved_out_on is None:
        return f"From {govuk_date(stay.moved_in_on)}, staying"
    return f"{govuk_date(stay.moved_in_on)} to {govuk_date(stay.moved_out_on)}"


def stay_rows(stay: Stay) -> list[dict[str, Any]]:
    """The stay's summary list: where in the service (the unit's name only), when, and
    how it ended. A sanctuary scheme's shows the housing record's measures and home."""
    rows = [
        ("Accommodation", stay.accommodation.get_accommodation_type_display()),
        ("Unit", stay.unit.label if stay.unit else "None: their own home"),
        ("Dates", stay_period(stay)),
        ("From outside the area", stay.get_from_out_of_area_display()),
    ]
    if stay.moved_out_on:
        rows.append(("Why they left", stay.get_leaving_reason_display()))
        rows.append(("Moved on to", stay.get_move_on_destination_display() or NOT_RECORDED))
        if stay.ready_to_move_on_on:
            rows.append(("Ready to move on", govuk_date(stay.ready_to_move_on_on)))
    record = stay.housing_record
    if record is not None:
        rows.append(("Sanctuary measures fitted", str(len(record.sanctuary_measures.all()))))
        rows.append(("Home secured", govuk_date(record.home_secured_on) or "Not yet"))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def member_cards(stay: Stay, case: Case, *, can_record: bool) -> list[dict[str, Any]]:
    """Each member of the household in their own right: adult or child, characteristics
    and the support they received, with links to record more."""
    cards = []
    for member in stay.members.all():
        support = [
            [
                {"text": s.get_kind_display()},
                {"text": govuk_date(s.started_on)},
                {"text": s.note},
            ]
            for s in member.support.all()
        ]
        args = [case.pk, stay.pk, member.pk]
        cards.append(
            {
                "id": member.pk,
                "name": str(member.person),
                "role": "Child" if member.is_child else "Adult",
                "characteristics": labels(
                    member.characteristics, v.SPECIALIST_CHARACTERISTICS, "None recorded"
                ),
                "support": support,
                "characteristics_url": reverse("accommodation:characteristics", args=args)
                if can_record
                else "",
                "support_url": reverse("accommodation:add-support", args=args)
                if can_record
                else "",
            }
        )
    return cards


def stays_of(case: Case) -> list[Stay]:
    """The case's stays, as the case page or ``accommodation_case`` fetched them."""
    return list(case.stays.all())


def stay_relations(case: Case, user: User) -> tuple[str | Prefetch[Any], ...]:
    """What the case page fetches with a case at a refuge or housing service: whether it
    is an accommodation service, and the case's stays with their units (two queries)."""
    if case.service.kind not in ACCOMMODATION_KINDS:
        return ()
    return ("service__accommodation", Prefetch("stays", Stay.objects.select_related("unit")))


def stay_panel(page: CasePage) -> dict[str, Any] | None:
    """The safe accommodation part of the case page, or None when the case is not at an
    accommodation service."""
    case = page.record
    if case.service.kind not in ACCOMMODATION_KINDS or accommodation_of(case) is None:
        return None
    stays = stays_of(case)
    can_place = (
        lifecycle.is_active(case.status)
        and rules.test_rule("accommodation.record_housing", page.request.membership)
        and all(stay.moved_out_on for stay in stays)
    )
    rows = [
        [
            {
                "html": format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("accommodation:stay", args=[case.pk, stay.pk]),
                    stay_period(stay),
                )
            },
            {"text": stay.unit.label if stay.unit else "Their own home"},
        ]
        for stay in stays
    ]
    place_url = reverse("accommodation:place", args=[case.pk]) if can_place else ""
    return {"rows": rows, "place_url": place_url}


def stay_timeline(case: Case) -> list[TimelineEntry]:
    """Moves in and out of the case's stays (those the case page fetched)."""
    if case.service.kind not in ACCOMMODATION_KINDS:
        return []
    entries = []
    for stay in stays_of(case):
        where = stay.unit.label if stay.unit else "Sanctuary scheme"
        entries.append(TimelineEntry(stay.moved_in_on, stay.created_at, "Moved in", [where]))
        if stay.moved_out_on:
            left = [stay.get_leaving_reason_display(), stay.get_move_on_destination_display()]
            entries.append(
                TimelineEntry(
                    stay.moved_out_on, stay.updated_at, "Moved out", [d for d in left if d]
                )
            )
    return entries


STAY_SECTION = CaseSection(
    "stay_section",
    21,
    "accommodation/stay_section.html",
    build=stay_panel,
    prefetch=stay_relations,
    timeline=stay_timeline,
)
