"""Scored pairs to people (concord.linkage.linking): households held, ambiguous records
linked to neither, two generations split, reviewers' decisions first."""

from concord.linkage import linking


def household_record(record_id, dob):
    return {
        "record_id": record_id,
        "given_name": "Aisha",
        "family_name": "Khan",
        "dob": dob,
        "sex": "F",
        "postcode": "LE1 6FT",
        "phone": "07700 900123",
    }


def test_an_undated_record_of_a_mother_or_her_daughter_links_to_neither():
    """A mother and daughter with the same name, phone and postcode, and a record of one of
    them with no date of birth that scores as high with both: never one person
    automatically, and the undated record's pairs are held for review."""
    records = [
        household_record("mum", "1975-06-11"),
        household_record("mum2", "11/06/1975"),
        household_record("girl", "2001-09-23"),
        household_record("undated", ""),
    ]
    pairs = [
        ("girl", "mum", 0.995),
        ("girl", "mum2", 0.995),
        ("girl", "undated", 0.9999),
        ("mum", "mum2", 0.9999),
        ("mum", "undated", 0.9999),
        ("mum2", "undated", 0.9999),
    ]
    held = {("girl", "mum"): "age_gap", ("girl", "mum2"): "age_gap"}
    ids = [record["record_id"] for record in records]

    linked = linking.link(ids, records, pairs, held, 0.99, max_size=20)

    found, kept = linked.found, linked.held

    assert found == {"mum": "mum", "mum2": "mum", "girl": "girl", "undated": "undated"}
    assert {pair for pair, reason in kept.items() if reason == "ambiguous"} == {
        ("girl", "undated"),
        ("mum", "undated"),
        ("mum2", "undated"),
    }


def test_an_undated_record_makes_no_chain_between_a_couple_of_one_name():
    """Two women of one name at one home, born four years apart, their records never scored
    against each other, and a record of one of them with no date of birth that scores high
    with both: it is linked to neither automatically, so no chain makes the two one."""
    records = [
        household_record("aisha", "1979-11-07"),
        household_record("aisha2", "07/11/1979"),
        household_record("partner", "1975-04-05"),
        household_record("undated", ""),
    ]
    pairs = [
        ("aisha", "aisha2", 0.9999),
        ("aisha", "undated", 0.9999),
        ("partner", "undated", 0.9999),
    ]
    ids = [record["record_id"] for record in records]

    linked = linking.link(ids, records, pairs, {}, 0.99, max_size=20)

    assert linked.found == {
        "aisha": "aisha",
        "aisha2": "aisha",
        "partner": "partner",
        "undated": "undated",
    }
    assert linked.held == {("aisha", "undated"): "ambiguous", ("partner", "undated"): "ambiguous"}


def test_a_cluster_of_two_generations_is_split_by_the_command():
    records = [household_record("mum", "1975-06-11"), household_record("girl", "2001-09-23")]
    pairs = [("girl", "mum", 0.9999)]

    # The engine held nothing: the split still parts them, and the link cut goes to review.
    linked = linking.link(["girl", "mum"], records, pairs, {}, 0.99, max_size=20)

    assert linked.found["mum"] != linked.found["girl"]
    assert linked.cut == pairs and linked.split == 1


def test_a_reviewers_decisions_win_over_the_household_rules():
    records = [household_record("mum", "1975-06-11"), household_record("girl", "2001-09-23")]
    pairs = [("girl", "mum", 0.7)]

    linked = linking.link(
        ["girl", "mum"], records, pairs, {("girl", "mum"): "age_gap"}, 0.99, max_size=20,
        same=[("girl", "mum")],
    )  # fmt: skip

    assert linked.found["mum"] == linked.found["girl"]


def test_an_undated_record_is_linked_only_on_the_persons_own_evidence():
    """A mother's dated records and undated ones (hers, or the namesake daughter's the
    partnership has never seen): the household's landline is no evidence, her own mobile
    is; a pair without it whose records other links join is not held."""
    landline = {"phone": "0116 249 6000"}
    mum = household_record("mum", "1975-06-11") | landline
    mum2 = household_record("mum2", "11/06/1975")  # her mobile
    undated = household_record("undated", "") | landline
    undated_mobile = household_record("undated_mobile", "")
    records = [mum, mum2, undated, undated_mobile]
    ids = [record["record_id"] for record in records]
    pairs = [
        ("mum", "mum2", 0.9999),
        ("mum", "undated", 0.9999),
        ("mum", "undated_mobile", 0.9999),
        ("mum2", "undated_mobile", 0.9999),
    ]

    linked = linking.link(ids, records, pairs, {}, 0.99, max_size=20)
    on_score = linking.link(ids, records, pairs, {}, 0.99, max_size=20, require_evidence=False)

    assert linked.found == dict.fromkeys(["mum", "mum2", "undated_mobile"], "mum") | {
        "undated": "undated"
    }
    assert linked.held == {("mum", "undated"): "unproven"}
    assert set(on_score.found.values()) == {"mum"} and not on_score.held
