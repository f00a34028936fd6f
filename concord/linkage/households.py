"""Household rules: two records that look alike but belong to two people of one household.

A mother and her daughter may share a name, a phone and a postcode; twins share a date of
birth, a family name and an address. Linking them is a safeguarding incident (issue 19), so
such pairs are *held*: they keep their score and may be reviewed by a person, but are never
linked automatically. Pure Python: no Django, no Splink. The engine applies the same rules
to every scored pair at once (the SQL below, read by DuckDB); ``rules_for`` applies them to
any two records, for clustering: to find a record that could be either of two people of
one household (``cannot_tell``, clusters.hold_ambiguous), and a cluster that holds two
generations (``contradicts``).

- ``age_gap``: birth years 12 or more apart — but not a decade typo, two full dates of birth
  that differ only in the decade digit (1985-03-02 / 1995-03-02).
- ``twins``: the same full date of birth (or one typo apart: 2014-02-07 and 2014-02-17),
  one household (the same family name, postcode, address or phone), and two given names:
  names that are neither the same sound (two edits apart at most: Mohammed and Muhammad,
  not Hassan and Hussein) nor a near spelling nor one typo apart, nor one the start of the
  other (Jas and Jaswinder); or, when one record says female and the other male, any two
  different names. Never when the names are swapped or one is among the other's other
  names (a known-as name).
- ``born_apart``: two full dates of birth that cannot be one person's (more than one typo
  apart, however the day and month are read), one household: a couple, brothers and sisters,
  a parent and a child named after them born less than 12 years apart.

A record that lacks what tells two people of one household apart (a birth year, a given
name) could be either of a mother and the daughter named after her, or either twin, even
when the data holds no record of the other one. ``unproven`` says so of a pair: such a
record is linked automatically only on evidence that is the person's own, the same mobile
number or a known-as name; otherwise the pair goes to review (linking.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import jellyfish

from concord.domain.dates import iso_date
from concord.linkage import placeholders

AGE_GAP, TWINS, BORN_APART = "age_gap", "twins", "born_apart"
#: Birth years this far apart are two generations.
AGE_GAP_YEARS = 12
#: Full dates of birth more typos apart than this (however the day and month are read) are
#: two birthdays; as many or fewer may be one (the twins rule counts one typo as one date).
BIRTHDAY_EDITS = 1
#: Given names at least this alike (Jaro-Winkler) are one name spelt two ways.
NEAR_SPELLING = 0.92
#: Same-sounding given names further apart than this many edits are two names.
SOUND_EDITS = 2
#: The sexes the twins rule compares; any other value says nothing.
SEXES = frozenset({"f", "m"})
#: A UK mobile number, digits only: 07 and nine more.
_MOBILE = re.compile(r"^07\d{9}$")
_NOT_DIGITS = re.compile(r"\D+")
_MADE_UP_PHONE = re.compile(placeholders.PHONE_PATTERN)

_YES = frozenset({"yes", "y", "true", "1"})
#: What a reader of written values takes (a written date, or any raw value).
Value = TypeVar("Value")


def _decade_typo_iso(first: str, second: str) -> bool:
    return first[:2] == second[:2] and first[3:] == second[3:] and first[2] != second[2]


def is_decade_typo(first: str | None, second: str | None) -> bool:
    """Two ISO dates (YYYY-MM-DD) that differ only in the decade digit: 1985-03-02 and
    1995-03-02 (the third digit of the year)."""
    if not first or not second or len(first) != 10 or len(second) != 10:
        return False
    return _decade_typo_iso(first, second)


def age_gap(
    year: int | None, other_year: int | None, dob: str | None = None, other_dob: str | None = None
) -> bool:
    """Whether two records' birth years make them two generations (not a decade typo)."""
    if year is None or other_year is None or abs(year - other_year) < AGE_GAP_YEARS:
        return False
    return not is_decade_typo(dob, other_dob)


