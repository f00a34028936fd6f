"""Synthetic people in households, recorded by several agencies, with the truth behind each
record: which person it is, which household, and the person's place in it.

Harder than identities.py for linkage (issue 19): the people most easily mistaken for one
another live together. A mother and daughter both called Aisha Khan share the address, the
landline and the family name; twins share the date of birth too. Records also differ in the
ways partner agencies' files do: transliterations, nicknames and known-as names, maiden
names, typos, swapped names, day and month swapped, placeholder dates of birth (1900-01-01,
1 January of a year when only the year is known), dates written ISO or DD/MM/YYYY, a move to
a new address, refuge records with the address withheld, "Unknown" for a name, a switchboard
number for a phone, and missing fields.

Rows are made one household at a time from a seed, so a million stream in little memory and
the same seed gives the same rows.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from concord.linkage.engine import COLUMNS as ENGINE_COLUMNS
from concord.synthetic.identities import (
    AGENCIES,
    DISTRICTS,
    INWARD_LETTERS,
    NAMES,
    ORIGINS,
    VARIANTS,
    typo,
    weighted,
)

#: The truth columns, then every column the linkage engine reads.
COLUMNS = ("person_id", "household_id", "relation", "agency", *ENGINE_COLUMNS)
#: A person's place in the household: an adult (a parent or partner), a child under 18, a
#: son or daughter of 18 or more still at home, or one of twins (of any age).
RELATIONS = ("adult", "child", "adult_child", "twin")
#: Refuges record where a woman came from, never where she is.
REFUGE = "refuge"
HOUSEHOLD_AGENCIES = (*AGENCIES, REFUGE)
#: The agencies that keep records of children under 18 (probation does not).
CHILDREN_AGENCIES = ("children", "health", "police", "housing", "idva")

PLACEHOLDER_DOB = date(1900, 1, 1)
PLACEHOLDER_NAME = "Unknown"
#: Each agency's switchboard, written in the phone column of many people's records
#: (Leicester numbers Ofcom keeps for drama, so no one's).
SWITCHBOARDS = {
    agency: f"0116 496 {number:04d}" for number, agency in enumerate(HOUSEHOLD_AGENCIES)
}
TODAY = date(2026, 7, 1)
#: Born after this, a person is a child on TODAY.
CHILD_BORN_AFTER = TODAY.replace(year=TODAY.year - 18)

# Given names and the shorter or familiar names people are known by (our own list).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "William": ("Bill", "Will", "Billy"),
    "Mohammed": ("Mo",),
    "Mohamed": ("Mo",),
    "Katarzyna": ("Kasia",),
    "Robert": ("Rob", "Bob", "Bobby"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Catherine": ("Kate", "Cathy", "Cath"),
    "Katherine": ("Kate", "Kathy"),
    "Jennifer": ("Jenny", "Jen"),
    "Richard": ("Rich", "Rick", "Dick"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Christopher": ("Chris",),
    "Christine": ("Chris", "Chrissie"),
    "Alexander": ("Alex", "Sandy"),
    "Alexandra": ("Alex", "Sandra"),
    "Oleksandr": ("Sasha", "Alex"),
    "Daniel": ("Dan", "Danny"),
    "Thomas": ("Tom", "Tommy"),
    "Tomasz": ("Tomek",),
    "Joseph": ("Joe", "Joey"),
    "Jonathan": ("Jon", "Jonny"),
    "Rebecca": ("Becky", "Becca"),
    "Victoria": ("Vicky", "Tori"),
    "Samantha": ("Sam", "Sammy"),
    "Deborah": ("Debbie", "Debs"),
    "Patricia": ("Pat", "Trish"),
    "Susan": ("Sue", "Suzy"),
    "Anthony": ("Tony",),
    "Andrew": ("Andy", "Drew"),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Nicholas": ("Nick", "Nicky"),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Matthew": ("Matt",),
    "Benjamin": ("Ben",),
    "Charlotte": ("Charlie", "Lottie"),
    "Abigail": ("Abbie", "Abby"),
    "Jessica": ("Jess", "Jessie"),
    "Natalia": ("Natasha", "Tasha"),
    "Magdalena": ("Magda",),
    "Agnieszka": ("Aga",),
    "Krzysztof": ("Krzys",),
    "Piotr": ("Peter",),
    "Pawel": ("Paul",),
    "Abdullahi": ("Abdi",),
    "Abdirahman": ("Abdi",),
    "Ibrahim": ("Ibby",),
    "Khadija": ("Dija",),
    "Amandeep": ("Aman",),
    "Navdeep": ("Nav",),
    "Jaswinder": ("Jas",),
    "Sukhwinder": ("Sukhi",),
    "Rajinder": ("Raj",),
    "Kamaljit": ("Kamal",),
    "Harpreet": ("Harry",),
    "Mandeep": ("Mandy",),
    "Parminder": ("Pam",),
    "Imran": ("Immy",),
    "Faisal": ("Fez",),
}

STREETS: tuple[str, ...] = (
    "Narborough Road",
    "Belgrave Road",
    "Melton Road",
    "Evington Road",
    "Uppingham Road",
    "Hinckley Road",
    "Loughborough Road",
    "Welford Road",
    "Saffron Lane",
    "Catherine Street",
    "Harrison Road",
    "Green Lane Road",
    "Highfield Street",
    "Mere Road",
    "St Saviours Road",
    "Gipsy Lane",
    "Braunstone Avenue",
    "Fosse Road North",
    "Walnut Street",
    "Cromford Street",
    "Kensington Street",
    "Beaumont Leys Lane",
    "Thurncourt Road",
    "Aylestone Road",
    "Queens Road",
    "Clarendon Park Road",
    "Humberstone Road",
    "Spencefield Lane",
    "Victoria Park Road",
    "Wigston Lane",
)
_STREET_STEMS = (
    "Ash", "Beech", "Cedar", "Elm", "Hazel", "Holly", "Larch", "Maple", "Oak", "Rowan",
    "Willow", "Birch", "Alder", "Linden", "Poplar", "Chestnut", "Heather", "Meadow", "Brook",
    "Mill", "Church", "Station", "School", "Park", "Victoria", "Albert", "Windsor", "York",
    "Stanley", "Grove", "Orchard", "Kingfisher", "Swan", "Heron", "Wren", "Lark", "Fern",
)  # fmt: skip
_STREET_KINDS = ("Road", "Street", "Avenue", "Close", "Drive", "Lane", "Crescent", "Way")
STREETS += tuple(f"{stem} {kind}" for stem in _STREET_STEMS for kind in _STREET_KINDS)
# How agencies shorten a street's kind.
ABBREVIATIONS = {
    "Road": "Rd",
    "Street": "St",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Lane": "Ln",
    "Crescent": "Cres",
}
TOWNS = {
    "LE10": "Hinckley",
    "LE11": "Loughborough",
    "LE12": "Loughborough",
    "LE13": "Melton Mowbray",
    "LE16": "Market Harborough",
    "LE17": "Lutterworth",
    "LE18": "Wigston",
    "LE65": "Ashby-de-la-Zouch",
    "LE67": "Coalville",
    "CV9": "Atherstone",
}

# Who lives together (share of households).
HOUSEHOLD_KINDS = (
    ("single", 0.35),
    ("couple", 0.22),
    ("couple_with_children", 0.25),
    ("single_parent", 0.18),
)
CHILDREN = ((1, 0.45), (2, 0.35), (3, 0.14), (4, 0.06))
# How many agency records a person has: most people appear once, no one more than 8.
RECORDS_PER_PERSON = (
    (1, 0.45),
    (2, 0.26),
    (3, 0.13),
    (4, 0.07),
    (5, 0.04),
    (6, 0.02),
    (7, 0.02),
    (8, 0.01),
)

# How people and households are made (per household or per person).
HOUSEHOLD_RATES = {
    "twins": 0.06,  # of households with children, one pair of children are twins
    "similar_twin_names": 0.35,  # twins given names alike (same first letter)
    "named_after_parent": 0.10,  # a child given the same-sex parent's given name
    "married_name": 0.65,  # of couples, one takes the other's family name
    "same_sex_couple": 0.05,
    "landline": 0.45,
    "flat": 0.20,
    "known_as": 0.30,  # when the given name has a familiar form, the person goes by it
}

# Rates at which a record differs from the person's true details (per record).
RATES = {
    "transliteration": 0.35,  # when the name has other spellings
    "nickname": 0.15,  # when the person goes by a familiar form of the given name
    "known_as_noted": 0.40,  # the familiar form written under other names
    "maiden_name": 0.15,  # of a married name: the record has the earlier family name
    "maiden_noted": 0.40,  # the earlier family name written under other names
    "given_typo": 0.04,
    "family_typo": 0.04,
    "swapped_names": 0.03,
    "swapped_day_month": 0.04,  # when day and month can be swapped
    "dob_typo": 0.02,
    "wrong_sex": 0.01,
    "placeholder_dob": 0.03,  # 1900-01-01
    "year_only_dob": 0.02,  # 1 January of the right year
    "estimate_flagged": 0.50,  # of year-only dates: dob_estimated set
    "day_month_year": 0.30,  # written DD/MM/YYYY rather than ISO
    "placeholder_name": 0.005,  # "Unknown" for a name
    "switchboard": 0.01,
    "landline_given": 0.25,  # by someone with a mobile, when the household has a landline
    "refuge": 0.10,  # of records of women: kept by a refuge, the address withheld
    "moved": 0.15,  # a new address
    "address_abbreviated": 0.25,
    "address_typo": 0.02,
    "missing_given": 0.01,
    "missing_family": 0.01,
    "missing_dob": 0.04,
    "missing_sex": 0.05,
    "missing_postcode": 0.08,
    "missing_phone": 0.35,
    "missing_address": 0.30,
    "missing_town": 0.40,
    "missing_uprn": 0.60,
}


def given_names(origin: str, sex: str) -> tuple[str, ...]:
    return NAMES[(origin, sex != "M")][0]


def family_names(origin: str, sex: str) -> tuple[str, ...]:
    return NAMES[(origin, sex != "M")][1]


@dataclass(frozen=True)
class Address:
    line_1: str
    line_2: str
    town: str
    postcode: str
    uprn: str


@dataclass
class Person:
    """One member of a household, with the details that are truly theirs."""

    person_id: str
    relation: str
    given_name: str
    family_name: str
    dob: date
    sex: str
    origin: str
    mobile: str = ""
    known_as: str = ""
    maiden_name: str = ""


@dataclass
class Household:
    household_id: str
    address: Address
    landline: str
    members: list[Person] = field(default_factory=list)


# --- addresses and phones ------------------------------------------------------------------


def _postcode(rng: random.Random) -> str:
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{rng.choice(DISTRICTS)} {rng.randrange(10)}{letters}"


def _address(rng: random.Random) -> Address:
    postcode = _postcode(rng)
    street = f"{rng.randrange(1, 240)} {rng.choice(STREETS)}"
    line_1, line_2 = street, ""
    if rng.random() < HOUSEHOLD_RATES["flat"]:
        line_1, line_2 = f"Flat {rng.randrange(1, 30)}", street
    town = TOWNS.get(postcode.split()[0], "Leicester")
    # UPRNs of Leicester properties run to 12 digits; random ones rarely meet.
    uprn = str(rng.randrange(10**10, 10**12))
    return Address(line_1, line_2, town, postcode, uprn)


def _landline(rng: random.Random) -> str:
    return f"0116 2{rng.randrange(10**6):06d}"


def _mobile(rng: random.Random) -> str:
    return f"07{rng.randrange(10**9):09d}"


# --- people and households -----------------------------------------------------------------


def _born(rng: random.Random, age: float) -> date:
    """A date of birth for someone ``age`` years old (a fraction of a year chosen here)."""
    return TODAY - timedelta(days=int(age * 365.25) + rng.randrange(365))


def _adult(
    rng: random.Random, person_id: str, origin: str, sex: str, age: float, family: str = ""
) -> Person:
    given = rng.choice(given_names(origin, sex))
    known_as = ""
    if given in NICKNAMES and rng.random() < HOUSEHOLD_RATES["known_as"]:
        known_as = rng.choice(NICKNAMES[given])
    return Person(
        person_id=person_id,
        relation="adult",
        given_name=given,
        family_name=family or rng.choice(family_names(origin, sex)),
        dob=_born(rng, age),
        sex=sex,
        origin=origin,
        mobile=_mobile(rng),
        known_as=known_as,
    )


def _couple(rng: random.Random, ids: Iterator[str], origin: str) -> list[Person]:
    """Two partners; often one has taken the other's family name (the earlier one kept as
    a maiden name), and a few couples are of one sex."""
    first_sex, second_sex = "F", "M"
    if rng.random() < HOUSEHOLD_RATES["same_sex_couple"]:
        first_sex = second_sex = rng.choice("FM")
    age = min(max(rng.gauss(38, 10), 18), 80)
    partner_age = min(max(age + rng.gauss(2, 4), 18), 85)
    second_origin = origin if rng.random() < 0.9 else weighted(rng, ORIGINS)
    first = _adult(rng, next(ids), origin, first_sex, age)
    second = _adult(rng, next(ids), second_origin, second_sex, partner_age)
    if origin != "sikh" and rng.random() < HOUSEHOLD_RATES["married_name"]:
        first.maiden_name, first.family_name = first.family_name, second.family_name
    return [first, second]


def _child_name(
    rng: random.Random, origin: str, sex: str, parents: list[Person], taken: set[str]
) -> str:
    """Sometimes the same-sex parent's given name (a father and son both Mohammed Ali)."""
    namesakes = [p.given_name for p in parents if p.sex == sex and p.given_name not in taken]
    if namesakes and rng.random() < HOUSEHOLD_RATES["named_after_parent"]:
        return namesakes[0]
    names = given_names(origin, sex)
    name = rng.choice(names)
    for _ in range(20):  # a few tries: the lists are long, the families short
        if name not in taken:
            break
        name = rng.choice(names)
    return name


