"""`manage.py report quarterly --period 2013Q1 --out FILE.xlsx` (or `.csv`): the
partnership's quarterly performance pack, with disclosure control, for automation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.core import audit
from concord.core.export import csv_lines, xlsx_bytes
from concord.reporting import packs
from concord.reporting.periods import parse_quarter
from concord.reporting.policy import disclosure_rule


class Command(BaseCommand):
    help = "Write a report pack (quarterly) as Excel or CSV, with disclosure control."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack", choices=["quarterly"])
        parser.add_argument(
            "--period", required=True, help="a quarter, like 2013Q1 (April to June)"
        )
        parser.add_argument("--out", required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, *args: Any, period: str, out: str, **options: Any) -> None:
        path = Path(out)
        try:
            quarter = parse_quarter(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if path.suffix not in (".csv", ".xlsx"):
            raise CommandError("Write the pack to a .xlsx or .csv file")
        sections = packs.quarterly_pack(quarter.period, rule=disclosure_rule())
        lines = packs.rows(sections, packs.narratives(quarter))
        if path.suffix == ".xlsx":
            path.write_bytes(xlsx_bytes(f"Quarterly {quarter}", packs.HEADER, lines))
        else:
            path.write_text("".join(csv_lines(packs.HEADER, lines)), encoding="utf-8")
        audit.record("reports.quarterly_exported", reason=str(quarter))
        self.stdout.write(f"Wrote the {quarter.label} pack ({len(lines)} lines) to {path}")