def _other_way_round(day: str) -> str:
    """An ISO date (YYYY-MM-DD) read with the day and month the other way round, as someone
    reading the other convention writes it: 2010-08-03 gives 2010-03-08 (and 2010-08-23
    gives 2010-23-08, no date at all, which matches none)."""
    return f"{day[:5]}{day[8:10]}-{day[5:7]}"


def _other_way_round_sql(column: str) -> str:
    """``_other_way_round`` in SQL over an ISO date column."""
    return f"concat(substr({column}, 1, 5), substr({column}, 9, 2), '-', substr({column}, 6, 2))"


def _day_month_swapped(first: str, second: str) -> bool:
    """Two ISO dates of one year with the day and month swapped: 2010-08-03 and 2010-03-08."""
    return first == _other_way_round(second)


def day_month_swapped_sql(first: str, second: str) -> str:
    """``_day_month_swapped`` in SQL over two ISO date columns."""
    return (
        f"substr({first}, 1, 4) = substr({second}, 1, 4)"
        f" AND substr({first}, 6, 2) = substr({second}, 9, 2)"
        f" AND substr({first}, 9, 2) = substr({second}, 6, 2)"
    )


def _one_birthday(first: str, second: str) -> bool:
    """Two full dates of birth that may be one: the same, one typo apart, or the day and
    month swapped."""
    one_typo = jellyfish.damerau_levenshtein_distance(first, second) <= BIRTHDAY_EDITS
    return one_typo or _day_month_swapped(first, second)


#: The same rules in SQL over a scored pair joined to both records' prepared columns
#: (``l.`` and ``r.``), for DuckDB. ``jaro_winkler_similarity`` is DuckDB's.
AGE_GAP_SQL = (
    f"abs(l.birth_year - r.birth_year) >= {AGE_GAP_YEARS}"
    " AND NOT coalesce(substr(l.dob, 1, 2) = substr(r.dob, 1, 2)"
    " AND substr(l.dob, 4) = substr(r.dob, 4)"
    " AND substr(l.dob, 3, 1) <> substr(r.dob, 3, 1), false)"
)
_ONE_HOUSEHOLD_SQL = (
    "coalesce(l.family_name = r.family_name OR l.postcode = r.postcode"
    " OR l.address = r.address OR l.uprn = r.uprn OR l.phone = r.phone, false)"
)
_SEXES_SQL = ", ".join(f"'{sex}'" for sex in sorted(SEXES))
TWINS_SQL = (
    f"(damerau_levenshtein(l.dob, r.dob) <= {BIRTHDAY_EDITS}"
    f" OR {day_month_swapped_sql('l.dob', 'r.dob')})"
    " AND l.given_name <> r.given_name"
    " AND NOT coalesce((l.given_name = r.family_name OR l.family_name = r.given_name)"
    " AND coalesce(l.family_name <> r.family_name, true), false)"
    " AND NOT coalesce(instr(l.other_names, concat(';', r.given_name, ';')) > 0"
    " OR instr(r.other_names, concat(';', l.given_name, ';')) > 0, false)"
    f" AND (coalesce(l.sex IN ({_SEXES_SQL}) AND r.sex IN ({_SEXES_SQL}) AND l.sex <> r.sex, false)"
    " OR (coalesce(l.given_name_key <> r.given_name_key"
    f" OR damerau_levenshtein(l.given_name, r.given_name) > {SOUND_EDITS}, true)"
    f" AND jaro_winkler_similarity(l.given_name, r.given_name) < {NEAR_SPELLING}"
    " AND damerau_levenshtein(l.given_name, r.given_name) > 1"
    " AND NOT (starts_with(l.given_name, r.given_name)"
    " OR starts_with(r.given_name, l.given_name))))"
    f" AND {_ONE_HOUSEHOLD_SQL}"
)
BORN_APART_SQL = (
    f"damerau_levenshtein(l.dob, r.dob) > {BIRTHDAY_EDITS}"
    f" AND damerau_levenshtein(l.dob, {_other_way_round_sql('r.dob')}) > {BIRTHDAY_EDITS}"
    f" AND {_ONE_HOUSEHOLD_SQL}"
)


