"""Synthetic person records across agencies, with the true person behind each record.

For linkage tests and benchmarks (DOMAIN.md §8): names drawn from the languages of
Leicester's population, and the ways records of one person differ between agencies —
transliterations (Mohammed / Muhammad), shared Sikh surnames (Kaur, Singh), given and family
names swapped, day and month of birth swapped, typos, aliases, missing fields, a move to
another postcode district, a new phone. Rows are generated one at a time from a seed, so a
million of them stream in little memory and the same seed gives the same rows.
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar, cast

from faker.providers.person.cs_CZ import Provider as CzechNames
from faker.providers.person.en_GB import Provider as EnglishNames
from faker.providers.person.hu_HU import Provider as HungarianNames
from faker.providers.person.ro_RO import Provider as RomanianNames

COLUMNS = (
    "person_id",
    "agency",
    "record_id",
    "given_name",
    "family_name",
    "dob",
    "sex",
    "postcode",
    "phone",
)
AGENCIES = ("police", "idva", "health", "housing", "probation", "children")

# Spellings of one name that agencies write down (first is the one a person is given here).
VARIANTS: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Muhammad", "Mohamed", "Mohammad", "Muhammed"),
    "Fatima": ("Fatimah", "Fatema"),
    "Siddiqui": ("Siddiqi", "Siddique"),
    "Chowdhury": ("Choudhury", "Chaudhry", "Choudhary"),
    "Yusuf": ("Yousuf", "Yousef", "Yusef"),
    "Aisha": ("Ayesha", "Aysha"),
    "Abdullahi": ("Abdilahi", "Abdillahi"),
    "Hussain": ("Hussein", "Husain"),
    "Ahmed": ("Ahmad", "Ahmet"),
    "Khadija": ("Khadijah", "Hadija"),
    "Mohamud": ("Mahamud", "Mohamoud"),
    "Maryam": ("Mariam", "Maryan"),
    "Rahman": ("Rehman",),
    "Gurpreet": ("Gurpreeth",),
    "Harpreet": ("Harprit",),
    "Manjit": ("Manjeet",),
    "Jaswinder": ("Jasvinder",),
    "Kuldip": ("Kuldeep",),
    "Sandeep": ("Sandip",),
    "Pradeep": ("Pradip",),
    "Olena": ("Elena", "Olena"),
    "Oleksandr": ("Aleksandr", "Alexander"),
    "Katarzyna": ("Katarzina",),
    "Tomasz": ("Tomas",),
    "Agnieszka": ("Agnieszca",),
    "Mihai": ("Mihail",),
}

SOUTH_ASIAN_FEMALE = (
    "Priya",
    "Anjali",
    "Sunita",
    "Meena",
    "Nisha",
    "Pooja",
    "Kiran",
    "Rekha",
    "Asha",
    "Neha",
    "Shabana",
    "Nasreen",
    "Farzana",
    "Rubina",
    "Shazia",
    "Fatima",
    "Aisha",
    "Ayesha",
    "Sana",
    "Hina",
    "Gurpreet",
    "Harpreet",
    "Manjit",
    "Jaswinder",
    "Rajinder",
    "Amandeep",
    "Parminder",
    "Simran",
    "Navdeep",
    "Sukhwinder",
    "Bhavna",
    "Hetal",
    "Jyoti",
    "Komal",
    "Mina",
    "Dipika",
    "Rupal",
    "Sangeeta",
    "Usha",
    "Varsha",
    "Yasmin",
    "Zainab",
    "Saira",
    "Nazia",
    "Rukhsana",
)
SOUTH_ASIAN_MALE = (
    "Mohammed",
    "Imran",
    "Asif",
    "Tariq",
    "Zubair",
    "Bilal",
    "Faisal",
    "Kamran",
    "Rizwan",
    "Sajid",
    "Raj",
    "Sanjay",
    "Vijay",
    "Pradeep",
    "Sandeep",
    "Amit",
    "Nikhil",
    "Ravi",
    "Suresh",
    "Dinesh",
    "Harjit",
    "Kuldip",
    "Gurpreet",
    "Manjit",
    "Jaswinder",
    "Balwinder",
    "Sukhdev",
    "Ajay",
    "Hitesh",
    "Jayesh",
    "Ketan",
    "Mukesh",
    "Nitin",
    "Paresh",
    "Rakesh",
    "Yusuf",
)
SOUTH_ASIAN_FAMILY = (
    "Patel",
    "Mistry",
    "Parmar",
    "Chauhan",
    "Solanki",
    "Lad",
    "Modi",
    "Shah",
    "Joshi",
    "Desai",
    "Mehta",
    "Pandya",
    "Thakrar",
    "Lakhani",
    "Kotecha",
    "Chudasama",
    "Vaghela",
    "Makwana",
    "Gohil",
    "Rathod",
    "Khan",
    "Hussain",
    "Ahmed",
    "Ali",
    "Akhtar",
    "Begum",
    "Bibi",
    "Iqbal",
    "Siddiqui",
    "Chowdhury",
    "Rahman",
    "Uddin",
    "Islam",
    "Malik",
    "Qureshi",
    "Sheikh",
    "Mirza",
    "Sandhu",
    "Gill",
    "Dhillon",
    "Sidhu",
    "Bains",
    "Johal",
    "Sahota",
    "Bhatti",
    "Kalsi",
    "Mann",
    "Grewal",
    "Dhaliwal",
    "Sharma",
    "Verma",
    "Gupta",
    "Kumar",
    "Chopra",
    "Kapoor",
)
SIKH_GIVEN = (
    "Gurpreet",
    "Harpreet",
    "Manjit",
    "Jaswinder",
    "Rajinder",
    "Amandeep",
    "Parminder",
    "Navdeep",
    "Sukhwinder",
    "Kuldip",
    "Balwinder",
    "Harjit",
    "Sukhdev",
    "Jagdeep",
    "Kamaljit",
    "Inderjit",
    "Ranjit",
    "Surinder",
    "Baljit",
    "Gurdeep",
    "Mandeep",
    "Jaspal",
    "Tarlochan",
    "Paramjit",
    "Satnam",
    "Hardeep",
    "Rupinder",
    "Davinder",
    "Sarbjit",
    "Gurmeet",
)
SOMALI_ARABIC_FEMALE = (
    "Fatima",
    "Khadija",
    "Amina",
    "Hodan",
    "Faadumo",
    "Halima",
    "Sahra",
    "Ifrah",
    "Ubah",
    "Nasra",
    "Maryam",
    "Aisha",
    "Hibo",
    "Deqa",
    "Sagal",
    "Ladan",
    "Ruqiya",
    "Zamzam",
    "Hawa",
    "Asma",
    "Layla",
    "Nour",
    "Rania",
    "Samira",
    "Huda",
)
SOMALI_ARABIC_MALE = (
    "Mohamed",
    "Abdullahi",
    "Ahmed",
    "Hassan",
    "Hussein",
    "Omar",
    "Abdi",
    "Yusuf",
    "Ibrahim",
    "Ismail",
    "Mustafa",
    "Khalid",
    "Abdirahman",
    "Farah",
    "Liban",
    "Mahad",
    "Said",
    "Osman",
    "Bashir",
    "Karim",
    "Tariq",
    "Samir",
    "Nabil",
    "Walid",
    "Ayman",
)
SOMALI_ARABIC_FAMILY = (
    "Mohamud",
    "Abdi",
    "Ali",
    "Hassan",
    "Warsame",
    "Farah",
    "Ahmed",
    "Jama",
    "Osman",
    "Egal",
    "Hersi",
    "Aden",
    "Nur",
    "Dualeh",
    "Ismail",
    "Abdullahi",
    "Yusuf",
    "Guled",
    "Hirsi",
    "Elmi",
    "Mohamed",
    "Haji",
    "Salah",
    "Haddad",
    "Mansour",
    "Nasser",
    "Saleh",
    "Hamdan",
    "Khalil",
)
EAST_EUROPEAN_FEMALE: tuple[str, ...] = (
    "Katarzyna",
    "Agnieszka",
    "Magdalena",
    "Joanna",
    "Anna",
    "Ewa",
    "Monika",
    "Olena",
    "Iryna",
    "Natalia",
    "Oksana",
    "Daria",
    "Elena",
    "Ioana",
    "Andreea",
    "Raluca",
    "Jurgita",
    "Ieva",
    "Kristina",
    "Zuzana",
    "Lucie",
    "Petra",
)
EAST_EUROPEAN_MALE: tuple[str, ...] = (
    "Tomasz",
    "Piotr",
    "Krzysztof",
    "Marek",
    "Pawel",
    "Lukasz",
    "Oleksandr",
    "Andriy",
    "Dmytro",
    "Mihai",
    "Andrei",
    "Florin",
    "Ionut",
    "Tomas",
    "Mindaugas",
    "Jonas",
    "Martin",
    "Jakub",
    "Ondrej",
    "Vasile",
)
EAST_EUROPEAN_FAMILY: tuple[str, ...] = (
    "Nowak",
    "Kowalski",
    "Wisniewska",
    "Wojcik",
    "Kowalczyk",
    "Kaminski",
    "Lewandowska",
    "Zielinski",
    "Szymanska",
    "Wozniak",
    "Shevchenko",
    "Bondarenko",
    "Kovalenko",
    "Tkachenko",
    "Popescu",
    "Ionescu",
    "Popa",
    "Dumitru",
    "Stan",
    "Kazlauskas",
    "Jankauskas",
    "Petrauskas",
    "Novak",
    "Horvath",
    "Dvorak",
    "Svoboda",
    "Kral",
)


def _ascii(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Names as UK agency systems tend to keep them: without diacritics."""
    folded = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() for name in names
    )
    return tuple(dict.fromkeys(name for name in folded if name))


