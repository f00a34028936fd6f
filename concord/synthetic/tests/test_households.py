"""The household generator: the same rows from the same seed, streamed, with the hard cases
for linkage (namesakes in one household, twins, placeholders, refuges) at the rates set."""

from __future__ import annotations

import itertools
import random
import tracemalloc
from collections import Counter, defaultdict
from datetime import date

import pytest

from concord.domain.dates import parse_date
from concord.linkage import engine
from concord.synthetic import households as generator
from concord.synthetic.households import (
    COLUMNS,
    NICKNAMES,
    PLACEHOLDER_NAME,
    RATES,
    REFUGE,
    SWITCHBOARDS,
    generate_household_identities,
    generate_households,
)

RECORDS = 20_000


@pytest.fixture(scope="module")
def rows():
    return list(generate_household_identities(RECORDS, seed=5))


@pytest.fixture(scope="module")
def households():
    return list(itertools.islice(generate_households(seed=5), 8_000))


def share(rows, test):
    return sum(1 for row in rows if test(row)) / len(rows)


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    first = list(generate_household_identities(500, seed=3))

    assert first == list(generate_household_identities(500, seed=3))
    assert first != list(generate_household_identities(500, seed=4))


def test_a_shorter_run_is_the_start_of_a_longer_one():
    assert list(generate_household_identities(300, seed=2)) == list(
        itertools.islice(generate_household_identities(1_000, seed=2), 300)
    )


def test_exactly_the_records_asked_for_each_with_its_own_id(rows):
    assert list(generate_household_identities(0)) == []
    assert len(rows) == RECORDS
    assert len({row["record_id"] for row in rows}) == RECORDS


def test_rows_carry_the_truth_and_every_column_the_engine_reads(rows):
    assert set(engine.COLUMNS) <= set(COLUMNS)
    assert all(tuple(row) == COLUMNS for row in rows)
    assert {row["relation"] for row in rows} == {"adult", "child", "adult_child", "twin"}
    assert all(row["record_id"] for row in rows)


def test_rows_stream_in_little_memory():
    tracemalloc.start()
    try:
        for _ in generate_household_identities(30_000, seed=1):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 5 * 1024 * 1024  # a list of these rows would take far more than 30 MB


def test_a_huge_request_starts_at_once():
    first = list(itertools.islice(generate_household_identities(10**9, seed=1), 5))

    assert len(first) == 5


def test_most_people_have_one_record_and_no_one_more_than_eight(rows):
    per_person = Counter(row["person_id"] for row in rows)
    counts = Counter(per_person.values())

    assert max(counts) == 8
    assert counts[1] / len(per_person) == pytest.approx(0.45, abs=0.04)


def test_placeholder_dates_of_birth_at_about_three_in_a_hundred(rows):
    placeholder = share(rows, lambda row: parse_date(row["dob"]) == date(1900, 1, 1))

    assert placeholder == pytest.approx(RATES["placeholder_dob"], abs=0.008)


def test_year_only_dates_are_the_first_of_january_sometimes_flagged_estimated(rows):
    flagged = [row for row in rows if row["dob_estimated"] == "yes"]

    assert len(flagged) / len(rows) == pytest.approx(0.01, abs=0.005)
    assert {(parse_date(row["dob"]).month, parse_date(row["dob"]).day) for row in flagged} == {
        (1, 1)
    }
    assert all(parse_date(row["dob"]).year > 1900 for row in flagged)


def test_dates_are_written_iso_or_day_month_year_and_all_parse(rows):
    written = [row["dob"] for row in rows if row["dob"]]

    assert all(parse_date(text) is not None for text in written)
    uk = sum("/" in text for text in written) / len(written)
    assert uk == pytest.approx(RATES["day_month_year"], abs=0.02)
    assert share(rows, lambda row: not row["dob"]) == pytest.approx(0.04, abs=0.01)


def test_refuge_records_withhold_the_address(rows):
    refuge = [row for row in rows if row["agency"] == REFUGE]
    women = [row for row in rows if row["sex"] == "F" and row["relation"] == "adult"]

    assert len(refuge) / len(women) == pytest.approx(RATES["refuge"], abs=0.03)
    for row in refuge:
        assert row["address_withheld"] == "yes"
        assert not (row["postcode"] or row["address_line_1"] or row["uprn"] or row["town"])
    others = [row for row in rows if row["agency"] != REFUGE]
    assert all(row["address_withheld"] == "" for row in others)
    assert share(others, lambda row: bool(row["address_line_1"])) == pytest.approx(0.7, abs=0.03)


def test_uprns_are_digits_of_twelve_at_most(rows):
    uprns = [row["uprn"] for row in rows if row["uprn"]]

    assert uprns
    assert all(uprn.isdigit() and len(uprn) <= 12 for uprn in uprns)