_NOT_LETTERS = re.compile(r"[^a-z ]+")


def _name(value: object) -> str | None:
    """A name as the engine compares it: lower case letters and single spaces."""
    folded = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode()
    cleaned = " ".join(_NOT_LETTERS.sub("", folded.lower()).split())
    return cleaned or None


def _text(value: object) -> str | None:
    cleaned = "".join(str(value or "").lower().split())
    return cleaned or None


def _sex(value: object) -> str | None:
    first = str(value or "").strip().lower()[:1]
    return first if first in SEXES else None


def _mobile(value: object) -> str | None:
    """A UK mobile number's digits as 07… (written 07…, +44 7… or +44 (0)7…), else None: a
    landline is the household's, a mobile the person's own."""
    digits = _NOT_DIGITS.sub("", str(value or ""))
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    if not _MOBILE.match(digits) or _MADE_UP_PHONE.match(digits):
        return None
    return digits


@dataclass(frozen=True)
class Known:
    """What one record tells the household rules: its birth year and full date of birth
    (placeholders and estimates left out), given and family name (placeholders left out),
    other names, the household's marks (postcode, phone, first address line, UPRN), sex
    (f or m) and mobile number."""

    year: int | None = None
    dob: str | None = None
    given: str | None = None
    family: str | None = None
    others: frozenset[str] = frozenset()
    home: tuple[str | None, ...] = ()
    sex: str | None = None
    mobile: str | None = None


def _birth(
    record: Mapping[str, Any], listed: frozenset[str], iso: Callable[[str], str | None]
) -> tuple[int | None, str | None]:
    """A raw record's birth year and full date of birth (ISO, read by ``iso``), placeholders
    left out."""
    day = iso(str(record.get("dob") or ""))
    if day is None or day in listed:
        return None, None
    estimated = str(record.get("dob_estimated") or "").strip().lower() in _YES
    return int(day[:4]), None if estimated else day


def _known(
    records: Iterable[Mapping[str, Any]], config: placeholders.Placeholders
) -> dict[str, Known]:
    """Every record's Known, by record id. Dates of birth far more frequent than dates are
    among these records are placeholders; when 1 January is a spike (a system's way of
    writing "born that year"), 1 January dates keep only their year."""
    listed = frozenset(config.dobs)
    # Dates, names and phones repeat a great deal: each written form is read once.
    iso, name, mobile = _remembered(iso_date), _remembered(_name), _remembered(_mobile)
    known: dict[str, Known] = {}
    for record in records:
        year, dob = _birth(record, listed, iso)
        given, family = (name(record.get(field)) for field in ("given_name", "family_name"))
        others = (name(other) for other in str(record.get("other_names") or "").split(";"))
        known[str(record["record_id"])] = Known(
            year,
            dob,
            None if placeholders.is_placeholder_name(given, config) else given,
            None if placeholders.is_placeholder_name(family, config) else family,
            frozenset(other for other in others if other),
            tuple(
                _text(record.get(field))
                for field in ("postcode", "phone", "address_line_1", "uprn")
            ),
            _sex(record.get("sex")),
            mobile(record.get("phone")),
        )
    counts = Counter(facts.dob for facts in known.values() if facts.dob)
    made_up = placeholders.placeholder_dobs(_people_by_dob(known.values()), config)
    spike = placeholders.january_spike(
        {dob: count for dob, count in counts.items() if dob not in made_up}, config
    )
    for record_id, facts in known.items():
        if facts.dob in made_up:
            known[record_id] = replace(facts, year=None, dob=None)
        elif spike and facts.dob and facts.dob.endswith("-01-01"):
            known[record_id] = replace(facts, dob=None)
    return known


def _remembered(read: Callable[[Value], str | None]) -> Callable[[Value], str | None]:
    """``read``, remembering each value's reading for the records of one call of _known."""
    readings: dict[Value, str | None] = {}

    def remembered(value: Value) -> str | None:
        if value not in readings:
            readings[value] = read(value)
        return readings[value]

    return remembered


