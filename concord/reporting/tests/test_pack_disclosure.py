"""The quarterly pack is protected as one set of linked figures: its sections, the strategy
year to date and the trend together (DOMAIN §11). An attacker given every figure published
and the relations the catalogue declares pins down no small count."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from concord.cases.models import SafetyPlan
from concord.cases.tests.factories import CaseFactory
from concord.domain.disclosure import HIDDEN_TO_PROTECT, DisclosureRule
from concord.domain.linked_disclosure import protect
from concord.domain.periods import Quarter, date_range
from concord.domain.tests.attacker import pinned
from concord.indicators.publishing import linked_output
from concord.programmes import vocabulary as programme
from concord.programmes.tests.factories import ProgrammeRecordFactory
from concord.reporting import packs
from concord.reporting.pack_workbook import csv_rows

pytestmark = pytest.mark.django_db
Q3 = Quarter(2013, 3)  # October to December 2013
IN_Q3 = date(2013, 11, 5)
WHOSE = "Riverford partnership"
RULES = [DisclosureRule(), DisclosureRule(round_to_five=True), DisclosureRule(threshold=10)]


@pytest.fixture
def programme_referrals(agency_a):
    """Ten referrals in the quarter: 2 assessed unsuitable, 7 suitable (5 of them engaged)
    and 1 not yet assessed."""
    outcomes = [programme.UNSUITABLE] * 2 + [programme.SUITABLE] * 7 + [""]
    for index, outcome in enumerate(outcomes):
        ProgrammeRecordFactory(
            case__agency=agency_a,
            referral_received_on=IN_Q3,
            assessment_attendance="attended" if outcome else "",
            assessment_outcome=outcome,
            sessions_offered=4 if outcome == programme.SUITABLE else 0,
            sessions_attended=2 if outcome == programme.SUITABLE and index < 7 else 0,
        )


@pytest.fixture
def safety_plans(agency_a):
    """Safety plans completed: 12 in Q1, 3 in Q2 and 20 in Q3 (35 in the year to date)."""
    case: Any = CaseFactory(agency=agency_a)
    for day, number in ((date(2013, 5, 2), 12), (date(2013, 8, 2), 3), (IN_Q3, 20)):
        for _ in range(number):
            SafetyPlan.objects.create(case=case, agency=agency_a, created_on=day, completed_on=day)


def lines(found: packs.Pack) -> dict[str, packs.PackLine]:
    return {line.indicator.code: line for section in found.sections for line in section.lines}


def test_the_programme_lines_no_longer_give_away_unsuitable(programme_referrals):
    """Before: "[c] (<5 of 9)" beside "71% (5 of 7)", so 9 - 7 = 2 were unsuitable."""
    found = lines(packs.pack(Q3.period, whose=WHOSE, rule=DisclosureRule()))

    assert (
        found["programme_unsuitable"].figure == f"{HIDDEN_TO_PROTECT} (<5 of {HIDDEN_TO_PROTECT})"
    )
    assert found["programme_engaged"].figure == f"{HIDDEN_TO_PROTECT} (5 of {HIDDEN_TO_PROTECT})"


def test_a_hidden_quarter_cannot_be_worked_out_from_a_longer_period(safety_plans):
    """A pack of July to December beside its trend: Q2's 3 would be 23 - 20."""
    second_half = date_range(date(2013, 7, 1), date(2013, 12, 31))
    found = packs.pack(second_half, whose=WHOSE, rule=DisclosureRule())
    (line,) = [t for t in found.trend if t.indicator.code == "safety_plans_completed"]
    quarters = [q.figure for q in line.quarters]  # 2012Q4 to 2013Q3
    whole = lines(found)["safety_plans_completed"].figure

    assert quarters[2] == "<5"
    assert HIDDEN_TO_PROTECT in [quarters[3], whole]


def test_a_quarter_published_twice_reads_the_same(safety_plans):
    found = packs.pack(Q3.period, whose=WHOSE, rule=DisclosureRule())
    (line,) = [t for t in found.trend if t.indicator.code == "safety_plans_completed"]

    assert lines(found)["safety_plans_completed"].figure == line.quarters[-1].figure == "20"


@pytest.mark.parametrize("rule", RULES)
def test_the_attacker_pins_nothing_in_the_pack(programme_referrals, safety_plans, rule):
    output = linked_output(packs.pack_blocks(date_range(date(2013, 7, 1), Q3.last)), rule)

    cells = protect(output)

    assert any(cell.text.startswith("<") for cell in cells.values())
    assert pinned(cells, output.relations, rounded=rule.round_to_five) == {}


def test_the_page_and_the_downloads_read_the_same_protected_pack(programme_referrals, safety_plans):
    found = packs.pack(Q3.period, whose=WHOSE, rule=DisclosureRule())
    shown = lines(found)
    figure_rows = [row for row in csv_rows(found) if row[-1] in shown]

    assert len(figure_rows) == len(shown)
    for row in figure_rows:
        numerator = shown[str(row[-1])].numerator
        assert numerator is not None
        assert (numerator.text if numerator.value is None else numerator.value) in row
