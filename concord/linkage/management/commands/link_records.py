"""Link the person records in a CSV file and write one partnership ID per record.

    python manage.py link_records IN.csv OUT.csv [--model FILE.json] [--threshold P]

Any file with the header gives an output, down to none or one record: below the training
minimum (or when training fails) Concord's default model links them, and the summary says
so. Nothing is stored in the database and nothing about a person is printed: counts only.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.domain.dates import iso_date
from concord.linkage import engine, linking, shipped

MAX_CELL = 200
OUTPUT_COLUMNS = ("record_id", "partnership_id", "match_probability")
#: A person with more records than this is checked again at a higher threshold (as a run's
#: default, LinkageRun.max_cluster_size).
MAX_CLUSTER_SIZE = 20


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"--threshold must be a number between 0 and 1, not {text!r}") from None
    if not 0 < value <= 1:
        raise CommandError("--threshold must be above 0 and at most 1")
    return value


EMPTY_FILE = (
    "The file is empty: its first line must be the header, with the columns "
    + ", ".join(engine.CORE_COLUMNS)
    + " (and any of "
    + ", ".join(engine.OPTIONAL_COLUMNS)
    + ")"
)


def read_records(path: Path) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file (with or without a byte order mark), checked."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames:  # no first line, or a blank one
                raise CommandError(EMPTY_FILE)
            return list(_checked_rows(reader))
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text: save it as CSV UTF-8") from None
    except csv.Error as error:
        raise CommandError(f"{path} is not a readable CSV file: {error}") from None


def _checked_rows(reader: csv.DictReader[str]) -> Iterator[dict[str, str]]:
    """Each row as an engine record. Column names are matched whatever their case and
    spaces around them (a spreadsheet writes "Record_ID " as readily as "record_id")."""
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in engine.CORE_COLUMNS if name not in header]
    if missing:
        raise CommandError(f"Line 1: the header lacks the column(s) {', '.join(missing)}")
    reader.fieldnames = header
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if None in row:
            raise CommandError(f"Line {line}: more cells than the header has columns")
        record = {name: (row.get(name) or "").strip() for name in engine.COLUMNS}
        too_long = [name for name, value in record.items() if len(value) > MAX_CELL]
        if too_long:
            raise CommandError(
                f"Line {line}: {', '.join(too_long)} longer than {MAX_CELL} characters"
            )
        if not record["record_id"]:
            raise CommandError(f"Line {line}: record_id is empty")
        if record["record_id"] in seen:
            raise CommandError(f"Line {line}: record_id repeats an earlier row")
        seen.add(record["record_id"])
        record["dob"] = _iso_date(record["dob"])
        yield record


def _iso_date(text: str) -> str:
    """A date of birth in any format a submission may use, written as YYYY-MM-DD (the
    form the model compares); text that is no date is left for the engine to set aside."""
    return iso_date(text) or text


def partnership_id(cluster_key: str) -> str:
    """A stable-looking ID for a cluster: the same records give the same ID on every run."""
    return "P" + hashlib.sha256(cluster_key.encode()).hexdigest()[:10].upper()


def strongest_links(
    found: dict[str, str], pairs: list[tuple[str, str, float]], threshold: float
) -> dict[str, float]:
    """For each linked record, the highest probability joining it to its own cluster."""
    best: dict[str, float] = {}
    for left, right, probability in pairs:
        if probability >= threshold and found[left] == found[right]:
            for record_id in (left, right):
                best[record_id] = max(best.get(record_id, 0.0), probability)
    return best


def summary(
    records: list[dict[str, str]],
    scored: engine.Scored,
    found: dict[str, str],
    threshold: float,
    chosen: shipped.Chosen,
    *,
    held: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """What the command did, in counts: the model and why, placeholders, the pairs held
    back for review by reason (``held``, else the engine's household pairs)."""
    links = sum(
        1 for left, right, p in scored.pairs if p >= threshold and found[left] == found[right]
    )
    version = engine.model_version(chosen.model_json)
    model = (
        f"Concord's default model (version {version})"
        if chosen.source == "default"
        else f"Model {version}"
    )
    return "\n".join(
        [
            f"{len(records):,} records, {scored.candidates:,} candidate pairs, {links:,} links, "
            f"{len(set(found.values())):,} people",
            f"{model}: {chosen.note}",
            f"Placeholder values treated as missing: {_by_kind(scored.placeholders)}",
            f"Pairs held back for review: {_counted(scored.held if held is None else held)}",
        ]
    )


def _counted(held: Mapping[tuple[str, str], str]) -> str:
    """How many pairs, and for which reasons: "3 (age_gap 1, unproven 2)"."""
    return _by_kind(Counter(held.values()))


def _by_kind(counts: Mapping[str, int]) -> str:
    """A total and its kinds: "3 (dob 2, name 1)"."""
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in sorted(counts.items()) if count)
    return f"{sum(counts.values()):,}" + (f" ({kinds})" if kinds else "")


class Command(BaseCommand):
    help = "Link person records in a CSV file; write record_id, partnership_id, match_probability."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="CSV with " + ", ".join(engine.COLUMNS))
        parser.add_argument("output", type=Path, help="CSV to write")
        parser.add_argument("--model", type=Path, help="A trained model (JSON); else train one")
        parser.add_argument(
            "--threshold", type=_probability, default=0.9, help="Link at this probability"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        records = read_records(options["input"])
        chosen = self._model(options["model"], records)
        threshold: float = options["threshold"]
        record_ids = [record["record_id"] for record in records]
        scored = self._scored(records, chosen, threshold)
        linked = linking.link(
            record_ids,
            records,
            scored.pairs,
            scored.held,
            threshold,
            max_size=MAX_CLUSTER_SIZE,
            require_evidence=settings.CONCORD_LINKAGE_REQUIRE_EVIDENCE,
        )
        found, held = linked.found, linked.held
        best = strongest_links(found, scored.pairs, threshold)
        self._write(options["output"], record_ids, found, best)
        self.stdout.write(summary(records, scored, found, threshold, chosen, held=held))

    def _scored(
        self, records: list[dict[str, str]], chosen: shipped.Chosen, threshold: float
    ) -> engine.Scored:
        """Every pair scored at or above the threshold; none when there is no pair."""
        if len(records) < 2:
            return engine.Scored(pairs=[], candidates=0, seconds=0.0)
        return engine.score(records, chosen.model_json, floor=threshold, keep_candidates=False)

    def _model(self, path: Path | None, records: list[dict[str, str]]) -> shipped.Chosen:
        """The model given with --model; else one trained on the records, or the default."""
        if path is None:
            return shipped.choose_model(records)
        try:
            model_json = engine.checked_model(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read the model {path}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{path} is not a linkage model: {error}") from None
        source: shipped.Source = "default" if shipped.is_default(model_json) else "trained"
        return shipped.Chosen(model_json, source, f"The model given ({path.name}) was used")

    def _write(
        self, path: Path, record_ids: list[str], found: dict[str, str], best: dict[str, float]
    ) -> None:
        try:
            with path.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(OUTPUT_COLUMNS)
                for record_id in record_ids:
                    probability = best.get(record_id)
                    writer.writerow(
                        [
                            record_id,
                            partnership_id(found[record_id]),
                            "" if probability is None else f"{probability:.4f}",
                        ]
                    )
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
