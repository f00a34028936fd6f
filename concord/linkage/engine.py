"""The record linkage engine: the only module that imports Splink (ARCHITECTURE.md).

Records are mappings with the string columns in ``COLUMNS`` (all but record_id may be
empty; a missing optional column is empty). ``train``
returns a model as Splink's JSON; ``score`` uses that JSON, unchanged, on DuckDB or on Spark.

The model is written in SQL that DuckDB and Spark both read (unquoted column names, functions
both have), so a model trained on one backend scores on the other. Phonetic keys and postcode
districts are worked out here in Python before the records reach Splink, for the same reason.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jellyfish
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from concord.domain.dates import iso_date
from concord.linkage import households, placeholders

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")
#: The columns every file of records has (each but record_id may be empty in a row).
CORE_COLUMNS = ("record_id", "given_name", "family_name", "dob", "sex", "postcode", "phone")
#: Columns a file may also have: other or previous names (separated by ";"), whether the
#: date of birth is an estimate, the address, its UPRN, and whether the address is withheld
#: (a refuge's). Flags are "yes" or empty.
OPTIONAL_COLUMNS = (
    "other_names",
    "dob_estimated",
    "address_line_1",
    "address_line_2",
    "town",
    "uprn",
    "address_withheld",
)
COLUMNS = CORE_COLUMNS + OPTIONAL_COLUMNS

logging.getLogger("py4j").setLevel(logging.ERROR)

_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


# --- the model -----------------------------------------------------------------------------


def _null(column: str) -> dict[str, Any]:
    return {
        "sql_condition": f"{column}_l IS NULL OR {column}_r IS NULL",
        "label_for_charts": "missing",
        "is_null_level": True,
    }


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


_ELSE = {"sql_condition": "ELSE", "label_for_charts": "all other"}


def _name_comparison(column: str, other: str, *, weighs_swaps: bool) -> dict[str, Any]:
    """Name variants: exact (adjusted for how common the name is), swapped with the other
    name (exactly, or with a typo), a near spelling (typos), the same sound (Mohammed /
    Muhammad), a looser spelling.

    A swap shows in both name comparisons; only one (``weighs_swaps``) counts it, weighed
    by the commoner of the two names, so a swapped "Kaur, Kuldip" counts for little.
    """
    key = f"{column}_key"
    swapped: dict[str, Any] = (
        {"tf_adjustment_column": column, "tf_adjustment_weight": 1.0}
        if weighs_swaps
        else {
            "m_probability": 0.01,
            "u_probability": 0.01,
            "fix_m_probability": True,
            "fix_u_probability": True,
        }
    )
    near_swapped = {} if weighs_swaps else _fixed(0.01, 0.01)
    return {
        "output_column_name": column,
        "comparison_levels": [
            _null(column),
            _level(
                f"{column}_l = {column}_r",
                "exact",
                tf_adjustment_column=column,
                tf_adjustment_weight=1.0,
            ),
            _level(
                f"{column}_l = {other}_r AND {other}_l = {column}_r",
                f"{column} and {other} swapped",
                **swapped,
            ),
            _level(
                f"jaro_winkler_similarity({column}_l, {other}_r) >= 0.88"
                f" AND jaro_winkler_similarity({other}_l, {column}_r) >= 0.88",
                f"{column} and {other} swapped, near spelling",
                **near_swapped,
            ),
            _level(f"jaro_winkler_similarity({column}_l, {column}_r) >= 0.92", "near spelling"),
            _level(f"{key}_l = {key}_r", "same sound"),
            _level(f"jaro_winkler_similarity({column}_l, {column}_r) >= 0.8", "loose spelling"),
            _ELSE,
        ],
    }


def _dob_comparison() -> dict[str, Any]:
    day_month_swapped = households.day_month_swapped_sql("dob_l", "dob_r")
    return {
        "output_column_name": "dob",
        "comparison_levels": [
            _null("dob"),
            _level("dob_l = dob_r", "exact"),
            _level(day_month_swapped, "day and month swapped"),
            _level("damerau_levenshtein(dob_l, dob_r) <= 1", "one typo"),
            _level("substr(dob_l, 1, 7) = substr(dob_r, 1, 7)", "same year and month"),
            _level("damerau_levenshtein(dob_l, dob_r) <= 2", "two typos"),
            _ELSE,
        ],
    }


def _simple_comparison(column: str, *, typo_level: bool) -> dict[str, Any]:
    levels = [_null(column), _level(f"{column}_l = {column}_r", "exact")]
    if typo_level:
        levels.append(_level(f"damerau_levenshtein({column}_l, {column}_r) <= 1", "one typo"))
    return {"output_column_name": column, "comparison_levels": [*levels, _ELSE]}


def _fixed(m: float, u: float | None = None) -> dict[str, Any]:
    """A level's probabilities set by judgement rather than learnt (u learnt when None)."""
    fixed: dict[str, Any] = {"m_probability": m, "fix_m_probability": True}
    if u is not None:
        fixed |= {"u_probability": u, "fix_u_probability": True}
    return fixed


def _sex_comparison() -> dict[str, Any]:
    """Sex is mis-recorded, and a trans person's records differ in it: a disagreement costs
    a few bits (m fixed at 0.05 against a learnt u of about one half), never a veto."""
    return {
        "output_column_name": "sex",
        "comparison_levels": [
            _null("sex"),
            _level("sex_l = sex_r", "exact", **_fixed(0.95)),
            {**_ELSE, **_fixed(0.05)},
        ],
    }