_EASTERN_SOURCES = (CzechNames, HungarianNames, RomanianNames)
EAST_EUROPEAN_FEMALE += _ascii([n for p in _EASTERN_SOURCES for n in p.first_names_female])
EAST_EUROPEAN_MALE += _ascii([n for p in _EASTERN_SOURCES for n in p.first_names_male])
EAST_EUROPEAN_FAMILY += _ascii([n for p in _EASTERN_SOURCES for n in p.last_names])

# Share of people by the origin of their names, roughly Leicester's population.
ORIGINS = (
    ("english", 0.47),
    ("south_asian", 0.30),
    ("sikh", 0.08),
    ("somali_arabic", 0.08),
    ("east_european", 0.07),
)
SEXES = (("F", 0.78), ("M", 0.21), ("X", 0.01))
# How many agency records a person has: most people appear once.
RECORDS_PER_PERSON = ((1, 0.45), (2, 0.28), (3, 0.15), (4, 0.08), (5, 0.04))
DISTRICTS = (*(f"LE{number}" for number in range(1, 20)), "LE65", "LE67", "CV9")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Rates at which a record differs from the person's true details (per record).
RATES = {
    "transliteration": 0.35,  # when the name has other spellings
    "swapped_names": 0.03,
    "swapped_day_month": 0.04,  # when day and month can be swapped
    "given_typo": 0.04,
    "family_typo": 0.04,
    "dob_typo": 0.02,
    "alias": 0.02,
    "missing_given": 0.01,
    "missing_family": 0.01,
    "missing_dob": 0.04,
    "missing_sex": 0.05,
    "missing_postcode": 0.10,
    "missing_phone": 0.35,
    "moved": 0.20,
    "new_phone": 0.25,
}