def _people_by_dob(known: Iterable[Known]) -> dict[str, int]:
    """How many people (distinct names) hold each date of birth, as the engine counts them
    to find placeholders: one person's many records do not make their date a placeholder."""
    names: dict[str, set[tuple[str | None, str | None]]] = {}
    for facts in known:
        if facts.dob:
            names.setdefault(facts.dob, set()).add((facts.family, facts.given))
    return {dob: len(held) for dob, held in names.items()}


def _one_name(given: str, other: Known, first: Known) -> bool:
    """Whether two given names may be one person's: the same sound a few edits apart, a
    near spelling, one typo apart, one the start of the other (Jas, Jaswinder), a known-as
    name, or the names swapped."""
    theirs = other.given or ""
    edits = jellyfish.damerau_levenshtein_distance(given, theirs)
    return (
        (edits <= SOUND_EDITS and _sound(given) == _sound(theirs))
        or jellyfish.jaro_winkler_similarity(given, theirs) >= NEAR_SPELLING
        or edits <= 1
        or given.startswith(theirs)
        or theirs.startswith(given)
        or _known_as(first, other)
        or _swapped(first, other)
    )


def _sound(name: str) -> str:
    return str(jellyfish.metaphone(name.replace(" ", "")))


def _known_as(first: Known, other: Known) -> bool:
    """One's given name among the other's other names."""
    return bool(
        (first.given and first.given in other.others)
        or (other.given and other.given in first.others)
    )


def _swapped(first: Known, other: Known) -> bool:
    """Given and family name swapped (perhaps with a typo in one): one's given name is the
    other's family name, and their family names differ (Osman Osman and Zamzam Osman are
    not a swap)."""
    if first.family and other.family and first.family == other.family:
        return False
    return bool(
        (first.given and first.given == other.family)
        or (first.family and first.family == other.given)
    )


def twins(first: Known, second: Known) -> bool:
    """The twins rule: one full date of birth (perhaps with a typo or the day and month
    swapped), one household (the same family name, postcode, phone, address or UPRN), and
    given names that cannot be one person's; or, a female and a male, any two different
    names that are not known-as names or swapped."""
    if not (first.dob and second.dob and first.given and second.given):
        return False
    if not _one_birthday(first.dob, second.dob):
        return False
    if first.given == second.given or not _one_household(first, second):
        return False
    if _sexes_differ(first, second):
        return not (_known_as(first, second) or _swapped(first, second))
    return not _one_name(first.given, second, first)


def born_apart(first: Known, second: Known) -> bool:
    """Two full dates of birth that cannot be one person's at one household (the same family
    name, postcode, phone, address or UPRN): more than one typo apart, however the day and
    month of the second are read."""
    if not (first.dob and second.dob and _one_household(first, second)):
        return False
    return all(
        jellyfish.damerau_levenshtein_distance(first.dob, day) > BIRTHDAY_EDITS
        for day in (second.dob, _other_way_round(second.dob))
    )


def _twins_unseen(first: Known, second: Known) -> bool:
    """Two different given names of one birth year, one record with the year only: the
    twins rule cannot see whether they are twins."""
    return (
        (first.dob is None or second.dob is None)
        and first.year == second.year
        and first.given != second.given
    )


def _one_household(first: Known, second: Known) -> bool:
    same_family = bool(first.family) and first.family == second.family
    return same_family or any(
        mine and mine == theirs for mine, theirs in zip(first.home, second.home, strict=False)
    )


def _sexes_differ(first: Known, second: Known) -> bool:
    return first.sex is not None and second.sex is not None and first.sex != second.sex


