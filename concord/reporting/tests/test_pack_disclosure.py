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
from concord.domain.periods import Quarter
from concord.domain.tests.attacker import pinned
from concord.indicators.publishing import linked_output
from concord.programmes import vocabulary as programme
from concord.programmes.tests.factories import ProgrammeRecordFactory
from concord.reporting import packs

pytestmark = pytest.mark.django_db
Q3 = Quarter(2013, 3)  # October to December 2013
IN_Q3 = date(2013, 11, 5)
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


def lines(found: packs.QuarterlyPack) -> dict[str, packs.PackLine]:
    return {line.indicator.code: line for section in found.sections for line in section.lines}


def test_the_programme_lines_no_longer_give_away_unsuitable(programme_referrals):
    """Before: "[c] (<5 of 9)" beside "71% (5 of 7)", so 9 - 7 = 2 were unsuitable."""
    found = lines(packs.pack(Q3.period, rule=DisclosureRule()))

    assert (
        found["programme_unsuitable"].figure == f"{HIDDEN_TO_PROTECT} (<5 of {HIDDEN_TO_PROTECT})"
    )
    assert found["programme_engaged"].figure == f"{HIDDEN_TO_PROTECT} (5 of {HIDDEN_TO_PROTECT})"


def test_a_hidden_quarter_cannot_be_worked_out_from_the_year_to_date(safety_plans):
    found = packs.pack(Q3.period, rule=DisclosureRule())
    (line,) = [t for t in found.trend if t.indicator.code == "safety_plans_completed"]
    quarters = [q.figure for q in line.quarters]

    assert quarters[1] == "<5"
    assert HIDDEN_TO_PROTECT in [*quarters, line.year_to_date.figure]
    assert lines(found)["safety_plans_completed"].figure == quarters[2]  # one figure, one text


@pytest.mark.parametrize("rule", RULES)
def test_the_attacker_pins_nothing_in_the_pack(programme_referrals, safety_plans, rule):
    output = linked_output(packs.pack_blocks(Q3.period), rule)

    cells = protect(output)

    assert any(cell.text.startswith("<") for cell in cells.values())
    assert pinned(cells, output.relations, rounded=rule.round_to_five) == {}


def test_the_page_and_the_downloads_read_the_same_protected_pack(programme_referrals, safety_plans):
    rule = DisclosureRule()
    found = packs.pack(Q3.period, rule=rule)

    assert packs.rows(found.sections) == packs.rows(packs.quarterly_pack(Q3.period, rule=rule))
