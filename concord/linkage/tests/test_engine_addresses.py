"""The engine on addresses (issue 19): the lines written in either order are one address,
and a record whose postcode and date of birth are both corrupted is still a candidate by its
street, so the home can find what names and dates of birth alone cannot."""

import pytest

from concord.linkage import engine, shipped

pytestmark = pytest.mark.xdist_group("linkage-engine")


def record(record_id, given, family, dob, postcode, line_1, line_2="", town="Leicester"):
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": family,
        "dob": dob,
        "sex": "",
        "postcode": postcode,
        "phone": "",
        "address_line_1": line_1,
        "address_line_2": line_2,
        "town": town,
    }


def strangers(count=40):
    """People with nothing in common with the pairs below, so there is a crowd to block in."""
    streets = ("Abbey Road", "Belgrave Gate", "Catherine Street", "Dunton Road", "Evington Lane")
    return [
        record(
            f"Z{n:02d}",
            f"Given{chr(65 + n % 26)}{n}",
            f"Family{n}",
            f"19{50 + n % 40}-0{1 + n % 9}-1{n % 10}",
            f"LE{1 + n % 9} {n % 10}XY",
            f"{n + 1} {streets[n % len(streets)]}",
        )
        for n in range(count)
    ]


def words(line_1, line_2=""):
    table = engine.prepare([record("A", "Ann", "Lee", "", "", line_1, line_2)])
    return table.column("address_words").to_pylist()[0]


def test_address_lines_in_either_order_are_one_address():
    assert words("12 High St", "Rose House") == words("Rose House", "12 High Street")
    assert words("12 High St", "Rose House") != words("21 High St", "Rose House")


def test_no_address_has_no_words():
    assert words("", "") is None


def probability(scored, left, right):
    left, right = sorted((left, right))
    return max((p for a, b, p in scored.pairs if (a, b) == (left, right)), default=0.0)


@pytest.fixture(scope="module")
def model():
    return shipped.default_model()


def test_a_mistyped_postcode_without_a_date_of_birth_is_still_a_candidate(model):
    """Names alike by initials only, no date of birth in one record, the postcode's digits
    transposed: the house number and the street's first letters find them."""
    pair = [
        record("H1", "Siobhan", "Kavanagh", "1981-02-14", "LE5 3QQ", "44 Merryweather Close"),
        record("H2", "Shevaun", "Kavanah", "", "LE3 5QQ", "44 Merryweathr Cl"),
    ]
    scored = engine.score([*strangers(), *pair], model, floor=0.5, backend="duckdb")
    try:
        assert scored.blocked("H1", "H2")
        assert not scored.blocked("H1", "Z01")
    finally:
        scored.close()


def test_lines_written_in_either_order_count_as_the_same_address(model):
    """The same flat written with its lines the other way round is the same address, not
    merely the same postcode."""
    home = ("LE2 1AB", "Flat 3 Rose House", "12 Granby Street")
    one = record("F1", "Natalia", "Kowalczyk", "1990-07-21", *home)
    swapped = record("F2", "Natalya", "Kowalczyk", "", home[0], home[2], home[1])
    elsewhere = record("F3", "Natalya", "Kowalczyk", "", home[0], "7 Granby Street")
    scored = engine.score(
        [*strangers(), one, swapped, elsewhere], model, floor=0.0001, backend="duckdb"
    )
    try:
        assert probability(scored, "F1", "F2") > probability(scored, "F1", "F3")
    finally:
        scored.close()