_HOME_COLUMNS = ("postcode", "address", "uprn", "phone", "town")


def _home_comparison() -> dict[str, Any]:
    """The home, as one comparison: postcode, address, UPRN, phone and town together.

    The people of one household share all of these (and a landline), so counted as
    separate comparisons they add up to proof that two household members are one person
    (a mother and her daughter, a brother and sister). As one comparison they count once,
    as the evidence of one shared home they are. Missing unless both records have one of
    them: a withheld (refuge) address is missing, never a disagreement; a mobile shared
    after a move still counts.

    Its levels grade how surely the two records name one home, so that a record whose
    names or date of birth are corrupted still has the evidence of a mistyped address:
    the address lines in either order ("12 High St | Rose House" and "Rose House | 12
    High St"), the line with a mistyped postcode, the street and postcode without the
    number, the street mistyped nearby. Household members share the top levels, so the
    lower levels never make them look more alike.
    """
    near_street = "jaro_winkler_similarity(street_l, street_r) >= 0.9"
    near_postcode = "damerau_levenshtein(postcode_l, postcode_r) <= 1"
    same_words = "(address_l = address_r OR address_words_l = address_words_r)"
    same_address = (
        f"(uprn_l = uprn_r OR ({same_words} AND postcode_l = postcode_r)"
        " OR (house_number_l = house_number_r AND postcode_l = postcode_r))"
    )
    same_line = f"({same_words} OR (house_number_l = house_number_r AND {near_street}))"
    return {
        "output_column_name": "home",
        "comparison_levels": [
            {
                "sql_condition": "NOT ("
                + " OR ".join(
                    f"({column}_l IS NOT NULL AND {column}_r IS NOT NULL)"
                    for column in _HOME_COLUMNS
                )
                + ")",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            _level(f"{same_address} AND phone_l = phone_r", "same address and phone"),
            _level(f"{same_address} AND town_l = town_r", "same address and town"),
            _level(same_address, "same address"),
            _level("phone_l = phone_r", "same phone"),
            _level(f"{same_line} AND town_l = town_r", "same address line and town"),
            _level(f"{same_line} AND {near_postcode}", "same address line, postcode mistyped"),
            _level(same_line, "same address line"),
            _level("postcode_l = postcode_r", "same postcode"),
            _level(
                f"{near_street} AND (town_l = town_r OR {near_postcode})",
                "same street nearby",
            ),
            _level(
                f"{near_postcode} OR {near_street} OR damerau_levenshtein(phone_l, phone_r) <= 1",
                "near",
            ),
            _level(
                "postcode_district_l = postcode_district_r OR town_l = town_r",
                "same district or town",
            ),
            _ELSE,
        ],
    }


def _among(name: str, names: str) -> str:
    return f"instr(coalesce({names}, ''), concat(';', {name}, ';')) > 0"


def _other_names_comparison() -> dict[str, Any]:
    """A name of one record among the other's other names: a maiden or previous family name,
    a known-as given name. Probabilities fixed by judgement (most files carry no other names,
    so there is little to learn them from): finding one counts strongly, not finding one
    counts for almost nothing (a person's records mostly use their current name)."""
    family = " OR ".join(
        (_among("family_name_r", "other_names_l"), _among("family_name_l", "other_names_r"))
    )
    given = " OR ".join(
        (_among("given_name_r", "other_names_l"), _among("given_name_l", "other_names_r"))
    )
    return {
        "output_column_name": "other_names",
        "comparison_levels": [
            {
                "sql_condition": "other_names_l IS NULL AND other_names_r IS NULL",
                "label_for_charts": "missing",
                "is_null_level": True,
            },
            _level(family, "family name among the other names", **_fixed(0.2, 0.0005)),
            _level(given, "given name among the other names", **_fixed(0.1, 0.002)),
            {**_ELSE, **_fixed(0.7, 0.9975)},
        ],
    }


# Candidate pairs: any pair agreeing on one of these is scored. Broad enough that one
# corrupted field (or two, in different rules) does not hide a true pair. Birth years are
# kept when a date of birth is an estimate, so they block where the full date cannot.
BLOCKING_RULES = (
    # The same-sounding names, and one of the parts of the date of birth.
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key"
    " AND l.birth_year = r.birth_year",
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key"
    " AND substr(l.dob, 6, 5) = substr(r.dob, 6, 5)",
    "l.given_name_key = r.family_name_key AND l.family_name_key = r.given_name_key"
    " AND l.birth_year = r.birth_year",
    # One name wrong (an alias, a typo that changes the sound, a missing name, a maiden name).
    "l.dob = r.dob AND l.family_name_key = r.family_name_key",
    "l.dob = r.dob AND l.given_name_key = r.given_name_key",
    "l.postcode = r.postcode AND l.family_name_key = r.family_name_key",
    "l.postcode = r.postcode AND l.given_name_key = r.given_name_key",
    # Both names corrupted (or swapped and mistyped): the initials, either way round.
    "l.dob = r.dob AND l.initials = r.initials",
    "l.postcode = r.postcode AND l.initials = r.initials",
    # Names of no help at all.
    "l.dob = r.dob AND l.postcode = r.postcode",
    "l.dob = r.dob AND l.postcode_district = r.postcode_district",
    "l.postcode = r.postcode AND l.birth_year = r.birth_year",
    "l.phone = r.phone",
    # The home, within one postcode district (a whole city's streets are too broad).
    "l.uprn = r.uprn",
    "l.address = r.address AND l.postcode_district = r.postcode_district",
    "l.street = r.street AND l.dob = r.dob",
    "l.street = r.street AND l.given_name_key = r.given_name_key"
    " AND l.postcode_district = r.postcode_district",
    "l.house_number = r.house_number AND l.family_name_key = r.family_name_key"
    " AND l.postcode_district = r.postcode_district",
    "l.house_number = r.house_number AND l.given_name_key = r.given_name_key"
    " AND l.postcode_district = r.postcode_district",
    "l.house_number = r.house_number AND l.dob = r.dob",
    # A typo in the street: its first letters, with the number and the postcode.
    "l.house_number = r.house_number AND substr(l.street, 1, 4) = substr(r.street, 1, 4)"
    " AND l.postcode = r.postcode",
    # A mistyped or moved postcode and a missing or mistyped date of birth: the names, or
    # the date of birth, or the number and the initials, with the street's first letters.
    "l.initials = r.initials AND l.house_number = r.house_number"
    " AND substr(l.street, 1, 3) = substr(r.street, 1, 3)",
    "l.dob = r.dob AND substr(l.street, 1, 3) = substr(r.street, 1, 3)",
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key"
    " AND substr(l.street, 1, 3) = substr(r.street, 1, 3)",
)

# Training: each rule leaves the other fields free for expectation maximisation to learn.
TRAINING_RULES = (
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key",
    "l.dob = r.dob",
)
#: The pairs so exact that they are taken as matches when estimating how common matches are.
DETERMINISTIC_FIELDS = ("given_name", "family_name", "dob")
DETERMINISTIC_RULES = (" AND ".join(f"l.{name} = r.{name}" for name in DETERMINISTIC_FIELDS),)
#: The most the chance of two random records matching may be, however few the records.
MAX_PRIOR = 0.5


def model_settings() -> dict[str, Any]:
    """The one model definition (DOMAIN.md §8), before training."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "record_id",
        "probability_two_random_records_match": 0.0001,
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "comparisons": [
            _name_comparison("given_name", "family_name", weighs_swaps=False),
            _name_comparison("family_name", "given_name", weighs_swaps=True),
            _other_names_comparison(),
            _dob_comparison(),
            _sex_comparison(),
            _home_comparison(),
        ],
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
    }


#: The top-level key of a model's JSON that holds our own metadata, not Splink's.
METADATA_KEY = "concord"


def model_version(model_json: str) -> str:
    """A short, stable name for a trained model, for a run to record which it used. It
    covers the model's metadata (the prior) as well as Splink's part."""
    canonical = json.dumps(json.loads(model_json), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def model_metadata(model_json: str) -> dict[str, Any]:
    """Our own metadata in a model's JSON (``matches_per_record``, ``records``, and for the
    shipped model ``default`` and ``trained_on``); empty when it has none."""
    metadata = json.loads(model_json).get(METADATA_KEY) or {}
    if not isinstance(metadata, dict):
        raise ValueError(f"the model's {METADATA_KEY!r} metadata is not an object")
    return dict(metadata)


def checked_model(model_json: str) -> str:
    """A stored model, checked to be a trained model of this engine's records; else ValueError."""
    try:
        model = json.loads(model_json)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg})") from None
    if not isinstance(model, dict) or not isinstance(model.get("comparisons"), list):
        raise ValueError("no comparisons")
    names = {comparison.get("output_column_name") for comparison in model["comparisons"]}
    expected = {comparison["output_column_name"] for comparison in model_settings()["comparisons"]}
    if names != expected:
        raise ValueError("its comparisons are not this engine's")
    if model.get("unique_id_column_name") != "record_id":
        raise ValueError("it does not identify records by record_id")
    metadata = model.get(METADATA_KEY, {})
    if not isinstance(metadata, dict):
        raise ValueError(f"its {METADATA_KEY!r} metadata is not an object")
    matches = metadata.get("matches_per_record")
    if matches is not None and not (isinstance(matches, int | float) and matches >= 0):
        raise ValueError("its matches_per_record is not a number of zero or more")
    return model_json


