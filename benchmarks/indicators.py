#!/usr/bin/env python3
"""Benchmark the indicator engine: seconds to compute the whole quarterly pack (every
indicator of the catalogue, and the year to date) over a year of records, cold (nothing
cached), on SQLite and on PostgreSQL; the synthetic data is made first and timed apart.
Writes benchmarks/results/indicators.json:

    {"city": {"sqlite": {"seconds": S, "cases": N, "contacts": M, ...},
              "postgresql": {...}},
     "national": {...}, "notes": "..."}

Usage: benchmarks/indicators.py [--people N] [--national-people N] [--seed-people N]
A city is N journeys (about ten contacts a case) loaded by concord.synthetic.loading. The
national scale loads --seed-people journeys the same way and copies them as further
agencies by set-based SQL (benchmarks/replication.py) up to --national-people cases; it is
run only when asked (about an hour here), and a run without it keeps the national figures
of the last run that had them. PostgreSQL runs in a database of its own (concord_bench,
made afresh) on the server that CONCORD_BENCH_POSTGRES names (default
postgres://postgres@127.0.0.1:5432); a backend that cannot be reached is reported, not
failed. Progress goes to stderr.
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
SEED_PEOPLE = 20_000  # national scale: this many loaded, then copied as other agencies
CONTACT_FACTOR = 3  # about ten contacts a case, as a year of a real service has
RESULT = ROOT / "benchmarks" / "results" / "indicators.json"
NOTES = (
    "City: {city_people} synthetic victim journeys (a case each, about ten contacts a case, "
    "an intake profile, a safety plan for most) loaded through concord.synthetic.loading. "
    "National: {seed_people} journeys loaded the same way, then copied by set-based SQL as "
    "further agencies (50 areas); a copy keeps the seed's dates and answers, so the "
    "proportions and the spread over the year are the seed's. Data making is timed apart "
    "(data_seconds). The pack is computed cold: every catalogue indicator and the financial "
    "year to date, one aggregate query per source (the 19 intake items share one scan), the "
    "results then cached. What limits it: every record of the year is in the period, so no "
    "index narrows the work and the time grows with the rows: three queries touch every "
    "case, contact or intake profile: engagement (for each case with an offer of support "
    "in the period, was one accepted, and is there a contact from the day of the intake "
    "assessment on: one lazy CASE, the local date worked out only for the few contacts "
    "just before that day's UTC midnight), "
    "people in touch with a help point (distinct people over help point cases having a "
    "contact in the period, run for the year and again for the year to date) and the 19 "
    "intake items read out of each profile's answers JSON. Contacts are filtered by their "
    "stored UK local day (Contact.occurred_on, ADR 0016) from covering indexes, so neither "
    "database converts a contact's date nor reads the contacts table itself. "
    "slowest_indicators times each indicator alone. PostgreSQL runs them with its planner "
    "and JIT; SQLite has one thread and no parallel scans. The machine has 2 cores, shared "
    "with other work: each figure carries the load average when its pack was computed."
)
TARGET_SECONDS = {"city": 1, "national": 60}
DATABASES = ("sqlite", "postgresql")
POSTGRES = os.environ.get("CONCORD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def measure(people: int, copies: int) -> dict[str, Any]:
    """In this process: load ``people`` journeys into an empty database (and make
    ``copies`` - 1 more agencies of them), then compute the pack for the year they cover."""
    from harness import start_django

    start_django()
    from django.db import connection
    from replication import replicate

    from concord.accounts.models import Agency, AgencyKind, Service, ServiceKind, User
    from concord.cases.models import Case, Contact
    from concord.domain.periods import Period
    from concord.reporting.packs import quarterly_pack
    from concord.synthetic.journeys import generate_chunks
    from concord.synthetic.loading import load

    today = date.today()
    started = time.perf_counter()
    agency = Agency.objects.create(
        name="Benchmark", slug="benchmark", kind=AgencyKind.SPECIALIST_DA_PROVIDER
    )
    Service.objects.create(agency=agency, name="SAFE help point", kind=ServiceKind.HELP_POINT)
    actor = User.objects.create_user("bench@concord.example", full_name="Benchmark")
    chunks = generate_chunks(
        people, service="SAFE help point", seed=1, until=today, contact_factor=CONTACT_FACTOR
    )
    load(chunks, agency=agency, actor=actor, progress=lambda n: _log(f"loaded {n:,} people"))
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    replicate(agency, copies, progress=lambda n: _log(f"copy {n} of {copies - 1} written"))
    _analyse(connection)
    copy_seconds = time.perf_counter() - started

    year = Period(today - timedelta(days=366), today - timedelta(days=1), "the last year")
    _log("computing the pack")
    started = time.perf_counter()
    sections = quarterly_pack(year)
    seconds = time.perf_counter() - started
    _log(f"pack computed in {seconds:.2f} s; timing each indicator")
    return {
        "seconds": round(seconds, 3),
        "cases": Case.objects.count(),
        "contacts": Contact.objects.count(),
        "indicators": sum(len(section.lines) for section in sections),
        "agencies": copies,
        "data_seconds": {
            "generate_and_load": round(load_seconds, 1),
            "copy_and_analyse": round(copy_seconds, 1),
        },
        "slowest_indicators": _slowest(year),
        "database": connection.vendor,
        "load_average": round(os.getloadavg()[0], 1),  # other work on the shared cores
    }


def _analyse(connection: Any) -> None:
    """Fresh planner statistics, as a database that has been running would have."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def _slowest(year: Any, shown: int = 8) -> dict[str, float]:
    """Seconds per indicator computed alone (cold: the cache emptied first)."""
    from concord.indicators.catalogue import INDICATORS
    from concord.indicators.engine import compute
    from concord.indicators.models import CachedResult

    CachedResult.objects.all().delete()
    timed = {}
    for indicator in INDICATORS:
        started = time.perf_counter()
        compute([indicator.code], year)
        timed[indicator.code] = round(time.perf_counter() - started, 3)
    return dict(sorted(timed.items(), key=lambda item: -item[1])[:shown])


