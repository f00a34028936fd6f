"""Reading a submission is a stream: the memory it needs does not grow with the file.
benchmarks/submissions.py measures the whole intake (vault, records, one transaction) on a
file of any size; here the reading and checking of rows is measured on a file far larger
than the memory it is allowed."""

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
ROWS = 15_000


def write_file(path: Path, rows: int) -> Path:
    """A generated file, written row by row (never whole in memory either)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CURRENT.names))
        writer.writeheader()
        for number in range(rows):
            writer.writerow(row(f"R{number}", victim_family_name=f"Family{number}"))
    return path


def test_reading_and_checking_a_large_file_keeps_memory_flat(tmp_path, settings):
    settings.SECRET_KEY = "memory-test"  # row hashes are keyed
    path = write_file(tmp_path / "large.csv", ROWS)
    size = path.stat().st_size

    tracemalloc.start()
    try:
        table = open_table(path, path.name)
        checked = 0
        for _, values in table.rows:
            assert not check_row(CURRENT, values, kind="incident", today=date(2026, 1, 1)).reasons
            checked += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert checked == ROWS
    assert size > 2.5 * MB
    assert peak < size / 4  # a few rows at a time, never the file