def unproven(first: Known, second: Known) -> bool:
    """Whether a pair may not be linked automatically for want of the person's own
    evidence: one record lacks a birth year or a given name (so it could be either of a
    mother and her namesake daughter, or either twin), or a full date of birth beside a
    different given name of the same year (either twin), and the two share neither a
    mobile number nor a known-as name."""
    lacking = any(facts.year is None or facts.given is None for facts in (first, second))
    if not (lacking or _twins_unseen(first, second)):
        return False
    same_mobile = first.mobile is not None and first.mobile == second.mobile
    return not (same_mobile or _known_as(first, second))


def two_people(first: Known, second: Known) -> str | None:
    """Which household rule says these two records are two people (AGE_GAP, TWINS,
    BORN_APART), if any."""
    if age_gap(first.year, second.year, first.dob, second.dob):
        return AGE_GAP
    if twins(first, second):
        return TWINS
    if born_apart(first, second):
        return BORN_APART
    return None


def cannot_tell(record: Known, first: Known, second: Known, reason: str) -> bool:
    """Whether ``record`` could be either of two people (``first`` and ``second``, two by
    ``reason``) because it lacks what tells them apart: for an age gap, a birth year; for
    twins, a given name, or a date of birth when its given name may be either twin's
    (Aysha, when the twins are Aisha and Ayesha); for two birthdays, a full date of birth.
    Any other reason (a person's "different" decision) no record's details can settle."""
    if reason == AGE_GAP:
        return record.year is None
    if reason == BORN_APART:
        return record.dob is None
    if reason == TWINS:
        given = record.given
        if given is None:
            return True
        return (
            record.dob is None
            and _one_name(given, first, record)
            and _one_name(given, second, record)
        )
    return True


@dataclass(frozen=True)
class Rules:
    """The household rules over one set of records, for clustering (see clusters.py):
    ``apart`` says why two records are two people (or None), ``blind`` whether a record
    could be either of two such records (``cannot_tell``), ``contradicts`` whether a group
    holds two generations, ``unproven`` whether a pair lacks the person's own evidence."""

    apart: Callable[[str, str], str | None]
    blind: Callable[[str, str, str, str], bool]
    contradicts: Callable[[list[str]], bool]
    unproven: Callable[[str, str], bool]


def rules_for(
    records: Iterable[Mapping[str, Any]], config: placeholders.Placeholders | None = None
) -> Rules:
    """The household rules over these raw engine records (record_id, names, dob …). A
    record id not among them is known to no rule: never apart, always blind, never
    proven."""
    known = _known(records, config or placeholders.configured())
    nothing = Known()

    def apart(first: str, second: str) -> str | None:
        return two_people(known.get(first, nothing), known.get(second, nothing))

    def blind(record_id: str, first: str, second: str, reason: str) -> bool:
        return cannot_tell(
            known.get(record_id, nothing),
            known.get(first, nothing),
            known.get(second, nothing),
            reason,
        )

    def lacks_evidence(first: str, second: str) -> bool:
        return unproven(known.get(first, nothing), known.get(second, nothing))

    return Rules(apart, blind, _contradicts(known), lacks_evidence)


def _contradicts(known: Mapping[str, Known]) -> Callable[[list[str]], bool]:
    def contradicts(members: list[str]) -> bool:
        dated = [known[m] for m in members if m in known and known[m].year is not None]
        years = [facts.year for facts in dated if facts.year is not None]
        if len(years) < 2 or max(years) - min(years) < AGE_GAP_YEARS:
            return False
        return any(
            age_gap(facts.year, other.year, facts.dob, other.dob)
            for index, facts in enumerate(dated)
            for other in dated[index + 1 :]
        )

    return contradicts


def contradicts_factory(
    records: Iterable[Mapping[str, Any]], config: placeholders.Placeholders | None = None
) -> Callable[[list[str]], bool]:
    """Whether a group of record ids holds two people by the household rules: two of its
    records born 12 or more years apart (not a decade typo). ``records`` are the engine's
    raw records (record_id, dob, dob_estimated …); placeholder dates of birth (listed, or far
    more frequent than dates are among these records) say nothing."""
    return rules_for(records, config).contradicts