def _splink_settings(model_json: str, records: int) -> dict[str, Any]:
    """The model as Splink reads it: our metadata taken out, and the chance that two random
    records match set for this many records from the matches per record it estimated (so a
    threshold means the same for ten thousand records as for a million)."""
    model = json.loads(model_json)
    metadata = model.pop(METADATA_KEY, None) or {}
    matches = metadata.get("matches_per_record")
    if matches is not None:
        model["probability_two_random_records_match"] = prior(float(matches), records)
    return dict(model)


def prior(matches_per_record: float, records: int) -> float:
    """The chance that two records drawn at random are one person's, when each record has
    ``matches_per_record`` others of the same person among ``records`` records."""
    if records < 2:
        return MAX_PRIOR
    return min(MAX_PRIOR, max(1e-12, 2 * matches_per_record / (records - 1)))


# --- preparing records ---------------------------------------------------------------------


def _name(value: str | None) -> str | None:
    """Lower case letters only, diacritics dropped (José and Jose are one spelling)."""
    folded = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    cleaned = _SPACES.sub(" ", _NOT_LETTERS.sub("", folded.lower())).strip()
    return cleaned or None


def _sound(name: str | None) -> str | None:
    return jellyfish.metaphone(name.replace(" ", "")) or None if name else None


def _district(postcode: str | None) -> str | None:
    """The postcode district (the outward code: LE1 of LE15WW); for a postcode too short to
    have one, its first three characters."""
    if not postcode:
        return None
    return (postcode[:-3] if len(postcode) >= 5 else postcode[:3]) or None


