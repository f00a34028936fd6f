"""`manage.py report quarterly --period 2013Q1 --out FILE.xlsx` (or `.csv`): the
partnership's quarterly performance pack, with disclosure control, for automation.
`manage.py report partnership --period 2024-25 --out FILE.xlsx`: the partnership data
report (a financial year or a quarter), one sheet per section, with disclosure control."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.accounts.disclosure import disclosure_rule
from concord.core import audit
from concord.core.export import csv_lines, xlsx_bytes, xlsx_workbook
from concord.domain.periods import parse_period, parse_quarter
from concord.reporting import packs, partnership_pack


class Command(BaseCommand):
    help = "Write a report (quarterly or partnership) as Excel or CSV, with disclosure control."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack", choices=["quarterly", "partnership"])
        parser.add_argument(
            "--period",
            required=True,
            help="a quarter, like 2013Q1 (April to June); for partnership also a "
            "financial year, like 2024-25",
        )
        parser.add_argument(
            "--out", required=True, help="FILE.xlsx or FILE.csv (partnership: FILE.xlsx)"
        )

    def handle(self, *args: Any, pack: str, period: str, out: str, **options: Any) -> None:
        if pack == "partnership":
            self._partnership(period, Path(out))
        else:
            self._quarterly(period, Path(out))

    def _quarterly(self, period: str, path: Path) -> None:
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

    def _partnership(self, period: str, path: Path) -> None:
        try:
            chosen = parse_period(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if path.suffix != ".xlsx":
            raise CommandError("Write the partnership data report to a .xlsx file")
        report = partnership_pack.partnership_report(chosen)
        sheets = partnership_pack.sheets(report)
        path.write_bytes(xlsx_workbook(sheets))
        audit.record("reports.partnership_exported", reason=period.strip().upper())
        self.stdout.write(
            f"Wrote the partnership data report for {chosen.label} ({len(sheets)} sheets) to {path}"
        )