@dataclass(frozen=True)
class Person:
    person_id: str
    given_name: str
    family_name: str
    dob: date
    sex: str
    postcode: str
    phone: str
    origin: str


T = TypeVar("T")


def weighted(rng: random.Random, choices: tuple[tuple[T, float], ...]) -> T:
    values, cumulative = _CUMULATIVE.get(id(choices)) or _cumulate(choices)
    return cast(T, rng.choices(values, cum_weights=cumulative)[0])


_CUMULATIVE: dict[int, tuple[list[object], list[float]]] = {}


def _cumulate(choices: tuple[tuple[T, float], ...]) -> tuple[list[object], list[float]]:
    values: list[object] = [value for value, _ in choices]
    cumulative = list(itertools.accumulate(weight for _, weight in choices))
    _CUMULATIVE[id(choices)] = (values, cumulative)
    return values, cumulative


NAMES = {
    ("english", True): (tuple(EnglishNames.first_names_female), tuple(EnglishNames.last_names)),
    ("english", False): (tuple(EnglishNames.first_names_male), tuple(EnglishNames.last_names)),
    ("sikh", True): (SIKH_GIVEN, ("Kaur",)),
    ("sikh", False): (SIKH_GIVEN, ("Singh",)),
    ("south_asian", True): (SOUTH_ASIAN_FEMALE, SOUTH_ASIAN_FAMILY),
    ("south_asian", False): (SOUTH_ASIAN_MALE, SOUTH_ASIAN_FAMILY),
    ("somali_arabic", True): (SOMALI_ARABIC_FEMALE, SOMALI_ARABIC_FAMILY),
    ("somali_arabic", False): (SOMALI_ARABIC_MALE, SOMALI_ARABIC_FAMILY),
    ("east_european", True): (EAST_EUROPEAN_FEMALE, EAST_EUROPEAN_FAMILY),
    ("east_european", False): (EAST_EUROPEAN_MALE, EAST_EUROPEAN_FAMILY),
}