def _twin_name(rng: random.Random, origin: str, sex: str, twin: str, taken: set[str]) -> str:
    """A name other than the twin's; often one alike (Hassan and Hussein, Asha and Aisha)."""
    names = [name for name in given_names(origin, sex) if name != twin and name not in taken]
    alike = [name for name in names if name[0] == twin[0]]
    if alike and rng.random() < HOUSEHOLD_RATES["similar_twin_names"]:
        return rng.choice(alike)
    return rng.choice(names)


def _children(rng: random.Random, ids: Iterator[str], parents: list[Person]) -> list[Person]:
    """Children of the household, under 18 or grown up and still at home; perhaps twins."""
    youngest_parent = min((TODAY - parent.dob).days / 365.25 for parent in parents)
    if youngest_parent < 17:
        return []
    # _born adds up to a year: every child is born 16 years or more after each parent.
    oldest = min(youngest_parent - 17, 35)
    mother_or_father = parents[0]
    family = parents[-1].family_name if len(parents) > 1 else mother_or_father.family_name
    if len(parents) > 1 and not parents[0].maiden_name and rng.random() < 0.4:
        family = parents[0].family_name  # unmarried parents: either name
    origin = mother_or_father.origin
    count = weighted(rng, CHILDREN)
    twins_at = rng.randrange(count) if rng.random() < HOUSEHOLD_RATES["twins"] else None
    children: list[Person] = []
    taken: set[str] = set()
    for index in range(count):
        sex = rng.choice("FM")
        age = rng.uniform(0, oldest)
        given = _child_name(rng, origin, sex, parents, taken)
        taken.add(given)
        relation = "child" if age < 18 else "adult_child"
        child = Person(
            person_id=next(ids),
            relation=relation,
            given_name=given,
            family_name=_family_for(origin, sex, family),
            dob=_born(rng, age),
            sex=sex,
            origin=origin,
            mobile=_mobile(rng) if age >= 12 else "",
        )
        children.append(child)
        if index == twins_at:
            child.relation = "twin"
            twin_sex = rng.choice("FM")
            twin_given = _twin_name(rng, origin, twin_sex, given, taken)
            taken.add(twin_given)
            children.append(
                Person(
                    person_id=next(ids),
                    relation="twin",
                    given_name=twin_given,
                    family_name=_family_for(origin, twin_sex, family),
                    dob=child.dob,
                    sex=twin_sex,
                    origin=origin,
                    mobile=_mobile(rng) if age >= 12 else "",
                )
            )
    return children


