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
- ``twins``: the same full date of birth, given names that are neither the same sound nor a
  near spelling nor one typo apart (nor one the start of the other, Jas and Jaswinder; nor
  the names swapped; nor one among the other's other names, a known-as name), and one
  household (the same family name, postcode, address or phone).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import jellyfish

from concord.domain.dates import parse_date
from concord.linkage import placeholders

AGE_GAP, TWINS = "age_gap", "twins"
#: Birth years this far apart are two generations.
AGE_GAP_YEARS = 12
#: Given names at least this alike (Jaro-Winkler) are one name spelt two ways.
NEAR_SPELLING = 0.92

_YES = frozenset({"yes", "y", "true", "1"})


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


#: The same rules in SQL over a scored pair joined to both records' prepared columns
#: (``l.`` and ``r.``), for DuckDB. ``jaro_winkler_similarity`` is DuckDB's.
AGE_GAP_SQL = (
    f"abs(l.birth_year - r.birth_year) >= {AGE_GAP_YEARS}"
    " AND NOT coalesce(substr(l.dob, 1, 2) = substr(r.dob, 1, 2)"
    " AND substr(l.dob, 4) = substr(r.dob, 4)"
    " AND substr(l.dob, 3, 1) <> substr(r.dob, 3, 1), false)"
)
TWINS_SQL = (
    "l.dob = r.dob"
    " AND l.given_name <> r.given_name"
    " AND coalesce(l.given_name_key <> r.given_name_key, true)"
    " AND NOT coalesce((l.given_name = r.family_name OR l.family_name = r.given_name)"
    " AND coalesce(l.family_name <> r.family_name, true), false)"
    " AND NOT coalesce(instr(l.other_names, concat(';', r.given_name, ';')) > 0"
    " OR instr(r.other_names, concat(';', l.given_name, ';')) > 0, false)"
    f" AND jaro_winkler_similarity(l.given_name, r.given_name) < {NEAR_SPELLING}"
    " AND damerau_levenshtein(l.given_name, r.given_name) > 1"
    " AND NOT (starts_with(l.given_name, r.given_name) OR starts_with(r.given_name, l.given_name))"
    " AND coalesce(l.family_name = r.family_name OR l.postcode = r.postcode"
    " OR l.address = r.address OR l.uprn = r.uprn OR l.phone = r.phone, false)"
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


@dataclass(frozen=True)
class Known:
    """What one record tells the household rules: its birth year and full date of birth
    (placeholders and estimates left out), given and family name (placeholders left out),
    other names, and the household's marks (postcode, phone, first address line, UPRN)."""

    year: int | None = None
    dob: str | None = None
    given: str | None = None
    family: str | None = None
    others: frozenset[str] = frozenset()
    home: tuple[str | None, ...] = ()


def _birth(
    record: Mapping[str, Any], listed: frozenset[str], parsed: dict[str, str | None]
) -> tuple[int | None, str | None]:
    """A raw record's birth year and full date of birth (ISO), placeholders left out.
    ``parsed`` remembers each written date's reading (dates repeat a great deal)."""
    written = str(record.get("dob") or "")
    if written not in parsed:
        day = parse_date(written)
        parsed[written] = day.isoformat() if day else None
    iso = parsed[written]
    if iso is None or iso in listed:
        return None, None
    estimated = str(record.get("dob_estimated") or "").strip().lower() in _YES
    return int(iso[:4]), None if estimated else iso


def _known(
    records: Iterable[Mapping[str, Any]], config: placeholders.Placeholders
) -> dict[str, Known]:
    """Every record's Known, by record id. Dates of birth far more frequent than dates are
    among these records are placeholders; when 1 January is a spike (a system's way of
    writing "born that year"), 1 January dates keep only their year."""
    listed, parsed = frozenset(config.dobs), dict[str, str | None]()
    known: dict[str, Known] = {}
    for record in records:
        year, dob = _birth(record, listed, parsed)
        given, family = (_name(record.get(name)) for name in ("given_name", "family_name"))
        others = (_name(name) for name in str(record.get("other_names") or "").split(";"))
        known[str(record["record_id"])] = Known(
            year,
            dob,
            None if placeholders.is_placeholder_name(given, config) else given,
            None if placeholders.is_placeholder_name(family, config) else family,
            frozenset(name for name in others if name),
            tuple(
                _text(record.get(name)) for name in ("postcode", "phone", "address_line_1", "uprn")
            ),
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


def _people_by_dob(known: Iterable[Known]) -> dict[str, int]:
    """How many people (distinct names) hold each date of birth, as the engine counts them
    to find placeholders: one person's many records do not make their date a placeholder."""
    names: dict[str, set[tuple[str | None, str | None]]] = {}
    for facts in known:
        if facts.dob:
            names.setdefault(facts.dob, set()).add((facts.family, facts.given))
    return {dob: len(held) for dob, held in names.items()}


def _one_name(given: str, other: Known, first: Known) -> bool:
    """Whether two given names may be one person's: the same sound, a near spelling, one
    typo apart, one the start of the other (Jas, Jaswinder), a known-as name, or the names
    swapped."""
    theirs = other.given or ""
    return (
        jellyfish.metaphone(given.replace(" ", "")) == jellyfish.metaphone(theirs.replace(" ", ""))
        or jellyfish.jaro_winkler_similarity(given, theirs) >= NEAR_SPELLING
        or jellyfish.damerau_levenshtein_distance(given, theirs) <= 1
        or given.startswith(theirs)
        or theirs.startswith(given)
        or given in other.others
        or theirs in first.others
        or _swapped(first, other)
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
    """The twins rule: the same full date of birth, given names that cannot be one
    person's, and one household (the same family name, postcode, phone, address or UPRN)."""
    if not first.dob or first.dob != second.dob or not first.given or not second.given:
        return False
    if _one_name(first.given, second, first):
        return False
    same_family = bool(first.family) and first.family == second.family
    shared = any(
        mine and mine == theirs for mine, theirs in zip(first.home, second.home, strict=False)
    )
    return same_family or shared


def two_people(first: Known, second: Known) -> str | None:
    """Which household rule says these two records are two people (AGE_GAP, TWINS), if any."""
    if age_gap(first.year, second.year, first.dob, second.dob):
        return AGE_GAP
    if twins(first, second):
        return TWINS
    return None


def cannot_tell(record: Known, first: Known, second: Known, reason: str) -> bool:
    """Whether ``record`` could be either of two people (``first`` and ``second``, two by
    ``reason``) because it lacks what tells them apart: for an age gap, a birth year; for
    twins, a given name, or a date of birth when its given name may be either twin's
    (Aysha, when the twins are Aisha and Ayesha). Any other reason (a person's "different"
    decision) no record's details can settle."""
    if reason == AGE_GAP:
        return record.year is None
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
    holds two generations."""

    apart: Callable[[str, str], str | None]
    blind: Callable[[str, str, str, str], bool]
    contradicts: Callable[[list[str]], bool]


def rules_for(
    records: Iterable[Mapping[str, Any]], config: placeholders.Placeholders | None = None
) -> Rules:
    """The household rules over these raw engine records (record_id, names, dob …). A
    record id not among them is known to no rule: never apart, always blind."""
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

    return Rules(apart, blind, _contradicts(known))


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
