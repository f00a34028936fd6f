#!/usr/bin/env python3
"""Benchmark the indicator engine: seconds to compute the whole quarterly pack (every
indicator of the catalogue) over a year of a city's records, cold (nothing cached), on
SQLite and on PostgreSQL; the synthetic data is generated and loaded first and timed apart.
Writes benchmarks/results/indicators.json:

    {"city": {"sqlite": {"seconds": S, "cases": N, "contacts": M, ...},
              "postgresql": {...}},
     "national": {...}, "notes": "..."}

Usage: benchmarks/indicators.py [--people N] [--national-people N]
PostgreSQL runs in a database of its own (concord_bench, made afresh) on the server that
CONCORD_BENCH_POSTGRES names (default postgres://postgres@127.0.0.1:5432); a backend that
cannot be reached is reported, not failed. The national scale is run only when
--national-people is given: loading a million cases takes most of an hour here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from typing import Any

from harness import ROOT, write_result

CITY_PEOPLE = 10_000
TARGET_SECONDS = {"city": 1, "national": 60}
POSTGRES = os.environ.get("CONCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def measure(people: int) -> dict[str, Any]:
    """In this process: load ``people`` journeys into an empty database, then compute the
    pack for the year they cover."""
    from harness import start_django

    start_django()
    from django.db import connection

    from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
    from concord.cases.models import Case, Contact
    from concord.reporting.packs import quarterly_pack
    from concord.reporting.periods import Period
    from concord.synthetic.journeys import generate_chunks
    from concord.synthetic.loading import load

    today = date.today()
    started = time.perf_counter()
    agency = Agency.objects.create(
        name="Benchmark", slug="benchmark", kind=AgencyKind.SPECIALIST_DA_PROVIDER
    )
    Service.objects.create(agency=agency, name="SAFE help point", kind=ServiceKind.HELP_POINT)
    actor = User.objects.create_user("bench@concord.example", full_name="Benchmark")
    chunks = generate_chunks(people, service="SAFE help point", seed=1, until=today)
    load(chunks, agency=agency, actor=actor)
    load_seconds = time.perf_counter() - started

    year = Period(today - timedelta(days=366), today - timedelta(days=1), "the last year")
    started = time.perf_counter()
    sections = quarterly_pack(year)
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        "cases": Case.objects.count(),
        "contacts": Contact.objects.count(),
        "indicators": sum(len(section.lines) for section in sections),
        "data_seconds": round(load_seconds, 1),
        "database": connection.vendor,
    }


def run_child(people: int, database_url: str | None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CONCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="concord-bench-")
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(  # noqa: S603 - this script itself, with a number
        [sys.executable, __file__, "--child", str(people)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def fresh_postgres() -> str | None:
    """A new, empty concord_bench database; None when the server cannot be reached."""
    psql = shutil.which("psql")
    if psql is None:
        return None
    for statement in ("DROP DATABASE IF EXISTS concord_bench", "CREATE DATABASE concord_bench"):
        done = subprocess.run(  # noqa: S603 - fixed statements on the configured server
            [psql, f"{POSTGRES}/postgres", "-q", "-c", statement],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            return None
    return f"{POSTGRES}/concord_bench"


def scale(people: int, target: float) -> dict[str, Any]:
    found: dict[str, Any] = {"sqlite": run_child(people, None)}
    url = fresh_postgres()
    found["postgresql"] = run_child(people, url) if url else {"error": "no PostgreSQL server"}
    found["target_seconds"] = target
    found["meets_target"] = all(
        "seconds" in found[db] and found[db]["seconds"] < target for db in ("sqlite", "postgresql")
    )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, default=CITY_PEOPLE)
    parser.add_argument("--national-people", type=int)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    result: dict[str, Any] = {"city": scale(args.people, TARGET_SECONDS["city"])}
    if args.national_people:
        result["national"] = scale(args.national_people, TARGET_SECONDS["national"])
    else:
        result["national"] = {"not_run": "pass --national-people 1000000 (loading takes an hour)"}
    result["notes"] = (
        "One synthetic victim-service journey per person: a case, about four contacts, an "
        "intake profile and, for most, a safety plan. Every indicator is one aggregate query "
        "(GROUP BY for a breakdown), so the pack's time grows with the rows each query scans; "
        "the limit is the scans of contacts and cases by date range on one core."
    )
    write_result("indicators", result)
    return 0 if result["city"]["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
