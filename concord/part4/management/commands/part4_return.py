"""`manage.py part4_return --year 2025 --out FILE.xlsx`: the annual Part 4 return of a
finished financial year (2025: April 2025 to March 2026) with its exact figures, one sheet
per section, the definitions and what the records lack. Refuses a year not finished yet,
writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from concord.core import audit
from concord.part4.figures import completeness, part4_figures
from concord.part4.forms import FIRST_YEAR
from concord.part4.presenters import exact_workbook
from concord.part4.services import unfinished_year_problem


class Command(BaseCommand):
    help = "Write the annual Part 4 safe accommodation return (exact figures) as Excel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            required=True,
            help="the financial year by the year it starts: 2025 is April 2025 to March 2026",
        )
        parser.add_argument("--out", required=True, help="FILE.xlsx")

    def handle(self, *args: Any, year: int, out: str, **options: Any) -> None:
        path = Path(out)
        if path.suffix != ".xlsx":
            raise CommandError("Write the return to a .xlsx file")
        if year < FIRST_YEAR:
            raise CommandError(f"The first return is for {FIRST_YEAR} (April {FIRST_YEAR} on)")
        today = timezone.localdate()
        problem = unfinished_year_problem(year, today)
        if problem:
            raise CommandError(problem)
        figures = part4_figures(year)
        missing = completeness(year, today=today, long_stay_days=settings.PART4_LONG_STAY_DAYS)
        path.write_bytes(exact_workbook(figures, missing))
        audit.record("part4.return_exported", reason=f"{year} xlsx")
        self.stdout.write(
            f"Wrote the Part 4 return for {figures.period.label} to {path} "
            f"({len(missing)} kinds of record missing something)"
        )
