"""The engine on what makes a safeguarding lead trust it (issue 19): every date format read
alike, placeholders that never link, households held apart, sex never a veto, withheld
addresses missing, other names, a prior that scales with the records, and tiny inputs."""

import json

import pytest

from concord.domain.dates import parse_date
from concord.linkage import engine
from concord.linkage.clusters import cluster
from concord.synthetic.households import generate_household_identities

pytestmark = pytest.mark.xdist_group("linkage-engine")

SWITCHBOARD = "0116 496 0999"


def person(record_id, given, family, dob, **more):
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": family,
        "dob": dob,
        "sex": more.pop("sex", "F"),
        "postcode": more.pop("postcode", "LE2 9ZZ"),
        "phone": more.pop("phone", ""),
        **more,
    }


HOME = {"postcode": "LE5 3QQ", "address_line_1": "17 Quorn Crescent", "phone": "0116 2990017"}
PLANTED = [
    # Two different people sharing a placeholder date of birth and a switchboard number.
    person("P1", "Wendy", "Okafor", "1900-01-01", phone=SWITCHBOARD, postcode="LE4 1AA"),
    person("P2", "Marta", "Zielinska", "01/01/1900", phone=SWITCHBOARD, postcode="LE4 1AA"),
    # A mother and her daughter: one name, one phone, one postcode.
    person("M1", "Rukhsana", "Begum", "1975-06-11", **HOME),
    person("M2", "Rukhsana", "Begum", "2001-09-23", **HOME),
    # One woman whose year of birth was mistyped in its decade digit.
    person("Y1", "Philippa", "Marchetti", "1975-03-02", postcode="LE3 8DD"),
    person("Y2", "Philippa", "Marchetti", "1995-03-02", postcode="LE3 8DD"),
    # Twins: one birthday, one home, different names.
    person("W1", "Hamza", "Quraishi", "2009-12-05", sex="M", **HOME | {"postcode": "LE1 7TT"}),
    person("W2", "Zayd", "Quraishi", "2009-12-05", sex="M", **HOME | {"postcode": "LE1 7TT"}),
    person("W3", "Zayd", "Quraishi", "2009-12-15", sex="M", **HOME | {"postcode": "LE1 7TT"}),
    person("W4", "Zayd", "Quraishi", "2009-05-12", sex="M", **HOME | {"postcode": "LE1 7TT"}),
    # Twins whose names sound alike but are two names; a girl and a boy with alike names.
    person("H1", "Hassan", "Haji", "2016-02-26", sex="M", **HOME | {"postcode": "LE9 1FR"}),
    person("H2", "Hussein", "Haji", "2016-02-26", sex="M", **HOME | {"postcode": "LE9 1FR"}),
    person("S1", "Sian", "Steele", "2019-03-07", sex="F", **HOME | {"postcode": "LE5 5AR"}),
    person("S2", "Shane", "Steele", "2019-03-07", sex="M", **HOME | {"postcode": "LE5 5AR"}),
    # A couple of one name at one home, born four years apart.
    person("C1", "Gurpreet", "Singh", "1979-11-07", sex="M", **HOME | {"postcode": "LE8 0CC"}),
    person("C2", "Gurpreet", "Singh", "1975-04-05", sex="F", **HOME | {"postcode": "LE8 0CC"}),
    # One man, his name transliterated two ways: not twins.
    person("T1", "Muhammad", "Rahman", "1987-01-19", sex="M", **HOME | {"postcode": "LE4 0JJ"}),
    person("T2", "Mohammed", "Rahman", "1987-01-19", sex="M", **HOME | {"postcode": "LE4 0JJ"}),
    # One man, his short name in one record, a typo in another: not twins.
    person("J1", "Jaswinder", "Sandhu", "1984-08-08", sex="M", **HOME | {"postcode": "LE2 6UU"}),
    person("J2", "Jas", "Sandhu", "1984-08-08", sex="M", **HOME | {"postcode": "LE2 6UU"}),
    person("J3", "Jaswindre", "Sandhu", "1984-08-08", sex="M", **HOME | {"postcode": "LE2 6UU"}),
    # One person, sex recorded differently.
    person("X1", "Jordan", "Whitfield", "1990-04-17", sex="M", postcode="LE7 2PP"),
    person("X2", "Jordan", "Whitfield", "1990-04-17", sex="F", postcode="LE7 2PP"),
    # A maiden name, noted among the other names of the later record.
    person("N1", "Bernadette", "Colquhoun", "1968-10-30", postcode="LE9 4GG"),
    person(
        "N2",
        "Bernadette",
        "Fairbrother",
        "1968-10-30",
        postcode="LE16 7HH",
        other_names="Colquhoun",
    ),
]


