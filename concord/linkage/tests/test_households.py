import pytest

from concord.linkage.households import (
    AGE_GAP,
    BORN_APART,
    TWINS,
    age_gap,
    contradicts_factory,
    is_decade_typo,
    rules_for,
)


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


def person(record_id, given, dob, **more):
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": more.pop("family", "Khan"),
        "dob": dob,
        "postcode": "LE1 6FT",
        "phone": "0116 249 6000",
        **more,
    }


MOTHER_AND_DAUGHTER = [
    person("mum", "Aisha", "1975-06-11"),
    person("mum2", "Aisha", "11/06/1975"),
    person("girl", "Aisha", "2001-09-23"),
    person("undated", "Aisha", ""),
    person("placeholder", "Aisha", "1900-01-01"),
]


def test_a_mother_and_daughter_are_two_people_and_an_undated_record_could_be_either():
    rules = rules_for(MOTHER_AND_DAUGHTER)
    assert rules.apart("mum", "girl") == AGE_GAP
    assert rules.apart("mum", "mum2") is None
    assert rules.apart("mum", "undated") is None
    assert rules.blind("undated", "mum", "girl", AGE_GAP)
    assert rules.blind("placeholder", "mum", "girl", AGE_GAP)
    assert not rules.blind("mum2", "mum", "girl", AGE_GAP)


def test_a_persons_different_decision_no_record_can_settle():
    rules = rules_for(MOTHER_AND_DAUGHTER)
    assert rules.blind("mum2", "mum", "girl", "different")


TWINS_ROWS = [
    person("yusuf", "Yusuf", "2012-04-01", family="Haji"),
    person("amina", "Amina", "2012-04-01", family="Haji"),
    person("nameless", "", "2012-04-01", family="Haji"),
    person("unknown", "Unknown", "2012-04-01", family="Haji"),
    person("yusuf_undated", "Yusuf", "", family="Haji"),
    person("swapped", "Haji", "01/04/2012", family="Amna"),
    person("osman", "Osman", "2012-04-01", family="Osman"),
    person("zamzam", "Zamzam", "2012-04-01", family="Osman"),
    person("known_as", "Mo", "2012-04-01", family="Haji", other_names="Yusuf"),
    person("stranger", "Amina", "2012-04-01", family="Jones", postcode="", phone=""),
    person("hassan", "Hassan", "2012-04-01", family="Haji", sex="M"),
    person("hussein", "Hussein", "2012-04-01", family="Haji", sex="M"),
    person("yusef", "Yusef", "2012-04-01", family="Haji", sex="M"),
    person("amir", "Amir", "2012-04-01", family="Haji", sex="M"),
    person("amira", "Amira", "2012-04-01", family="Haji", sex="F"),
    person("yusuf_f", "Yusuf", "2012-04-01", family="Haji", sex="F"),
    person("yusuf_m", "Yusuf", "2012-04-01", family="Haji", sex="m"),
    person("amiira", "Amiira", "2012-04-01", family="Haji"),
    person("amina_typo", "Amina", "2012-04-07", family="Haji"),
    person("amina_swapped", "Amina", "2012-01-04", family="Haji"),
]


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("yusuf", "amina", TWINS),
        ("osman", "zamzam", TWINS),  # one's given name is the family name: not a swap
        ("amina", "swapped", None),  # names swapped, with a typo
        ("yusuf", "known_as", None),  # a known-as name among the other names
        ("yusuf", "nameless", None),
        ("yusuf", "unknown", None),  # a placeholder is no name
        ("yusuf", "yusuf_undated", None),
        ("yusuf", "stranger", None),  # not one household
        ("hassan", "hussein", TWINS),  # one sound, three edits: two names
        ("yusuf", "yusef", None),  # one sound, two edits: one name spelt two ways
        ("amir", "amira", TWINS),  # one typo apart, but a boy and a girl
        ("amir", "yusef", TWINS),
        ("yusuf_f", "yusuf_m", None),  # a sex mismatch alone is no twin
        ("amir", "amiira", None),  # no sex recorded on one: the names decide
        ("yusuf", "amina_typo", TWINS),  # one typo in a date of birth is still one date
        ("amina", "amina_typo", None),
        ("yusuf", "amina_swapped", TWINS),  # the day and month swapped: still one date
        ("amina", "amina_swapped", None),
    ],
)
def test_twins_are_one_household_one_date_of_birth_and_two_names(first, second, reason):
    assert rules_for(TWINS_ROWS).apart(first, second) == reason


def test_a_twins_record_without_a_name_could_be_either_twin():
    rules = rules_for(TWINS_ROWS)
    assert rules.blind("nameless", "yusuf", "amina", TWINS)
    assert rules.blind("unknown", "yusuf", "amina", TWINS)
    assert not rules.blind("yusuf_undated", "yusuf", "amina", TWINS)  # the name says which


def test_an_undated_record_whose_name_suits_both_twins_could_be_either():
    rows = [
        person("aisha", "Aisha", "1999-10-27"),
        person("ayesha", "Ayesha", "1999-10-27", other_names="x"),
        person("aysha", "Aysha", ""),
        person("aysha_dated", "Aysha", "1999-10-27"),
    ]
    rules = rules_for(rows)
    assert rules.apart("aisha", "ayesha") == TWINS
    assert rules.blind("aysha", "aisha", "ayesha", TWINS)
    assert not rules.blind("aysha_dated", "aisha", "ayesha", TWINS)


