"""Household rules: two records that look alike but belong to two people of one household.

A mother and her daughter may share a name, a phone and a postcode; twins share a date of
birth, a family name and an address. Linking them is a safeguarding incident (issue 19), so
such pairs are *held*: they keep their score and may be reviewed by a person, but are never
linked automatically. Pure Python: no Django, no Splink. The engine applies the same rules
to every scored pair at once (the SQL below, read by DuckDB), and clusters use
``contradicts_factory`` to find a cluster that holds two generations.

- ``age_gap``: birth years 12 or more apart — but not a decade typo, two full dates of birth
  that differ only in the decade digit (1985-03-02 / 1995-03-02).
- ``twins``: the same full date of birth, given names that are neither the same sound nor a
  near spelling nor one typo apart (nor one the start of the other, Jas and Jaswinder; nor
  the names swapped; nor one among the other's other names, a known-as name), and one
  household (the same family name, postcode, address or phone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

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
    " AND NOT coalesce(l.given_name = r.family_name OR l.family_name = r.given_name, false)"
    " AND NOT coalesce(instr(l.other_names, concat(';', r.given_name, ';')) > 0"
    " OR instr(r.other_names, concat(';', l.given_name, ';')) > 0, false)"
    f" AND jaro_winkler_similarity(l.given_name, r.given_name) < {NEAR_SPELLING}"
    " AND damerau_levenshtein(l.given_name, r.given_name) > 1"
    " AND NOT (starts_with(l.given_name, r.given_name) OR starts_with(r.given_name, l.given_name))"
    " AND coalesce(l.family_name = r.family_name OR l.postcode = r.postcode"
    " OR l.address = r.address OR l.uprn = r.uprn OR l.phone = r.phone, false)"
)


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


def contradicts_factory(
    records: Iterable[Mapping[str, Any]], config: placeholders.Placeholders | None = None
) -> Callable[[list[str]], bool]:
    """Whether a group of record ids holds two people by the household rules: two of its
    records born 12 or more years apart (not a decade typo). ``records`` are the engine's
    raw records (record_id, dob, dob_estimated …); placeholder dates of birth (listed, or far
    more frequent than dates are among these records) say nothing."""
    config = config or placeholders.configured()
    listed, parsed = frozenset(config.dobs), dict[str, str | None]()
    births = {str(record["record_id"]): _birth(record, listed, parsed) for record in records}
    counts = Counter(dob for _, dob in births.values() if dob)
    made_up = placeholders.placeholder_dobs(counts, config)
    for record_id, (_year, dob) in births.items():
        if dob in made_up:
            births[record_id] = (None, None)

    def contradicts(members: list[str]) -> bool:
        known = [
            (year, dob) for year, dob in (births.get(m, (None, None)) for m in members) if year
        ]
        years = [year for year, _ in known]
        if len(years) < 2 or max(years) - min(years) < AGE_GAP_YEARS:
            return False
        return any(
            age_gap(year, other_year, dob, other_dob)
            for index, (year, dob) in enumerate(known)
            for other_year, other_dob in known[index + 1 :]
        )

    return contradicts