def background(size=1200):
    return [
        {name: row[name] for name in engine.COLUMNS}
        for row in generate_household_identities(size, seed=5)
    ]


def switchboard_callers():
    """Enough people calling from one switchboard to show it is one."""
    return [
        person(f"S{n:02d}", f"Caller{chr(65 + n)}", "Lindqvist", "", phone=SWITCHBOARD)
        for n in range(14)
    ]


@pytest.fixture(scope="module")
def records():
    return background() + PLANTED + switchboard_callers()


@pytest.fixture(scope="module")
def model(records):
    return engine.train(background(), seed=3, backend="duckdb")


@pytest.fixture(scope="module")
def scored(records, model):
    return engine.score(records, model, floor=0.001, backend="duckdb")


def probability(scored, left, right):
    left, right = sorted((left, right))
    return max((p for a, b, p in scored.pairs if (a, b) == (left, right)), default=0.0)


def day_month_year(record):
    parsed = parse_date(record["dob"])
    return record | {"dob": parsed.strftime("%d/%m/%Y") if parsed else record["dob"]}


def iso(record):
    parsed = parse_date(record["dob"])
    return record | {"dob": parsed.isoformat() if parsed else record["dob"]}


def test_dd_mm_yyyy_and_iso_dates_give_the_same_prepared_table_and_links(records, model):
    as_iso = [iso(record) for record in records]
    as_uk = [day_month_year(record) for record in records]
    assert engine.prepare(as_iso).equals(engine.prepare(as_uk))
    first = engine.score(as_iso, model, floor=0.5)
    second = engine.score(as_uk, model, floor=0.5)
    assert [(a, b) for a, b, _ in first.pairs] == [(a, b) for a, b, _ in second.pairs]
    assert first.held == second.held


def test_an_unreadable_date_of_birth_is_missing():
    table = engine.prepare([person("a", "Ann", "Lee", "31/02/1990"), person("b", "", "", "")])
    assert table.column("dob").to_pylist() == [None, None]


def test_placeholders_never_link_on_their_own(scored):
    assert probability(scored, "P1", "P2") < 0.5
    assert scored.placeholders["dob"] >= 2
    assert scored.placeholders["phone"] >= 16


def test_placeholders_count_for_nothing(records, model, scored):
    blanked = [
        record | {"dob": "", "phone": ""} if record["record_id"] in {"P1", "P2"} else record
        for record in records
    ]
    again = engine.score(blanked, model, floor=0.001)
    assert probability(scored, "P1", "P2") == pytest.approx(probability(again, "P1", "P2"))


def test_a_mother_and_daughter_with_one_name_phone_and_postcode_are_held(records, scored):
    assert scored.held[("M1", "M2")] == "age_gap"
    found = cluster([r["record_id"] for r in records], scored.pairs, 0.9, apart=scored.held)
    assert found["M1"] != found["M2"]


def test_a_decade_typo_still_links(scored):
    assert ("Y1", "Y2") not in scored.held
    assert probability(scored, "Y1", "Y2") >= 0.9


def test_twins_are_held(scored):
    assert scored.held[("W1", "W2")] == "twins"
    assert scored.held[("W1", "W3")] == "twins"  # one twin's date of birth mistyped
    assert scored.held[("W1", "W4")] == "twins"  # one twin's day and month swapped
    # Zayd's own dates: a typo, and the day and month the other way round (W3, W4: both).
    assert not {("W2", "W3"), ("W2", "W4"), ("W3", "W4")} & set(scored.held)


def test_a_couple_of_one_name_at_one_home_is_held(scored):
    assert scored.held[("C1", "C2")] == "born_apart"


def test_twins_with_alike_names_are_held(scored):
    assert scored.held[("H1", "H2")] == "twins"  # one sound, but three edits apart
    assert scored.held[("S1", "S2")] == "twins"  # a girl and a boy


def test_a_short_name_a_typo_or_a_transliteration_is_not_taken_for_a_twin(scored):
    pairs = {("J1", "J2"), ("J1", "J3"), ("J2", "J3"), ("T1", "T2")}
    assert not pairs & set(scored.held)
    assert probability(scored, "T1", "T2") >= 0.9