def _family_for(origin: str, sex: str, family: str) -> str:
    """Sikh daughters are Kaur and sons Singh, whatever the parents' names."""
    if origin == "sikh" and family in ("Kaur", "Singh"):
        return "Singh" if sex == "M" else "Kaur"
    return family


def make_household(rng: random.Random, number: int) -> Household:
    """One household and its members, with ids ``household-N`` and ``person-N-M``."""
    household_id = f"household-{number}"
    ids = (f"person-{number}-{member}" for member in itertools.count(1))
    origin = weighted(rng, ORIGINS)
    kind = weighted(rng, HOUSEHOLD_KINDS)
    if kind in ("couple", "couple_with_children"):
        adults = _couple(rng, ids, origin)
    else:
        female = rng.random() < (0.85 if kind == "single_parent" else 0.6)
        age = min(max(rng.gauss(36, 12), 18), 85)
        adults = [_adult(rng, next(ids), origin, "F" if female else "M", age)]
    members = list(adults)
    if kind in ("couple_with_children", "single_parent"):
        members += _children(rng, ids, adults)
    landline = _landline(rng) if rng.random() < HOUSEHOLD_RATES["landline"] else ""
    return Household(household_id, _address(rng), landline, members)


def generate_households(*, seed: int = 1) -> Iterator[Household]:
    """Households without end; the same seed gives the same households."""
    rng = random.Random(seed)
    for number in itertools.count(1):
        yield make_household(rng, number)