COUPLE_ROWS = [
    # A couple of one name at one home, born four years apart (Gurpreet is a man's name
    # and a woman's).
    person("gurpreet", "Gurpreet", "1979-11-07", family="Singh", sex="M"),
    person("partner", "Gurpreet", "1975-04-05", family="Singh", sex="F"),
    person("typo", "Gurpreet", "1979-11-17", family="Singh"),
    person("two_typos", "Gurpreet", "1979-12-08", family="Singh"),
    person("other_way", "Gurpreet", "1979-07-11", family="Singh"),
    person("other_way_typo", "Gurpreet", "1979-07-12", family="Singh"),
    person("undated", "Gurpreet", "", family="Singh"),
    person("estimated", "Gurpreet", "1975-01-01", family="Singh", dob_estimated="yes"),
    person("elsewhere", "Gurpreet", "1975-04-05", family="Sandhu", postcode="", phone=""),
    # A woman and a man whose names are near spellings, born three years apart.
    person("marian", "Marian", "1981-09-18", family="Beranek", sex="F"),
    person("martin", "Martin", "1977-12-05", family="Beranek", sex="M"),
]


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ("gurpreet", "partner", BORN_APART),
        ("marian", "martin", BORN_APART),
        ("gurpreet", "typo", None),  # one typo
        ("gurpreet", "two_typos", BORN_APART),  # two typos: two dates
        ("gurpreet", "other_way", None),  # the day and month the other way round
        ("other_way_typo", "gurpreet", None),  # ... and a typo besides
        ("gurpreet", "undated", None),
        ("gurpreet", "estimated", None),  # an estimate is only a year
        ("gurpreet", "elsewhere", None),  # not one household
    ],
)
def test_two_birthdays_at_one_home_are_two_people(first, second, reason):
    rules = rules_for(COUPLE_ROWS)
    assert rules.apart(first, second) == reason
    assert rules.apart(second, first) == reason


def test_only_a_record_without_a_full_date_of_birth_could_be_either_of_two_birthdays():
    rules = rules_for(COUPLE_ROWS)
    assert rules.blind("undated", "gurpreet", "partner", BORN_APART)
    assert rules.blind("estimated", "gurpreet", "partner", BORN_APART)
    assert not rules.blind("typo", "gurpreet", "partner", BORN_APART)


def test_two_generations_are_an_age_gap_before_two_birthdays():
    assert rules_for(MOTHER_AND_DAUGHTER).apart("girl", "mum") == AGE_GAP


def test_a_record_the_rules_have_never_seen_is_apart_from_nothing():
    rules = rules_for(MOTHER_AND_DAUGHTER)
    assert rules.apart("mum", "nobody") is None
    assert rules.blind("nobody", "mum", "girl", AGE_GAP)
    assert not rules.contradicts(["nobody", "mum"])


def test_a_pair_lacking_a_birth_year_or_a_given_name_needs_the_persons_own_evidence():
    rows = [
        person("mum", "Aisha", "1975-06-11", phone="07700 900123"),
        person("landline", "Aisha", ""),
        person("mobile", "Aisha", "", phone="+44 (0)7700 900123"),
        person("known_as", "Ash", "", other_names="Aisha"),
        person("nameless", "", "1975-06-11"),
        person("placeholder", "Aisha", "1900-01-01", phone="07000 000000"),
        person("estimated", "Aisha", "1975-01-01", dob_estimated="yes"),
    ]
    rules = rules_for(rows)
    assert rules.unproven("mum", "landline")  # the household's phone only
    assert not rules.unproven("mum", "mobile")  # her own mobile, written another way
    assert not rules.unproven("mum", "known_as")
    assert rules.unproven("mum", "nameless")  # either twin, for all the rules can tell
    assert rules.unproven("mum", "placeholder")  # a placeholder date and phone are nothing
    assert not rules.unproven("mum", "estimated")  # an estimate keeps its year


def test_a_year_only_record_beside_another_name_of_that_year_needs_evidence_too():
    """The twins rule needs two full dates of birth: a year-only Rachael beside a Rachel of
    the same year could be her twin sister."""
    rows = [
        person("rachel", "Rachel", "2018-12-16"),
        person("rachael", "Rachael", "2018-01-01", dob_estimated="yes"),
        person("rachel_year", "Rachel", "2018-01-01", dob_estimated="yes"),
        person(
            "rachael_mobile", "Rachael", "2018-01-01", dob_estimated="yes", phone="07700 900456"
        ),
        person("rachel_mobile", "Rachel", "2018-12-16", phone="07700900456"),
    ]
    rules = rules_for(rows)
    assert rules.unproven("rachel", "rachael")
    assert not rules.unproven("rachel", "rachel_year")  # one name: no twin to mistake
    assert not rules.unproven("rachel_mobile", "rachael_mobile")
    assert rules.unproven("mum", "nobody")  # a record never seen has no evidence
