#!/usr/bin/env python3
"""Benchmark a partner agency's submission: a generated file of N rows (default 200,000)
checked and taken in whole (identities sealed into the vault, records written in batches,
one transaction), with the peak of Python's memory (tracemalloc) against the file's size.
The file is read as a stream, so the peak stays flat whatever N is. Writes
benchmarks/results/submissions.json.

Usage: benchmarks/submissions.py [--rows N]   (DATABASE_URL chooses the database; without
it a fresh SQLite file in a temporary directory)
"""

from __future__ import annotations

import argparse
import csv
import os
import time
import tracemalloc
from pathlib import Path

from harness import start_django, write_result

TARGET_PEAK_MB = 100
MB = 1024 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()

    start_django()
    from concord.accounts.models import AgencyKind
    from concord.accounts.roles import Role
    from concord.accounts.tests.factories import AgencyFactory, MembershipFactory
    from concord.submissions import services
    from concord.submissions.models import Submission
    from concord.submissions.schema import CURRENT
    from concord.submissions.tests.files import row

    agency = AgencyFactory.create(slug="police", kind=AgencyKind.POLICE)
    officer = MembershipFactory.create(agency=agency, role=Role.DATA_OFFICER)
    received = Path(os.environ["CONCORD_DATA_DIR"]) / "submissions"
    received.mkdir(parents=True, exist_ok=True)
    path = received / "incidents.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CURRENT.names))
        writer.writeheader()
        for number in range(args.rows):
            writer.writerow(row(f"R{number}", victim_family_name=f"Family{number}"))
    size = path.stat().st_size
    quarter = services.last_quarter()
    submission = Submission.objects.create(
        agency=agency,
        submitted_by=officer.user,
        kind="incident",
        period_first=quarter.first,
        period_last=quarter.last,
        filename=path.name,
        sha256="benchmark",
    )
    submission.file.name = path.name

    tracemalloc.start()
    started = time.perf_counter()
    services.process_submission(submission)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    write_result(
        "submissions",
        {
            "rows": args.rows,
            "status": submission.status,
            "accepted": submission.rows_accepted,
            "file_mb": round(size / MB, 1),
            "peak_mb": round(peak / MB, 1),
            "target_peak_mb": TARGET_PEAK_MB,
            "seconds_under_tracemalloc": round(seconds, 1),
            "notes": "tracemalloc slows Python several times; the seconds are an upper bound",
        },
    )
    return 0 if peak < TARGET_PEAK_MB * MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
