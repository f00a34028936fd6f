import pytest

from concord.linkage.households import age_gap, contradicts_factory, is_decade_typo


@pytest.mark.parametrize(
    ("first", "second", "typo"),
    [
        ("1985-03-02", "1995-03-02", True),
        ("1975-03-02", "1995-03-02", True),
        ("1985-03-02", "1985-03-02", False),
        ("1985-03-02", "1995-03-03", False),
        ("1985-03-02", "2085-03-02", False),
        ("1985-03-02", None, False),
    ],
)
def test_a_decade_typo_differs_only_in_the_decade_digit(first, second, typo):
    assert is_decade_typo(first, second) is typo


def test_birth_years_twelve_apart_are_two_generations():
    assert age_gap(1975, 1987)
    assert not age_gap(1975, 1986)
    assert not age_gap(1975, None)
    assert not age_gap(1975, 1995, "1975-03-02", "1995-03-02")
    assert age_gap(1975, 1995, "1975-03-02", "1995-03-03")


def rows(*dobs, estimated=()):
    return [
        {"record_id": f"r{n}", "dob": dob, "dob_estimated": "yes" if n in estimated else ""}
        for n, dob in enumerate(dobs)
    ]


def test_a_group_holding_two_generations_contradicts():
    contradicts = contradicts_factory(rows("1975-06-11", "11/06/1975", "23/09/2001"))
    assert contradicts(["r0", "r2"])
    assert not contradicts(["r0", "r1"])
    assert not contradicts(["r0"])


def test_a_placeholder_or_missing_date_contradicts_nothing():
    contradicts = contradicts_factory(rows("1975-06-11", "1900-01-01", "", "not a date"))
    assert not contradicts(["r0", "r1", "r2", "r3"])


def test_an_estimated_date_keeps_its_year():
    contradicts = contradicts_factory(rows("1975-01-01", "2001-09-23", estimated={0}))
    assert contradicts(["r0", "r1"])
    typo = contradicts_factory(rows("1975-03-02", "1995-03-02", estimated={0}))
    assert typo(["r0", "r1"])  # an estimate is only a year: no decade typo to see


def test_an_unknown_record_id_contradicts_nothing():
    assert not contradicts_factory(rows("1975-06-11"))(["r0", "zz"])