def _names(origin: str, sex: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Given names and family names for a person of this origin and sex."""
    return NAMES[(origin, sex != "M")]


def _postcode(rng: random.Random, district: str | None = None) -> str:
    district = district or rng.choice(DISTRICTS)
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{district} {rng.randrange(10)}{letters}"


def _phone(rng: random.Random) -> str:
    return f"07{rng.randrange(10**9):09d}"


def _person(rng: random.Random, number: int) -> Person:
    origin = weighted(rng, ORIGINS)
    sex = weighted(rng, SEXES)
    given_names, family_names = _names(origin, sex)
    # Ages 16 to 85, most in their twenties to forties.
    age_days = int(min(max(rng.gauss(34, 12), 16), 85) * 365.25)
    dob = date(2026, 7, 1) - timedelta(days=age_days + rng.randrange(365))
    return Person(
        person_id=f"person-{number}",
        given_name=rng.choice(given_names),
        family_name=rng.choice(family_names),
        dob=dob,
        sex=sex,
        postcode=_postcode(rng),
        phone=_phone(rng),
        origin=origin,
    )


def typo(rng: random.Random, text: str) -> str:
    """One edit: a letter dropped, doubled, swapped with the next, or replaced."""
    if len(text) < 3:
        return text
    at = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:at] + text[at + 1 :]
    if kind == 1:
        return text[:at] + text[at] + text[at:]
    if kind == 2:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text[:at] + rng.choice("aeinorstl") + text[at + 1 :]


def _spelling(rng: random.Random, name: str) -> str:
    variants = VARIANTS.get(name)
    if variants and rng.random() < RATES["transliteration"]:
        return rng.choice(variants)
    return name


def _dob_as_recorded(rng: random.Random, dob: date) -> str:
    text = dob.isoformat()
    if dob.day <= 12 and dob.day != dob.month and rng.random() < RATES["swapped_day_month"]:
        return f"{dob.year:04d}-{dob.day:02d}-{dob.month:02d}"
    if rng.random() < RATES["dob_typo"]:
        at = rng.choice((2, 3, 6, 8, 9))
        text = text[:at] + str(rng.randrange(10)) + text[at + 1 :]
    return text


def _blank_or(rng: random.Random, rate: str, value: str) -> str:
    return "" if rng.random() < RATES[rate] else value


def _record(rng: random.Random, person: Person, number: int, first: bool) -> dict[str, str]:
    """One agency's record of a person. The first record keeps the person's own details."""
    given, family = person.given_name, person.family_name
    dob = person.dob.isoformat()
    postcode, phone = person.postcode, person.phone
    if not first:
        given, family = _spelling(rng, given), _spelling(rng, family)
        if rng.random() < RATES["alias"]:
            given = rng.choice(_names(person.origin, person.sex)[0])
        if rng.random() < RATES["given_typo"]:
            given = typo(rng, given)
        if rng.random() < RATES["family_typo"]:
            family = typo(rng, family)
        if rng.random() < RATES["swapped_names"]:
            given, family = family, given
        dob = _dob_as_recorded(rng, person.dob)
        if rng.random() < RATES["moved"]:
            postcode = _postcode(rng)
        if rng.random() < RATES["new_phone"]:
            phone = _phone(rng)
    return {
        "person_id": person.person_id,
        "agency": rng.choice(AGENCIES),
        "record_id": f"R{number:08d}",
        "given_name": _blank_or(rng, "missing_given", given),
        "family_name": _blank_or(rng, "missing_family", family),
        "dob": _blank_or(rng, "missing_dob", dob),
        "sex": _blank_or(rng, "missing_sex", person.sex),
        "postcode": _blank_or(rng, "missing_postcode", postcode),
        "phone": _blank_or(rng, "missing_phone", phone),
    }


def generate_identities(records: int, *, seed: int = 1) -> Iterator[dict[str, str]]:
    """``records`` agency records of synthetic people, each with its true ``person_id``.

    Record ids are scrambled, so a person's records are not next to each other by id.
    """
    rng = random.Random(seed)
    emitted = 0
    person_number = 0
    while emitted < records:
        person_number += 1
        person = _person(rng, person_number)
        copies = min(weighted(rng, RECORDS_PER_PERSON), records - emitted)
        for copy in range(copies):
            # Spread ids: a multiplicative scramble of the running number, unique per record.
            number = (emitted * 7_919 + seed) % 100_000_000
            emitted += 1
            yield _record(rng, person, number, first=copy == 0)
