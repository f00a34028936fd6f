"""`manage.py report quarterly --period 2013Q1 --out FILE.xlsx` (or `.csv`), or
`--from 2012-09-01 --to 2012-12-31` for any range of days: the partnership's performance
pack, with disclosure control, for automation.
`manage.py report partnership --period 2024-25 --out FILE.xlsx` (or `--from`/`--to`): the
partnership data report (a financial year, a quarter or any range of days), one sheet per
section, with disclosure control."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from concord.accounts.disclosure import disclosure_rule
from concord.core import audit
from concord.core.export import csv_lines, xlsx_workbook
from concord.domain.periods import Period, parse_date_range, parse_period, parse_quarter
from concord.reporting import pack_workbook, packs, partnership_pack


class Command(BaseCommand):
    help = "Write a report (quarterly or partnership) as Excel or CSV, with disclosure control."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack", choices=["quarterly", "partnership"])
        parser.add_argument(
            "--period",
            help="a quarter, like 2013Q1 (April to June); for partnership also a "
            "financial year, like 2024-25",
        )
        parser.add_argument("--from", dest="first", help="the first day, like 2012-09-01")
        parser.add_argument("--to", dest="last", help="the last day, like 2012-12-31")
        parser.add_argument(
            "--out", required=True, help="FILE.xlsx or FILE.csv (partnership: FILE.xlsx)"
        )

    def handle(
        self,
        *args: Any,
        pack: str,
        period: str | None,
        first: str | None,
        last: str | None,
        out: str,
        **options: Any,
    ) -> None:
        chosen = _period(pack, period, first, last)
        if pack == "partnership":
            self._partnership(chosen, period.strip().upper() if period else chosen.code, Path(out))
        else:
            self._quarterly(chosen, Path(out))

    def _quarterly(self, period: Period, path: Path) -> None:
        if path.suffix not in (".csv", ".xlsx"):
            raise CommandError("Write the pack to a .xlsx or .csv file")
        pack = packs.pack(period, whose=settings.PARTNERSHIP_NAME, rule=disclosure_rule())
        if path.suffix == ".xlsx":
            path.write_bytes(pack_workbook.pack_workbook(pack, made_on=timezone.localdate()))
        else:
            lines = csv_lines(pack_workbook.CSV_HEADER, pack_workbook.csv_rows(pack))
            path.write_text("".join(lines), encoding="utf-8")
        audit.record("reports.quarterly_exported", reason=str(period.quarter or period.code))
        self.stdout.write(f"Wrote the {period.label} pack to {path}")

    def _partnership(self, period: Period, code: str, path: Path) -> None:
        if path.suffix != ".xlsx":
            raise CommandError("Write the partnership data report to a .xlsx file")
        report = partnership_pack.partnership_report(period)
        sheets = partnership_pack.sheets(report)
        path.write_bytes(xlsx_workbook(sheets))
        audit.record("reports.partnership_exported", reason=code)
        self.stdout.write(
            f"Wrote the partnership data report for {period.label} ({len(sheets)} sheets) to {path}"
        )


def _period(pack: str, period: str | None, first: str | None, last: str | None) -> Period:
    """``--period``, or ``--from`` and ``--to``: one or the other."""
    if (period is None) == (first is None and last is None):
        raise CommandError("Give either --period, or --from and --to")
    try:
        if period is None:
            if first is None or last is None:
                raise CommandError("Give both --from and --to")
            return parse_date_range(first, last)
        return parse_quarter(period).period if pack == "quarterly" else parse_period(period)
    except ValueError as error:
        raise CommandError(str(error)) from None