def _other_names(value: str | None) -> str | None:
    """Other names, each in the normal form, placeholders left out, as ";a;b;" so that a
    name is found among them by ``instr`` in DuckDB and Spark alike."""
    config = placeholders.configured()
    names = [_name(part) for part in re.split(r"[;,]", value or "")]
    kept = sorted(
        {name for name in names if name and not placeholders.is_placeholder_name(name, config)}
    )
    return f";{';'.join(kept)};" if kept else None


# Words of an address written more than one way.
_ADDRESS_WORDS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "cl": "close",
    "ct": "court",
    "crt": "court",
    "cres": "crescent",
    "cresc": "crescent",
    "dr": "drive",
    "gdns": "gardens",
    "gr": "grove",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "tce": "terrace",
    "pde": "parade",
    "wy": "way",
    "hse": "house",
    "apt": "flat",
    "apartment": "flat",
}
_NOT_ADDRESS = re.compile(r"[^a-z0-9 ]+")


def _address_words(value: str | None) -> list[str]:
    folded = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode()
    words = _NOT_ADDRESS.sub(" ", folded.lower()).split()
    return [_ADDRESS_WORDS.get(word, word) for word in words]


def normal_address(value: str | None) -> str | None:
    """The address lines in one normal form: lower case, abbreviations written out (the
    review pages compare addresses in it too)."""
    return " ".join(_address_words(value)) or None


def _sorted_words(value: str | None) -> str | None:
    """The address's words in alphabetical order: the same for its lines written in
    either order or its words moved ("Rose House, 12 High St" and "12 High St, Rose House")."""
    return " ".join(sorted(_address_words(value))) or None


_UNIT_WORDS = frozenset({"flat", "unit", "room", "apartment"})
#: Between the two address lines in the one string they are parsed from.
_LINE_BREAK = "|"


def _building(value: str | None) -> list[str]:
    """The words of the line that names the building: the first line, unless it is only a
    flat ("Flat 12" above "23 Swan Crescent"), then the second. A flat's number is not the
    house's."""
    for line in (value or "").split(_LINE_BREAK):
        words = _address_words(line)
        kept = [
            word
            for index, word in enumerate(words)
            if word not in _UNIT_WORDS and not (index and words[index - 1] in _UNIT_WORDS)
        ]
        if kept:
            return kept
    return []


def _house_number(value: str | None) -> str | None:
    """The house's number: the first word of the building's line with a digit (12, 12a)."""
    return next((word for word in _building(value) if any(c.isdigit() for c in word)), None)


def _street(value: str | None) -> str | None:
    """The building's line without its numbers: the street (or the building's name)."""
    words = [word for word in _building(value) if not any(c.isdigit() for c in word)]
    return " ".join(words) or None


PREPARED_SCHEMA = pa.schema(
    [(name, pa.string()) for name in CORE_COLUMNS]
    + [
        ("birth_year", pa.int32()),
        ("given_name_key", pa.string()),
        ("family_name_key", pa.string()),
        ("postcode_district", pa.string()),
        ("initials", pa.string()),
        ("other_names", pa.string()),
        ("address", pa.string()),
        ("address_words", pa.string()),
        ("house_number", pa.string()),
        ("street", pa.string()),
        ("town", pa.string()),
        ("uprn", pa.string()),
    ]
)


RAW_SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])
_YES = pa.array(["yes", "y", "true", "1"])
_NULL_STRING = pa.scalar(None, pa.string())


def _raw_table(records: Iterable[Mapping[str, Any]], batch: int) -> pa.Table:
    """The records' own columns (others are ignored); every value a string or None."""
    iterator = iter(records)
    batches = []
    while chunk := list(itertools.islice(iterator, batch)):
        batches.append(pa.RecordBatch.from_pylist(chunk, schema=RAW_SCHEMA))
    return pa.Table.from_batches(batches, schema=RAW_SCHEMA)


def _mapped(column: pa.ChunkedArray, function: Any) -> pa.ChunkedArray:
    """A Python function applied once per distinct value (names repeat a great deal)."""
    distinct = pc.unique(column)
    mapped = pa.array([function(value) for value in distinct.to_pylist()], pa.string())
    return pc.take(mapped, pc.index_in(column, distinct))


def _blank_as_null(column: Any) -> Any:
    return pc.if_else(pc.equal(column, ""), _NULL_STRING, column)


def _flag(column: Any) -> Any:
    """A yes/no column as booleans: "yes", "y", "true" or "1" in any case is yes."""
    return pc.fill_null(pc.is_in(pc.utf8_lower(pc.utf8_trim_whitespace(column)), _YES), False)


def _missing_where(mask: Any, column: Any) -> Any:
    return pc.if_else(mask, pa.scalar(None, column.type), column)


def _counts(column: Any) -> dict[str, int]:
    """How many records hold each value (nulls left out)."""
    counted = pc.value_counts(pc.drop_null(column))
    return dict(
        zip(counted.field("values").to_pylist(), counted.field("counts").to_pylist(), strict=True)
    )


