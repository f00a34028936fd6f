"""Reading a submission is a stream: the memory it needs does not grow with the file.
benchmarks/submissions.py measures the whole intake (vault, records, one transaction) on a
file of any size; here the reading and checking of rows is measured on a file far larger
than the memory it is allowed. tracemalloc slows each row several times, so the file is
kept small enough to read in seconds. The peak hardly moves with the file (about 55 kB at
3,000 rows, 60 kB at 15,000); a quarter of this file is 145 kB, and a reader that held the
file would need more than the whole of it."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import date
from pathlib import Path

from concord.submissions.files import open_table
from concord.submissions.rows import check_row
from concord.submissions.schema import CURRENT
from concord.submissions.tests.files import row

MB = 1024 * 1024
ROWS = 3_000


def write_file(path: Path, rows: int) -> Path:
    """A generated file, written row by row (never whole in memory either)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CURRENT.names))
        writer.writeheader()
        for number in range(rows):
            writer.writerow(row(f"R{number}", victim_family_name=f"Family{number}"))
    return path


def read_and_check(path: Path) -> int:
    """Rows read and checked, each without reasons; the number of rows."""
    checked = 0
    for _, values in open_table(path, path.name).rows:
        assert not check_row(CURRENT, values, kind="incident", today=date(2026, 1, 1)).reasons
        checked += 1
    return checked


def test_reading_and_checking_a_large_file_keeps_memory_flat(tmp_path, settings):
    settings.SECRET_KEY = "memory-test"  # row hashes are keyed
    path = write_file(tmp_path / "large.csv", ROWS)
    size = path.stat().st_size
    # The first row read in a process fills caches (compiled patterns, the schema's lookups)
    # that belong to no file; they are filled before measuring.
    read_and_check(write_file(tmp_path / "one-row.csv", 1))

    tracemalloc.start()
    try:
        checked = read_and_check(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert checked == ROWS
    assert size > MB / 2
    assert peak < size / 4  # a few rows at a time, never the file
