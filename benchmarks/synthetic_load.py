#!/usr/bin/env python3
"""Benchmark loading synthetic journeys straight into the database (concord.synthetic.loading):
people per second and peak memory, and from them the time a national load (400,000 people)
would take. Memory must stay flat as people grow, because journeys come in chunks.
Writes benchmarks/results/synthetic_load.json.

Usage: benchmarks/synthetic_load.py [--people N]   (DATABASE_URL chooses the database;
without it a fresh SQLite file in a temporary directory)
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from harness import start_django, write_result

if TYPE_CHECKING:
    from concord.synthetic.journeys import Journeys

# A national load (SCALES["national"]) within half an hour on one machine, in bounded memory.
TARGET_NATIONAL_MINUTES = 30
TARGET_PEAK_MB = 256


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=20_000)
    args = parser.parse_args()

    start_django()
    from django.db import connection

    from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
    from concord.cases.models import Case
    from concord.synthetic.journeys import SCALES, generate_chunks
    from concord.synthetic.loading import load

    if Case.objects.exists():
        print("The benchmark needs an empty database", file=sys.stderr)
        return 2
    actor = User.objects.create_user("bench@concord.example", full_name="Benchmark")

    def journeys() -> Iterator[Journeys]:
        return generate_chunks(args.people, service="SAFE help point", seed=1, until=date.today())

    def load_into(slug: str, chunk_ends: list[float]) -> dict[str, int]:
        agency = Agency.objects.create(
            name=f"Benchmark {slug}", slug=slug, kind=AgencyKind.SPECIALIST_DA_PROVIDER
        )
        Service.objects.create(agency=agency, name="SAFE help point", kind=ServiceKind.HELP_POINT)
        progress = lambda people: chunk_ends.append(time.perf_counter())  # noqa: E731
        return load(journeys(), agency=agency, actor=actor, progress=progress)

    started = time.perf_counter()
    for _ in journeys():
        pass
    generate_seconds = time.perf_counter() - started

    started = time.perf_counter()
    chunk_ends: list[float] = []
    counts = load_into("timed", chunk_ends)
    load_seconds = time.perf_counter() - started
    # Whether a chunk takes longer as the tables grow: the first chunk against the last.
    chunk_seconds = [end - start for start, end in pairwise([started, *chunk_ends])]

    tracemalloc.start()  # a second load: tracing slows it, so it is timed untraced
    load_into("traced", [])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    people_per_second = args.people / load_seconds
    national_minutes = SCALES["national"] / people_per_second / 60
    peak_mb = peak / 1_000_000
    result = {
        "benchmark": "synthetic_load",
        "database": connection.vendor,
        "people": args.people,
        "records": counts,
        "records_total": sum(counts.values()),
        "generate_seconds": round(generate_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "people_per_second": round(people_per_second),
        "records_per_second": round(sum(counts.values()) / load_seconds),
        "first_chunk_seconds": round(chunk_seconds[0], 3),
        "last_chunk_seconds": round(chunk_seconds[-1], 3),
        "load_peak_memory_mb": round(peak_mb, 1),
        "process_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "national_people": SCALES["national"],
        "national_estimate_minutes": round(national_minutes, 1),
        "targets": {
            "national_minutes": TARGET_NATIONAL_MINUTES,
            "load_peak_memory_mb": TARGET_PEAK_MB,
        },
        "meets_targets": national_minutes <= TARGET_NATIONAL_MINUTES and peak_mb <= TARGET_PEAK_MB,
    }
    write_result("synthetic_load", result)
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