# --- records -------------------------------------------------------------------------------


def _chance(rng: random.Random, rate: str) -> bool:
    return rng.random() < RATES[rate]


def _spelling(rng: random.Random, name: str) -> str:
    variants = VARIANTS.get(name)
    if variants and _chance(rng, "transliteration"):
        return rng.choice(variants)
    return name


def _names_as_recorded(
    rng: random.Random, person: Person, first: bool
) -> tuple[str, str, list[str]]:
    """Given name, family name and other names as one agency wrote them down."""
    given, family = person.given_name, person.family_name
    others: list[str] = []
    if person.known_as and _chance(rng, "known_as_noted"):
        others.append(person.known_as)
    if person.maiden_name:
        if not first and _chance(rng, "maiden_name"):
            family = person.maiden_name  # an older record, from before the marriage
        elif _chance(rng, "maiden_noted"):
            others.append(person.maiden_name)
    if first:
        return given, family, others
    if person.known_as and _chance(rng, "nickname"):
        given = person.known_as
    given, family = _spelling(rng, given), _spelling(rng, family)
    if _chance(rng, "given_typo"):
        given = typo(rng, given)
    if _chance(rng, "family_typo"):
        family = typo(rng, family)
    if _chance(rng, "swapped_names"):
        given, family = family, given
    return given, family, others


