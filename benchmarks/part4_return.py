#!/usr/bin/env python3
"""Benchmark the annual Part 4 return on a county's synthetic safe accommodation: the demo
partnership, then three years of a county's refuge, dispersed, sanctuary and move-on
journeys loaded for one provider (``manage.py synthesise --scale county
--accommodation-for``), then ``manage.py part4_return`` for the last finished year, timed
whole (figures, completeness check and workbook). The target is under 10 seconds on
SQLite and on PostgreSQL. Writes benchmarks/results/part4_return-<database>.json.

Usage: benchmarks/part4_return.py [--scale county|city]   (DATABASE_URL chooses the
database; without it a fresh SQLite file in a temporary directory)
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from harness import start_django, write_result

TARGET_SECONDS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=("city", "county"), default="county")
    args = parser.parse_args()

    os.environ.setdefault("CONCORD_DEMO_ACCOUNTS", "true")
    start_django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from concord.accommodation.models import Stay, StayMember, UnmetNeed
    from concord.demo.partnership import demo_email
    from concord.domain.periods import financial_year_of

    quiet = open(os.devnull, "w")  # noqa: SIM115 - closed with the process
    call_command("seed_demo", stdout=quiet)
    started = time.perf_counter()
    call_command(
        "synthesise",
        scale=args.scale,
        accommodation_for="turning-point",
        partner="riverford-homes",
        as_user=demo_email("refuge"),
        stdout=quiet,
    )
    load_seconds = time.perf_counter() - started

    year = financial_year_of(timezone.localdate()) - 1
    out = Path(os.environ["CONCORD_DATA_DIR"]) / f"part4-{year}.xlsx"
    started = time.perf_counter()
    call_command("part4_return", year=year, out=str(out), stdout=quiet)
    seconds = time.perf_counter() - started

    database = connection.vendor
    write_result(
        f"part4_return-{database}",
        {
            "database": database,
            "scale": args.scale,
            "year": year,
            "stays": Stay.objects.count(),
            "stay_members": StayMember.objects.count(),
            "unmet_needs": UnmetNeed.objects.count(),
            "load_seconds": round(load_seconds, 1),
            "return_seconds": round(seconds, 2),
            "target_seconds": TARGET_SECONDS,
            "workbook_kb": round(out.stat().st_size / 1024, 1),
        },
    )
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