def test_a_sex_mismatch_with_everything_else_agreeing_links(scored):
    assert probability(scored, "X1", "X2") >= 0.9


def test_a_maiden_name_among_the_other_names_links(records, model, scored):
    assert probability(scored, "N1", "N2") >= 0.9
    without = [r | {"other_names": ""} if r["record_id"] == "N2" else r for r in records]
    assert probability(engine.score(without, model, floor=0.001), "N1", "N2") < probability(
        scored, "N1", "N2"
    )


def test_a_withheld_address_is_missing_not_a_disagreement(records, model):
    refuge = person("R2", "Bernadette", "Colquhoun", "1968-10-30", **HOME)
    withheld = engine.score([*records, refuge | {"address_withheld": "Yes"}], model, floor=0.001)
    blank = engine.score(
        [*records, refuge | {"postcode": "", "address_line_1": ""}],
        model,
        floor=0.001,
    )
    moved = engine.score([*records, refuge], model, floor=0.001)
    kept = probability(withheld, "N1", "R2")
    assert kept == pytest.approx(probability(blank, "N1", "R2"))
    assert kept > probability(moved, "N1", "R2")
    row = engine.prepare([refuge | {"address_withheld": "y", "uprn": "100023"}]).to_pylist()[0]
    assert [row[c] for c in ("postcode", "address", "street", "uprn")] == [None] * 4


def test_the_trained_model_carries_its_prior(model, records):
    metadata = engine.model_metadata(model)
    assert metadata["records"] == len(background())
    assert 0.2 < metadata["matches_per_record"] < 5
    assert engine.checked_model(model) == model


def test_the_prior_scales_with_the_records_scored(model):
    settings_small = engine._splink_settings(model, 10_001)
    settings_large = engine._splink_settings(model, 1_000_001)
    matches = engine.model_metadata(model)["matches_per_record"]
    assert settings_small["probability_two_random_records_match"] == pytest.approx(matches / 5_000)
    assert settings_large["probability_two_random_records_match"] == pytest.approx(
        matches / 500_000
    )
    assert "concord" not in settings_small
    assert engine.prior(3.0, 2) == engine.MAX_PRIOR


def test_the_metadata_is_part_of_the_model_version(model):
    changed = json.loads(model)
    changed["concord"]["matches_per_record"] += 1
    assert engine.model_version(json.dumps(changed)) != engine.model_version(model)


@pytest.mark.parametrize("metadata", ['"yes"', '{"matches_per_record": -1}'])
def test_bad_metadata_is_refused(model, metadata):
    changed = json.loads(model)
    changed["concord"] = json.loads(metadata)
    with pytest.raises(ValueError):
        engine.checked_model(json.dumps(changed))


@pytest.mark.parametrize("size", [0, 1])
def test_no_pairs_without_two_records(model, size):
    scored = engine.score(PLANTED[:size], model)
    assert (scored.pairs, scored.candidates, scored.held) == ([], 0, {})
    assert scored.blocked_among([("a", "b")]) == set()
    scored.close()


@pytest.mark.parametrize("size", [2, 3])
def test_two_or_three_records_score(model, size):
    same = [person(f"t{n}", "Imogen", "Ashworth", "1983-05-19", phone="07700900555") for n in "ab"]
    other = person("tc", "Tobias", "Renwick", "1961-11-02", sex="M", postcode="LE1 1AA")
    scored = engine.score([*same, other][:size], model, floor=0.5)
    assert [(a, b) for a, b, _ in scored.pairs] == [("ta", "tb")]
    assert scored.blocked("ta", "tb")


def test_one_persons_many_records_keep_their_own_date_of_birth_and_phone(model):
    """A repeat victim's twenty incident records share her date of birth and phone: that is
    one person, not a placeholder or a switchboard (those are held by many names)."""
    repeats = [
        person(f"V{n:02d}", "Shabnam", "Qureshi", "1988-04-17", phone="07700 900417")
        for n in range(20)
    ]
    plain = engine.score(background(), model, floor=0.5, backend="duckdb")
    with_repeats = engine.score(background() + repeats, model, floor=0.5, backend="duckdb")

    assert with_repeats.placeholders == plain.placeholders
    assert probability(with_repeats, "V00", "V19") > 0.99