def _people_counts(column: Any, given: Any, family: Any) -> dict[str, int]:
    """How many people (distinct names) hold each value (nulls left out). A placeholder or a
    switchboard is held by many people; one person's twenty records share their own date of
    birth and phone, and that must not make them look made up."""
    names = pc.binary_join_element_wise(
        family, given, "|", null_handling="replace", null_replacement=""
    )
    table = pa.table({"value": column, "name": names}).filter(pc.is_valid(column))
    counted = table.group_by("value").aggregate([("name", "count_distinct")])
    return dict(
        zip(
            counted.column("value").to_pylist(),
            counted.column("name_count_distinct").to_pylist(),
            strict=True,
        )
    )


def _true_count(mask: Any) -> int:
    return int(pc.sum(pc.cast(mask, pa.int64())).as_py() or 0)


def _dates_of_birth(
    raw: pa.Table, names: tuple[Any, Any], config: placeholders.Placeholders, found: dict[str, int]
) -> tuple[Any, Any]:
    """The full dates of birth to compare (ISO; missing when a placeholder or an estimate)
    and the birth years (kept for an estimate, for blocking and the household rules)."""
    dob = _mapped(raw["dob"], iso_date)
    made_up = placeholders.placeholder_dobs(_people_counts(dob, *names), config)
    is_made_up = pc.is_in(dob, pa.array(sorted(made_up), pa.string()))
    found[placeholders.DOB] = _true_count(is_made_up)
    dob = _missing_where(is_made_up, dob)
    estimated = _flag(raw["dob_estimated"])
    if placeholders.january_spike(_counts(dob), config):
        on_first = pc.fill_null(pc.ends_with(dob, "-01-01"), False)
        found[placeholders.DOB_01_01] = _true_count(pc.and_(on_first, pc.invert(estimated)))
        estimated = pc.or_(estimated, on_first)
    year = pc.cast(pc.utf8_slice_codeunits(dob, 0, 4), pa.int32())
    return _missing_where(estimated, dob), year


def _names(
    raw: pa.Table, config: placeholders.Placeholders, found: dict[str, int]
) -> tuple[Any, Any]:
    given = _mapped(raw["given_name"], _name)
    family = _mapped(raw["family_name"], _name)
    listed = pa.array(sorted(config.names), pa.string())
    given_made_up, family_made_up = pc.is_in(given, listed), pc.is_in(family, listed)
    found[placeholders.NAME] = _true_count(pc.or_(given_made_up, family_made_up))
    return _missing_where(given_made_up, given), _missing_where(family_made_up, family)


def _phones(
    raw: pa.Table, names: tuple[Any, Any], config: placeholders.Placeholders, found: dict[str, int]
) -> Any:
    phone = pc.replace_substring_regex(raw["phone"], r"\D+", "")
    phone = pc.if_else(pc.greater_equal(pc.utf8_length(phone), 6), phone, _NULL_STRING)
    made_up = pc.fill_null(pc.match_substring_regex(phone, placeholders.PHONE_PATTERN), False)
    shared = placeholders.shared_phones(_people_counts(phone, *names), config)
    made_up = pc.or_(made_up, pc.is_in(phone, pa.array(sorted(shared), pa.string())))
    found[placeholders.PHONE] = _true_count(made_up)
    return _missing_where(made_up, phone)


def _addresses(raw: pa.Table) -> dict[str, Any]:
    """The home's columns; all missing where the address is withheld (a refuge's)."""
    withheld = _flag(raw["address_withheld"])
    lines = pc.binary_join_element_wise(
        pc.fill_null(raw["address_line_1"], ""), pc.fill_null(raw["address_line_2"], ""), " "
    )
    both_lines = pc.binary_join_element_wise(
        pc.fill_null(raw["address_line_1"], ""),
        pc.fill_null(raw["address_line_2"], ""),
        _LINE_BREAK,
    )
    postcode = _blank_as_null(
        pc.replace_substring_regex(pc.utf8_upper(raw["postcode"]), "[^A-Z0-9]+", "")
    )
    uprn = pc.replace_substring_regex(raw["uprn"], r"\D+", "")
    uprn = pc.if_else(
        pc.and_(pc.greater_equal(pc.utf8_length(uprn), 1), pc.less_equal(pc.utf8_length(uprn), 12)),
        pc.utf8_ltrim(uprn, "0"),
        _NULL_STRING,
    )
    columns = {
        "postcode": postcode,
        "postcode_district": _mapped(postcode, _district),
        "address": _mapped(lines, normal_address),
        "address_words": _mapped(lines, _sorted_words),
        "house_number": _mapped(both_lines, _house_number),
        "street": _mapped(both_lines, _street),
        "town": _mapped(raw["town"], _name),
        "uprn": _blank_as_null(uprn),
    }
    return {name: _missing_where(withheld, column) for name, column in columns.items()}


def prepare(records: Iterable[Mapping[str, Any]], *, batch: int = 100_000) -> pa.Table:
    """Records as an Arrow table of cleaned columns plus the derived keys the model uses."""
    return _prepared(records, batch=batch)[0]