def _written(day: date, rng: random.Random) -> str:
    """ISO or DD/MM/YYYY, as the agency's system writes dates."""
    if _chance(rng, "day_month_year"):
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return day.isoformat()


def _dob_as_recorded(rng: random.Random, dob: date, first: bool) -> tuple[str, str]:
    """The date of birth as written, and the dob_estimated flag."""
    if _chance(rng, "placeholder_dob"):
        return _written(PLACEHOLDER_DOB, rng), ""
    if _chance(rng, "year_only_dob"):
        flag = "yes" if _chance(rng, "estimate_flagged") else ""
        return _written(date(dob.year, 1, 1), rng), flag
    recorded = dob
    if not first:
        if dob.day <= 12 and dob.day != dob.month and _chance(rng, "swapped_day_month"):
            recorded = date(dob.year, dob.day, dob.month)
        elif _chance(rng, "dob_typo"):
            recorded = _dob_typo(rng, dob)
    return _written(recorded, rng), ""


def _dob_typo(rng: random.Random, dob: date) -> date:
    """One digit of the year, month or day mistyped (while still a real date)."""
    text = dob.isoformat()
    for _ in range(10):
        at = rng.choice((2, 3, 6, 8, 9))
        candidate = text[:at] + str(rng.randrange(10)) + text[at + 1 :]
        try:
            return date.fromisoformat(candidate)
        except ValueError:
            continue
    return dob


