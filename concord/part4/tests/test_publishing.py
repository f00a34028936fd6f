"""The return for publication: small numbers hidden, and none of them can be worked out
from the totals or any other figure published with it (the attacker solves it)."""

from __future__ import annotations

from datetime import date

import pytest

from concord.accommodation.tests.factories import AccommodationServiceFactory, UnitFactory
from concord.domain.disclosure import STANDARD, DisclosureRule
from concord.domain.tests.attacker import pinned
from concord.part4.figures import ALL, TOTAL, part4_figures
from concord.part4.publishing import linked_return, name, published_cells
from concord.part4.tests.conftest import YEAR
from concord.part4.tests.factories import household

pytestmark = pytest.mark.django_db
SENSITIVE = DisclosureRule(threshold=10)
ENDED = {"moved_out_on": date(2025, 12, 1), "leaving_reason": "moved_on"}


@pytest.fixture
def county(refuge):
    dispersed = AccommodationServiceFactory(accommodation_type="dispersed")
    for number in range(10):
        ended = ENDED if number < 7 else {}
        household(refuge, adults=[{"sex": "female", "gender_same_as_birth": "yes"}],
                  children=1, move_on_destination="social_tenancy" if ended else "", **ended)  # fmt: skip
    for _ in range(3):
        household(refuge, adults=[{"sex": "male", "gender_same_as_birth": "yes"}])
    for _ in range(2):
        household(dispersed, adults=[{"sex": "female", "gender_same_as_birth": "no"}])
    return refuge


@pytest.mark.parametrize("rule", [STANDARD, DisclosureRule(round_to_five=True)])
def test_no_small_number_can_be_worked_out_from_the_rest(county, rule):
    figures = part4_figures(YEAR)
    sensitive = DisclosureRule(threshold=10, round_to_five=rule.round_to_five)
    output = linked_return(figures, rule, sensitive)
    cells = published_cells(figures, rule, sensitive)
    assert pinned(cells, output.relations, rounded=rule.round_to_five) == {}
    assert cells[name("sex", "male", "refuge")].text == "<5"
    assert cells[name("trans", "trans", "dispersed")].text == "<10"


def test_a_hidden_part_takes_another_with_it_so_the_total_does_not_give_it_away(county):
    cells = published_cells(part4_figures(YEAR), STANDARD, SENSITIVE)
    sex = [cells[name("sex", line, "refuge")] for line in ("female", "male", "not_known")]
    adults = cells[name("supported", "adults", "refuge")]
    assert sex[1].text == "<5"
    # adults (13) = female (10) + male (3) + not known (0): one more of them must be hidden
    assert sum(cell.is_hidden for cell in (*sex, adults) if cell.value) >= 2


def test_the_declared_relations_are_those_the_figures_keep(county):
    figures = part4_figures(YEAR)
    output = linked_return(figures, STANDARD, SENSITIVE)
    declared = {tuple(sorted(relation.names)) for relation in output.relations}
    refuge_sex = tuple(sorted(
        [name("supported", "adults", "refuge")]
        + [name("sex", line, "refuge") for line in ("female", "male", "not_known")]
    ))  # fmt: skip
    assert refuge_sex in declared
    moved_on = tuple(sorted([name("stopped", "moved_on", TOTAL), name("destinations", ALL, TOTAL)]))
    assert moved_on in declared
    assert all(relation.holds(output.counts | output.unknowns) for relation in output.relations)


def test_bed_spaces_are_published_exactly(county):
    UnitFactory(accommodation=county, bed_spaces=3)
    cells = published_cells(part4_figures(YEAR), STANDARD, SENSITIVE)
    assert not any(key.startswith("bed_spaces|") for key in cells)