def test_placeholder_names_and_switchboard_phones_shared_by_many(rows):
    unknown = share(rows, lambda row: row["given_name"] == PLACEHOLDER_NAME)
    switchboard = [row for row in rows if row["phone"] in SWITCHBOARDS.values()]

    assert unknown == pytest.approx(RATES["placeholder_name"], abs=0.003)
    assert len({row["person_id"] for row in switchboard}) > 100
    assert all(row["phone"] == SWITCHBOARDS[row["agency"]] for row in switchboard)
    per_number = Counter(row["phone"] for row in switchboard)
    assert sum(1 for count in per_number.values() if count >= 10) >= 5


def test_people_move_to_a_new_postcode_between_records(rows):
    postcodes = defaultdict(set)
    for row in rows:
        if row["postcode"]:
            postcodes[row["person_id"]].add(row["postcode"])

    moved = sum(len(seen) > 1 for seen in postcodes.values())
    assert moved > 0.05 * len(postcodes)


def test_a_household_shares_an_address_and_often_a_landline(households):
    for household in households[:200]:
        assert household.address.postcode
        assert household.address.line_1
    with_landline = sum(bool(household.landline) for household in households)
    assert with_landline / len(households) == pytest.approx(0.45, abs=0.03)


def test_records_of_one_household_share_a_postcode(rows):
    people_at = defaultdict(set)
    for row in rows:
        if row["postcode"]:
            people_at[(row["household_id"], row["postcode"])].add(row["person_id"])
    shared = {household for (household, _), people in people_at.items() if len(people) > 1}
    households_of_several = {
        household for household, people in _people_by_household(rows).items() if len(people) > 1
    }

    assert len(shared) / len(households_of_several) > 0.9


def _people_by_household(rows):
    people = defaultdict(set)
    for row in rows:
        people[row["household_id"]].add(row["person_id"])
    return people


def test_some_children_share_both_names_with_a_parent(households):
    with_children = [h for h in households if any(m.relation != "adult" for m in h.members)]
    namesakes = [
        household
        for household in with_children
        if any(
            (adult.given_name, adult.family_name) == (child.given_name, child.family_name)
            for adult in household.members
            if adult.relation == "adult"
            for child in household.members
            if child.relation != "adult"
        )
    ]

    assert 0.04 < len(namesakes) / len(with_children) < 0.2


def test_every_child_is_born_sixteen_years_or_more_after_each_parent(households):
    for household in households:
        adults = [m for m in household.members if m.relation == "adult"]
        for child in (m for m in household.members if m.relation != "adult"):
            # Birth years 16 or more apart: the engine's 12-year household rule applies.
            assert all(child.dob.year - adult.dob.year >= 16 for adult in adults)
            assert all((child.dob - adult.dob).days >= 16 * 365 for adult in adults)


def test_a_mother_and_daughter_may_be_recorded_with_the_same_name_phone_and_postcode(rows):
    seen: dict[tuple[str, ...], str] = {}
    clashes = 0
    for row in rows:
        if not (row["given_name"] and row["phone"] and row["postcode"]):
            continue
        key = (row["given_name"], row["family_name"], row["phone"], row["postcode"])
        other = seen.setdefault(key, row["person_id"])
        clashes += other != row["person_id"] and row["phone"] not in SWITCHBOARDS.values()
    assert clashes > 5


def test_twins_share_date_of_birth_family_name_and_address_not_given_name(households):
    twins = [
        [m for m in household.members if m.relation == "twin"]
        for household in households
        if any(m.relation == "twin" for m in household.members)
    ]

    assert len(twins) > 60
    alike = 0
    for first, second in twins:
        assert first.dob == second.dob
        assert first.given_name != second.given_name
        if first.sex == second.sex:
            assert first.family_name == second.family_name
        alike += first.given_name[0] == second.given_name[0]
    assert alike / len(twins) > 0.2


def test_twins_records_mostly_show_the_same_date_of_birth(rows):
    dates = defaultdict(Counter)
    for row in rows:
        if row["relation"] == "twin" and parse_date(row["dob"]) not in (None, date(1900, 1, 1)):
            dates[row["household_id"]][parse_date(row["dob"])] += 1
    shared = sum(1 for counts in dates.values() if counts.most_common(1)[0][1] >= 2)

    assert shared / len(dates) > 0.8


def test_nicknames_maiden_names_and_known_as_names_appear(rows, households):
    nicknamed = [
        row
        for row in rows
        if any(row["given_name"] in short for short in NICKNAMES.values())
        and row["given_name"] not in NICKNAMES
    ]
    assert len(nicknamed) > 40
    married = [m for h in households for m in h.members if m.maiden_name]
    assert married
    assert all(m.maiden_name != m.family_name or m.origin != "sikh" for m in married)
    others = [row["other_names"] for row in rows if row["other_names"]]
    assert len(others) / len(rows) > 0.03


def test_a_typo_is_one_edit_and_keeps_short_names():
    rng = random.Random(1)

    assert generator.typo(rng, "Al") == "Al"
    for _ in range(50):
        changed = generator.typo(rng, "Katarzyna")
        assert abs(len(changed) - len("Katarzyna")) <= 1
        assert changed[0] == "K"


def test_a_mistyped_date_of_birth_is_still_a_date():
    rng = random.Random(2)

    for _ in range(200):
        assert isinstance(generator._dob_typo(rng, date(1990, 2, 28)), date)