def _prepared(
    records: Iterable[Mapping[str, Any]], *, batch: int = 100_000
) -> tuple[pa.Table, dict[str, int]]:
    """The prepared records, and how many records had a value of each kind taken as missing
    because it was a placeholder."""
    raw = _raw_table(records, batch)
    if pc.any(pc.is_null(raw["record_id"])).as_py():
        raise ValueError("Every record needs a record_id")
    config = placeholders.configured()
    found: dict[str, int] = {}
    given, family = _names(raw, config, found)
    dob, birth_year = _dates_of_birth(raw, (given, family), config, found)
    sex = _blank_as_null(
        pc.utf8_slice_codeunits(pc.utf8_lower(pc.utf8_trim_whitespace(raw["sex"])), 0, 1)
    )
    given_initial, family_initial = (
        pc.utf8_slice_codeunits(name, 0, 1) for name in (given, family)
    )
    initials = pc.if_else(
        pc.less(given_initial, family_initial),
        pc.binary_join_element_wise(given_initial, family_initial, ""),
        pc.binary_join_element_wise(family_initial, given_initial, ""),
    )
    home = _addresses(raw)
    columns = {
        "record_id": raw["record_id"],
        "given_name": given,
        "family_name": family,
        "dob": dob,
        "sex": sex,
        "postcode": home["postcode"],
        "phone": _phones(raw, (given, family), config, found),
        "birth_year": birth_year,
        "given_name_key": _mapped(given, _sound),
        "family_name_key": _mapped(family, _sound),
        "postcode_district": home["postcode_district"],
        "initials": initials,
        "other_names": _mapped(raw["other_names"], _other_names),
        **{
            name: home[name]
            for name in ("address", "address_words", "house_number", "street", "town", "uprn")
        },
    }
    counts = {kind: count for kind, count in found.items() if count}
    return pa.table(columns, schema=PREPARED_SCHEMA), counts


# --- backends ------------------------------------------------------------------------------


def configured_backend() -> Backend:
    """CONCORD_LINKAGE_BACKEND from Django's settings when Django is set up, else duckdb."""
    try:
        from django.conf import settings

        value = getattr(settings, "CONCORD_LINKAGE_BACKEND", "duckdb")
    except Exception:  # Django not configured: the command-line benchmark, pure tests.
        value = "duckdb"
    for backend in BACKENDS:
        if value == backend:
            return backend
    raise ValueError(f"CONCORD_LINKAGE_BACKEND must be one of {', '.join(BACKENDS)}")


class _Session:
    """One backend connection, and the working directory it spills to."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.workdir = Path(tempfile.mkdtemp(prefix="concord-linkage-"))
        if backend == "duckdb":
            self.db_api = self._duckdb()
        else:
            self.db_api = self._spark()

    def _duckdb(self) -> Any:
        import duckdb
        from splink import DuckDBAPI

        connection = duckdb.connect(":memory:")
        connection.execute(f"SET temp_directory = '{self.workdir / 'spill'}'")
        connection.execute("SET enable_progress_bar = false")
        # Parquet materialisation keeps 1M-record runs well under 4 GB (LINKAGE-NOTES.md).
        return DuckDBAPI(
            connection, materialisation="parquet", materialisation_dir=self.workdir / "tables"
        )

    def _spark(self) -> Any:
        from splink.backends.spark import SparkAPI

        spark = _spark_session(self.workdir)
        db_api = SparkAPI(spark_session=spark)
        return db_api

    def register(self, table: pa.Table) -> Any:
        if self.backend == "spark":
            spark = self.db_api.spark
            table = spark.createDataFrame(table)
        return self.db_api.register(table)

    def close(self) -> None:
        if self.backend == "duckdb":
            self.db_api.duckdb_con.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


_SPARK: Any = None


def _spark_session(workdir: Path) -> Any:
    """A local Spark with Splink's similarity functions under DuckDB's names, so the same
    model SQL runs on both."""
    global _SPARK
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:  # an optional extra
        raise RuntimeError(
            "The spark backend needs pyspark: pip install 'concord[spark]'"
        ) from error
    from pyspark.sql.types import DoubleType
    from splink.backends.spark import similarity_jar_location

    if _SPARK is None:
        _SPARK = (
            SparkSession.builder.master("local[*]")
            .appName("concord-linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", str(os.cpu_count() or 2))
            .config("spark.default.parallelism", str(os.cpu_count() or 2))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
        _SPARK.sparkContext.setLogLevel("ERROR")
        _SPARK.udf.registerJavaFunction(
            "jaro_winkler_similarity", "uk.gov.moj.dash.linkage.JaroWinklerSimilarity", DoubleType()
        )
    checkpoints = workdir / "checkpoints"
    checkpoints.mkdir(parents=True, exist_ok=True)
    _SPARK.sparkContext.setCheckpointDir(str(checkpoints))
    return _SPARK


# --- training and scoring ------------------------------------------------------------------


def _linker(session: _Session, table: pa.Table, settings: dict[str, Any]) -> Any:
    from splink import Linker

    # Splink's progress messages stay quiet: only errors, which name no record.
    return Linker(session.register(table), settings, log_level=logging.ERROR)


def train(
    records: Iterable[Mapping[str, Any]],
    *,
    seed: int = 1,
    backend: Backend | None = None,
    max_pairs: float = 1e6,
) -> str:
    """Train the model on these records (no labels needed) and return it as Splink's JSON,
    with our metadata: how many matches a record has (the prior, estimated) and how many
    records it was trained on.

    u (how often fields agree by chance) comes from random pairs; m (how often they agree
    for the same person) from expectation maximisation on pairs blocked two ways, so each
    field is learnt on pairs that did not have to agree on it.
    """
    table, _ = _prepared(records)
    exact_pairs = _deterministic_pairs(table)
    settings = model_settings()
    # A starting guess for expectation maximisation (half the matches exactly alike); the
    # prior kept is estimated below, once the m probabilities are known.
    settings["probability_two_random_records_match"] = (
        prior(2 * exact_pairs / max(table.num_rows, 1), table.num_rows)
        or settings["probability_two_random_records_match"]
    )
    session = _Session(backend or configured_backend())
    try:
        linker = _linker(session, table, settings)
        training = linker.training
        # One pass over max_pairs random pairs: the rare levels (swaps) never reach the
        # count that would let Splink stop early, so its probing only costs time.
        training.estimate_u_using_random_sampling(
            max_pairs=max_pairs, seed=seed, num_chunks=1, min_count_per_level=None
        )
        for rule in TRAINING_RULES:
            training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=max_pairs / 2
            )
        model = linker.misc.save_model_to_json()
    finally:
        session.close()
    model.pop("linker_uid", None)  # a random id: leaving it out keeps equal models equal
    matches = matches_per_record(model, table, exact_pairs)
    model["probability_two_random_records_match"] = prior(matches, table.num_rows)
    model[METADATA_KEY] = {"matches_per_record": matches, "records": table.num_rows}
    return json.dumps(_rounded(model), indent=2, sort_keys=True)


def _deterministic_pairs(table: pa.Table) -> int:
    """How many pairs of records agree exactly on given name, family name and date of birth."""
    present = table.select(list(DETERMINISTIC_FIELDS)).drop_null()
    if present.num_rows < 2:
        return 0
    grouped = present.group_by(list(DETERMINISTIC_FIELDS)).aggregate([("dob", "count")])
    counts = grouped.column("dob_count")
    return int(pc.sum(pc.divide(pc.multiply(counts, pc.subtract(counts, 1)), 2)).as_py() or 0)


def _exact_m(model: Mapping[str, Any], column: str) -> float:
    for comparison in model["comparisons"]:
        if comparison["output_column_name"] == column:
            for level in comparison["comparison_levels"]:
                if level.get("label_for_charts") == "exact":
                    return float(level.get("m_probability") or 0.0)
    raise ValueError(f"The model has no exact level for {column}")


def deterministic_recall(model: Mapping[str, Any], table: pa.Table) -> float:
    """The share of true pairs that agree exactly on given name, family name and date of
    birth, estimated without labels: the trained m probabilities of the three exact levels
    (each the chance a true pair agrees, when both have the field), times the chance both
    records of a pair have all three (the share of records that do, squared)."""
    if table.num_rows == 0:
        return 1.0
    complete = table.select(list(DETERMINISTIC_FIELDS)).drop_null().num_rows / table.num_rows
    recall = complete**2
    for column in DETERMINISTIC_FIELDS:
        recall *= _exact_m(model, column)
    return float(min(1.0, max(recall, 0.01)))


def matches_per_record(model: Mapping[str, Any], table: pa.Table, exact_pairs: int) -> float:
    """How many other records of the same person a record has, on average: the exactly
    alike pairs, scaled up by the share of true pairs they are, per record."""
    if table.num_rows == 0:
        return 0.0
    return float(exact_pairs / deterministic_recall(model, table) / table.num_rows)


def _rounded(value: Any) -> Any:
    """Probabilities to 8 significant figures: DuckDB's parallel sums differ in the last
    bits from run to run, and the model's version should not."""
    if isinstance(value, float):
        return float(f"{value:.8g}")
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