def _street_as_recorded(rng: random.Random, line: str) -> str:
    if line and _chance(rng, "address_abbreviated"):
        words = line.split()
        words = [ABBREVIATIONS.get(word, word) for word in words]
        line = " ".join(words)
    if line and _chance(rng, "address_typo"):
        line = typo(rng, line)
    return line


def _phone_as_recorded(rng: random.Random, household: Household, person: Person) -> str:
    """Someone with a mobile mostly gives it; the household's landline otherwise."""
    if person.mobile and not (household.landline and _chance(rng, "landline_given")):
        return person.mobile
    return household.landline


def _blank_or(rng: random.Random, rate: str, value: str) -> str:
    return "" if _chance(rng, rate) else value


def _record(
    rng: random.Random,
    household: Household,
    person: Person,
    address: Address,
    record_id: str,
    first: bool,
) -> dict[str, str]:
    """One agency's record of a person living at ``address``."""
    child = person.dob > CHILD_BORN_AFTER
    agency = rng.choice(CHILDREN_AGENCIES if child else AGENCIES)
    adult_woman = person.sex == "F" and person.relation == "adult"
    if adult_woman and _chance(rng, "refuge"):
        agency = REFUGE
    given, family, others = _names_as_recorded(rng, person, first)
    if _chance(rng, "placeholder_name"):
        given = PLACEHOLDER_NAME
    dob, estimated = _dob_as_recorded(rng, person.dob, first)
    dob = _blank_or(rng, "missing_dob", dob)
    sex = person.sex
    if not first and _chance(rng, "wrong_sex"):
        sex = "M" if sex == "F" else "F"
    phone = _phone_as_recorded(rng, household, person)
    if _chance(rng, "switchboard"):
        phone = SWITCHBOARDS[agency]
    row = {
        "person_id": person.person_id,
        "household_id": household.household_id,
        "relation": person.relation,
        "agency": agency,
        "record_id": record_id,
        "given_name": _blank_or(rng, "missing_given", given),
        "family_name": _blank_or(rng, "missing_family", family),
        "dob": dob,
        "sex": _blank_or(rng, "missing_sex", sex),
        "postcode": _blank_or(rng, "missing_postcode", address.postcode),
        "phone": _blank_or(rng, "missing_phone", phone),
        "other_names": ";".join(others),
        "dob_estimated": estimated if dob else "",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "uprn": "",
        "address_withheld": "",
    }
    if agency == REFUGE:
        row["address_withheld"] = "yes"
        row["postcode"] = ""
    elif not _chance(rng, "missing_address"):
        row["address_line_1"] = _street_as_recorded(rng, address.line_1)
        row["address_line_2"] = _street_as_recorded(rng, address.line_2)
        row["town"] = _blank_or(rng, "missing_town", address.town)
        row["uprn"] = _blank_or(rng, "missing_uprn", address.uprn)
    return row


def household_records(
    rng: random.Random, household: Household, record_ids: Iterator[str]
) -> Iterator[dict[str, str]]:
    """Every record of the household's members: each person 1 to 8 times, the first record
    keeping the person's own details, later ones perhaps at a new address."""
    for person in household.members:
        copies = weighted(rng, RECORDS_PER_PERSON)
        for copy in range(copies):
            address = household.address
            if copy and _chance(rng, "moved"):
                address = _address(rng)
            yield _record(rng, household, person, address, next(record_ids), first=copy == 0)


def generate_household_identities(records: int, *, seed: int = 1) -> Iterator[dict[str, str]]:
    """``records`` agency records of the people of synthetic households, each with its true
    ``person_id``, ``household_id`` and ``relation`` and every column the engine reads.

    Record ids are scrambled (a multiplicative step modulo 10^8, unique for 10^8 records),
    so a household's records are not next to each other by id.
    """
    rng = random.Random(seed)
    record_ids = (f"R{(number * 7_919 + seed) % 100_000_000:08d}" for number in itertools.count())
    households = generate_households(seed=rng.randrange(2**32))
    emitted = 0
    while emitted < records:
        for row in household_records(rng, next(households), record_ids):
            if emitted == records:
                break
            emitted += 1
            yield row
