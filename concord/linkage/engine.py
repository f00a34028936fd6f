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
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    name, a near spelling (typos), the same sound (Mohammed / Muhammad), a looser spelling.

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
            _level(f"jaro_winkler_similarity({column}_l, {column}_r) >= 0.92", "near spelling"),
            _level(f"{key}_l = {key}_r", "same sound"),
            _level(f"jaro_winkler_similarity({column}_l, {column}_r) >= 0.8", "loose spelling"),
            _ELSE,
        ],
    }


def _dob_comparison() -> dict[str, Any]:
    day_month_swapped = (
        "substr(dob_l, 1, 4) = substr(dob_r, 1, 4)"
        " AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
        " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)"
    )
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


def _postcode_comparison() -> dict[str, Any]:
    """Moved house: the same postcode district (LE1, LE5 …) still counts for something."""
    return {
        "output_column_name": "postcode",
        "comparison_levels": [
            _null("postcode"),
            _level("postcode_l = postcode_r", "exact", tf_adjustment_column="postcode"),
            _level("damerau_levenshtein(postcode_l, postcode_r) <= 1", "one typo"),
            _level("postcode_district_l = postcode_district_r", "same district"),
            _ELSE,
        ],
    }


def _simple_comparison(column: str, *, typo_level: bool) -> dict[str, Any]:
    levels = [_null(column), _level(f"{column}_l = {column}_r", "exact")]
    if typo_level:
        levels.append(_level(f"damerau_levenshtein({column}_l, {column}_r) <= 1", "one typo"))
    return {"output_column_name": column, "comparison_levels": [*levels, _ELSE]}


# Candidate pairs: any pair agreeing on one of these is scored. Broad enough that one
# corrupted field (or two, in different rules) does not hide a true pair.
BLOCKING_RULES = (
    # The same-sounding names, and one of the parts of the date of birth.
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key"
    " AND substr(l.dob, 1, 4) = substr(r.dob, 1, 4)",
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key"
    " AND substr(l.dob, 6, 5) = substr(r.dob, 6, 5)",
    "l.given_name_key = r.family_name_key AND l.family_name_key = r.given_name_key"
    " AND substr(l.dob, 1, 4) = substr(r.dob, 1, 4)",
    # One name wrong (an alias, a typo that changes the sound, a missing name).
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
    "l.postcode = r.postcode AND substr(l.dob, 1, 4) = substr(r.dob, 1, 4)",
    "l.phone = r.phone",
)

# Training: each rule leaves the other fields free for expectation maximisation to learn.
TRAINING_RULES = (
    "l.given_name_key = r.given_name_key AND l.family_name_key = r.family_name_key",
    "l.dob = r.dob",
)
# Pairs so exact that they are taken as matches when estimating how common matches are.
DETERMINISTIC_RULES = (
    "l.given_name = r.given_name AND l.family_name = r.family_name AND l.dob = r.dob",
)
DETERMINISTIC_RECALL = 0.7


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
            _dob_comparison(),
            _simple_comparison("sex", typo_level=False),
            _postcode_comparison(),
            _simple_comparison("phone", typo_level=True),
        ],
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
    }


def model_version(model_json: str) -> str:
    """A short, stable name for a trained model, for a run to record which it used."""
    canonical = json.dumps(json.loads(model_json), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


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
    return model_json


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


PREPARED_SCHEMA = pa.schema(
    [(name, pa.string()) for name in CORE_COLUMNS]
    + [
        ("given_name_key", pa.string()),
        ("family_name_key", pa.string()),
        ("postcode_district", pa.string()),
        ("initials", pa.string()),
    ]
)


RAW_SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])


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
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def prepare(records: Iterable[Mapping[str, Any]], *, batch: int = 100_000) -> pa.Table:
    """Records as an Arrow table of cleaned columns plus the derived keys the model uses."""
    raw = _raw_table(records, batch)
    if pc.any(pc.is_null(raw["record_id"])).as_py():
        raise ValueError("Every record needs a record_id")
    given = _mapped(raw["given_name"], _name)
    family = _mapped(raw["family_name"], _name)
    dob = pc.utf8_trim_whitespace(raw["dob"])
    dob = pc.if_else(pc.match_substring_regex(dob, _ISO_DATE.pattern), dob, None)
    sex = _blank_as_null(
        pc.utf8_slice_codeunits(pc.utf8_lower(pc.utf8_trim_whitespace(raw["sex"])), 0, 1)
    )
    postcode = _blank_as_null(
        pc.replace_substring_regex(pc.utf8_upper(raw["postcode"]), "[^A-Z0-9]+", "")
    )
    phone = pc.replace_substring_regex(raw["phone"], r"\D+", "")
    phone = pc.if_else(pc.greater_equal(pc.utf8_length(phone), 6), phone, None)
    given_initial, family_initial = (
        pc.utf8_slice_codeunits(name, 0, 1) for name in (given, family)
    )
    initials = pc.if_else(
        pc.less(given_initial, family_initial),
        pc.binary_join_element_wise(given_initial, family_initial, ""),
        pc.binary_join_element_wise(family_initial, given_initial, ""),
    )
    columns = {
        "record_id": raw["record_id"],
        "given_name": given,
        "family_name": family,
        "dob": dob,
        "sex": sex,
        "postcode": postcode,
        "phone": phone,
        "given_name_key": _mapped(given, _sound),
        "family_name_key": _mapped(family, _sound),
        "postcode_district": _mapped(postcode, _district),
        "initials": initials,
    }
    return pa.table(columns, schema=PREPARED_SCHEMA)


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
    """Train the model on these records (no labels needed) and return it as Splink's JSON.

    u (how often fields agree by chance) comes from random pairs; m (how often they agree
    for the same person) from expectation maximisation on pairs blocked two ways, so each
    field is learnt on pairs that did not have to agree on it.
    """
    session = _Session(backend or configured_backend())
    try:
        linker = _linker(session, prepare(records), model_settings())
        training = linker.training
        training.estimate_probability_two_random_records_match(
            list(DETERMINISTIC_RULES), recall=DETERMINISTIC_RECALL
        )
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
    return json.dumps(_rounded(model), indent=2, sort_keys=True)


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
    """Score every candidate pair of these records with a trained model."""
    started = time.perf_counter()
    session = _Session(backend or configured_backend())
    try:
        linker = _linker(session, prepare(records), json.loads(model_json))
        blocked = linker.inference.compute_blocked_pairs_for_predict()
        candidates_folder = _keep_candidates(blocked) if keep_candidates else None
        candidates = _count(blocked)
        predictions = linker.inference.predict(
            threshold_match_probability=floor, warning_mode="never"
        )
        table = predictions.as_pyarrow_table()
        pairs = _ordered_pairs(
            table.column("record_id_l").to_pylist(),
            table.column("record_id_r").to_pylist(),
            table.column("match_probability").to_pylist(),
            floor,
        )
    finally:
        session.close()
    return Scored(pairs, candidates, time.perf_counter() - started, candidates_folder)


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