@dataclass
class Scored:
    """Pairs scored at or above the floor, and how many candidate pairs blocking made.

    ``held`` are the scored pairs that must never be linked automatically (two people of one
    household: a parent and child, twins), each with its reason; they may be reviewed.
    ``placeholders`` counts the values taken as missing because they are placeholders
    (kind -> records), for the output and the run record.

    ``blocked`` and ``blocked_among`` answer, for evaluation, whether a pair was among the
    candidates. The candidates are kept on disk as Parquet (a million records can make tens
    of millions of them), removed by ``close`` or when this object goes.
    """

    pairs: list[tuple[str, str, float]]
    candidates: int
    seconds: float
    candidates_folder: Path | None = field(default=None, repr=False)
    held: dict[tuple[str, str], str] = field(default_factory=dict)
    placeholders: dict[str, int] = field(default_factory=dict)
    _candidate_set: set[tuple[str, str]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if self.candidates_folder is not None:
            weakref.finalize(self, shutil.rmtree, self.candidates_folder.parent, True)

    def _candidates_path(self) -> str:
        if self.candidates_folder is None:
            raise ValueError("The candidate pairs were not kept: score(..., keep_candidates=True)")
        return str(self.candidates_folder)

    def blocked_among(self, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Those of ``pairs`` (in either order) that blocking made candidates, lower id first."""
        import duckdb

        path = self._candidates_path()
        wanted = sorted({(a, b) if a < b else (b, a) for a, b in pairs})
        asked = pa.table({"left_id": [a for a, _ in wanted], "right_id": [b for _, b in wanted]})
        with duckdb.connect(":memory:") as connection:
            connection.register("asked", asked)
            found = connection.execute(
                "SELECT a.left_id, a.right_id FROM asked a"
                " SEMI JOIN read_parquet(?) c"
                " ON a.left_id = c.left_id AND a.right_id = c.right_id",
                [f"{path}/*.parquet"],
            ).fetchall()
        return {(a, b) for a, b in found}

    def blocked(self, left: str, right: str) -> bool:
        """Whether this pair was a candidate. Loads every candidate pair into memory on first
        use: for a partnership's records; use ``blocked_among`` at national scale."""
        if self._candidate_set is None:
            table = pq.read_table(self._candidates_path())
            self._candidate_set = set(
                zip(
                    table.column("left_id").to_pylist(),
                    table.column("right_id").to_pylist(),
                    strict=True,
                )
            )
        return ((left, right) if left < right else (right, left)) in self._candidate_set

    def close(self) -> None:
        if self.candidates_folder is not None:
            shutil.rmtree(self.candidates_folder.parent, ignore_errors=True)
            self.candidates_folder = None
            self._candidate_set = None


def score(
    records: Iterable[Mapping[str, Any]],
    model_json: str,
    *,
    floor: float = 0.5,
    backend: Backend | None = None,
    keep_candidates: bool = True,
) -> Scored:
    """Score every candidate pair of these records with a trained model, and hold the pairs
    the household rules say are two people. Fewer than two records make no pairs (and need
    no backend)."""
    started = time.perf_counter()
    table, found = _prepared(records)
    if table.num_rows < 2:
        folder = _no_candidates() if keep_candidates else None
        return Scored([], 0, time.perf_counter() - started, folder, placeholders=found)
    session = _Session(backend or configured_backend())
    try:
        linker = _linker(session, table, _splink_settings(model_json, table.num_rows))
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        candidates_folder = _keep_candidates(blocked) if keep_candidates else None
        candidates = _count(blocked)
        predictions = linker.inference.predict(
            threshold_match_probability=floor, warning_mode="never"
        )
        predicted = predictions.as_pyarrow_table()
        pairs = _ordered_pairs(
            predicted.column("record_id_l").to_pylist(),
            predicted.column("record_id_r").to_pylist(),
            predicted.column("match_probability").to_pylist(),
            floor,
        )
    finally:
        session.close()
    held = _held(table, pairs)
    return Scored(pairs, candidates, time.perf_counter() - started, candidates_folder, held, found)


_HOUSEHOLD_COLUMNS = (
    "record_id",
    "sex",
    "given_name",
    "given_name_key",
    "family_name",
    "other_names",
    "dob",
    "birth_year",
    "postcode",
    "address",
    "uprn",
    "phone",
)


def _held(table: pa.Table, pairs: list[tuple[str, str, float]]) -> dict[tuple[str, str], str]:
    """The scored pairs that the household rules (households.py) say are two people, with
    the rule's reason: all pairs at once, in DuckDB, whichever backend scored them."""
    if not pairs:
        return {}
    import duckdb

    scored = pa.table({"left_id": [a for a, _, _ in pairs], "right_id": [b for _, b, _ in pairs]})
    sql = (
        "SELECT p.left_id, p.right_id,"  # noqa: S608 - our own SQL, no values in it
        f" CASE WHEN coalesce({households.AGE_GAP_SQL}, false) THEN '{households.AGE_GAP}'"
        f" WHEN coalesce({households.TWINS_SQL}, false) THEN '{households.TWINS}'"
        f" ELSE '{households.BORN_APART}' END"
        " FROM scored p JOIN people l ON l.record_id = p.left_id"
        " JOIN people r ON r.record_id = p.right_id"
        f" WHERE coalesce({households.AGE_GAP_SQL}, false)"
        f" OR coalesce({households.TWINS_SQL}, false)"
        f" OR coalesce({households.BORN_APART_SQL}, false)"
    )
    with duckdb.connect(":memory:") as connection:
        connection.register("people", table.select(list(_HOUSEHOLD_COLUMNS)))
        connection.register("scored", scored)
        rows = connection.execute(sql).fetchall()
    return {(str(left), str(right)): str(reason) for left, right, reason in rows}


def _no_candidates() -> Path:
    """An empty folder of candidate pairs, for a score that made none."""
    folder = Path(tempfile.mkdtemp(prefix="concord-candidates-")) / "candidates"
    folder.mkdir()
    empty = pa.table({"left_id": pa.array([], pa.string()), "right_id": pa.array([], pa.string())})
    pq.write_table(empty, folder / "part-0.parquet")
    return folder


def _count(blocked: Any) -> int:
    if blocked.db_api.sql_dialect.sql_dialect_str == "duckdb":
        relation = blocked.as_duckdbpyrelation()
        return int(relation.aggregate("count(*)").fetchall()[0][0])
    return int(blocked.as_spark_dataframe().count())


def _keep_candidates(blocked: Any) -> Path:
    """The candidate pairs, lower record_id first, written as Parquet to a folder of their
    own (by the backend itself: on Spark they never pass through this process)."""
    folder = Path(tempfile.mkdtemp(prefix="concord-candidates-")) / "candidates"
    ordered = (
        "least(join_key_l, join_key_r) AS left_id, greatest(join_key_l, join_key_r) AS right_id"
    )
    sql = f"SELECT {ordered} FROM {blocked.physical_name}"  # noqa: S608 - Splink's own table
    if blocked.db_api.sql_dialect.sql_dialect_str == "duckdb":
        folder.mkdir()
        blocked.db_api.duckdb_con.execute(
            f"COPY ({sql}) TO '{folder / 'part-0.parquet'}' (FORMAT parquet)"
        )
    else:
        blocked.db_api.spark.sql(sql).write.parquet(str(folder))
    return folder


def _ordered_pairs(
    left: list[Any], right: list[Any], probabilities: list[Any], floor: float
) -> list[tuple[str, str, float]]:
    pairs = []
    for a, b, probability in zip(left, right, probabilities, strict=True):
        if probability is None or probability < floor:
            continue
        a, b = str(a), str(b)
        pairs.append((a, b, float(probability)) if a < b else (b, a, float(probability)))
    pairs.sort()
    return pairs