def _log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def run_child(people: int, copies: int, database_url: str | None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CONCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="concord-bench-")
    if database_url:
        env["DATABASE_URL"] = database_url
    _log(f"{people:,} people x {copies} on {'PostgreSQL' if database_url else 'SQLite'}")
    child = subprocess.Popen(  # noqa: S603 - this script itself, with numbers
        [sys.executable, __file__, "--child", str(people), "--copies", str(copies)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stderr is not None and child.stdout is not None
    last = "failed"
    for line in child.stderr:  # progress, passed on as it comes
        sys.stderr.write(line)
        last = line.strip() or last
    output = child.stdout.read()
    shutil.rmtree(env["CONCORD_DATA_DIR"], ignore_errors=True)
    if child.wait() != 0:
        return {"error": last}
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
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


def scale(
    name: str, people: int, copies: int, target: float, databases: list[str]
) -> dict[str, Any]:
    """The figures of each database at this scale; one not in ``databases`` keeps those of
    the last run."""
    found: dict[str, Any] = {db: earlier(name).get(db, {"not_run": True}) for db in DATABASES}
    if "sqlite" in databases:
        found["sqlite"] = run_child(people, copies, None)
    if "postgresql" in databases:
        url = fresh_postgres()
        found["postgresql"] = (
            run_child(people, copies, url) if url else {"error": "no PostgreSQL server"}
        )
    found["target_seconds"] = target
    found["meets_target"] = all(
        "seconds" in found[db] and found[db]["seconds"] < target for db in ("sqlite", "postgresql")
    )
    found["measured_on"] = date.today().isoformat()
    return found


def gaps(result: dict[str, Any]) -> list[str]:
    """A sentence for each figure over its target: by how much, and what took the time."""
    found = []
    for name, target in TARGET_SECONDS.items():
        for db in DATABASES:
            figures = result.get(name, {}).get(db, {})
            seconds = figures.get("seconds")
            if seconds is not None and seconds >= target:
                slowest = ", ".join(
                    f"{code} {taken:g} s"
                    for code, taken in list(figures["slowest_indicators"].items())[:4]
                )
                found.append(
                    f"{name.capitalize()} on {db}: {seconds:g} s against {target} s, "
                    f"{seconds - target:.2f} s ({seconds / target - 1:.0%}) over; alone, "
                    f"the slowest were {slowest}."
                )
    return found


def earlier(name: str) -> dict[str, Any]:
    """The figures of a scale from the last run that measured them."""
    try:
        found = json.loads(RESULT.read_text())[name]
    except (OSError, ValueError, KeyError):
        return {}
    return found if isinstance(found, dict) else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--people", type=int, default=CITY_PEOPLE)
    parser.add_argument("--national-people", type=int)
    parser.add_argument("--seed-people", type=int, default=SEED_PEOPLE)
    parser.add_argument(
        "--databases", default=",".join(DATABASES), help="which to run, e.g. postgresql"
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.copies)))
        return 0
    databases = args.databases.split(",")
    result: dict[str, Any] = {
        "city": scale("city", args.people, 1, TARGET_SECONDS["city"], databases)
    }
    if args.national_people:
        seed = min(args.seed_people, args.national_people)
        copies = -(-args.national_people // seed)
        result["national"] = scale("national", seed, copies, TARGET_SECONDS["national"], databases)
    else:
        result["national"] = earlier("national") or {
            "not_run": "run with --national-people 1000000 (or make bench BENCH_NATIONAL=1)"
        }
    result["notes"] = " ".join(
        [
            NOTES.format(city_people=f"{args.people:,}", seed_people=f"{args.seed_people:,}"),
            *gaps(result),
        ]
    )
    write_result("indicators", result)
    return 0 if result["city"]["meets_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
