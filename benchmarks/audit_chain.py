#!/usr/bin/env python3
"""Benchmark the audit trail: every read of a person-level record appends an event, so
appending must stay cheap; sealing must keep up with appending; and verify_audit must walk
a large chain in reasonable time and memory. Writes benchmarks/results/audit_chain.json.

Usage: benchmarks/audit_chain.py [--events N]   (DATABASE_URL chooses the database;
without it a fresh SQLite file in a temporary directory)
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

from harness import start_django, write_result

# Targets for one agency on one machine (ARCHITECTURE.md "Scale").
TARGET_APPENDS_PER_SECOND = 300
TARGET_SEALED_PER_SECOND = 5_000
TARGET_VERIFIED_PER_SECOND = 20_000
TARGET_VERIFY_PEAK_MB = 64


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()

    start_django()
    from django.db import connection

    from concord.core import audit

    if audit.AuditEvent.objects.exists():
        print("The benchmark needs an empty database", file=sys.stderr)
        return 2

    started = time.perf_counter()
    for number in range(args.events):
        audit.record("person.viewed", object_type="people.person", object_id=number)
    append_seconds = time.perf_counter() - started

    started = time.perf_counter()
    sealed = audit.seal()
    seal_seconds = time.perf_counter() - started

    started = time.perf_counter()
    problem = audit.verify_chain()
    verify_seconds = time.perf_counter() - started
    tracemalloc.start()  # a second pass: tracing slows the walk, so it is timed untraced
    audit.verify_chain()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    appends_per_second = args.events / append_seconds
    sealed_per_second = sealed / seal_seconds
    verified_per_second = args.events / verify_seconds
    peak_mb = peak / 1_000_000
    result = {
        "benchmark": "audit_chain",
        "database": connection.vendor,
        "events": args.events,
        "append_seconds": round(append_seconds, 3),
        "appends_per_second": round(appends_per_second),
        "seal_seconds": round(seal_seconds, 3),
        "sealed_per_second": round(sealed_per_second),
        "verify_seconds": round(verify_seconds, 3),
        "verified_per_second": round(verified_per_second),
        "verify_peak_memory_mb": round(peak_mb, 1),
        "chain_intact": problem is None,
        "targets": {
            "appends_per_second": TARGET_APPENDS_PER_SECOND,
            "sealed_per_second": TARGET_SEALED_PER_SECOND,
            "verified_per_second": TARGET_VERIFIED_PER_SECOND,
            "verify_peak_memory_mb": TARGET_VERIFY_PEAK_MB,
        },
        "meets_targets": problem is None
        and sealed == args.events
        and appends_per_second >= TARGET_APPENDS_PER_SECOND
        and sealed_per_second >= TARGET_SEALED_PER_SECOND
        and verified_per_second >= TARGET_VERIFIED_PER_SECOND
        and peak_mb <= TARGET_VERIFY_PEAK_MB,
    }
    write_result("audit_chain", result)
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    sys.exit(main())
