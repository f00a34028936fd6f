"""`manage.py marac_return --area SLUG --period 2024Q1 --out FILE.csv` (or `.xlsx`): the
SafeLives quarterly MARAC return, with disclosure control, as on the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.accounts.disclosure import disclosure_rule
from concord.core import audit
from concord.core.export import csv_lines, xlsx_bytes
from concord.domain.periods import parse_quarter
from concord.marac.models import MaracArea
from concord.marac.returns import HEADER, marac_return


class Command(BaseCommand):
    help = "Write a MARAC's SafeLives quarterly return (CSV or Excel), with disclosure control."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", required=True, help="the MARAC's short name (slug)")
        parser.add_argument(
            "--period", required=True, help="a quarter, like 2024Q1 (April to June)"
        )
        parser.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")

    def handle(self, *args: Any, area: str, period: str, out: Path, **options: Any) -> None:
        out = Path(out)  # call_command passes it as given
        found = MaracArea.objects.filter(slug=area).first()
        if found is None:
            raise CommandError(f"No MARAC has the short name {area!r}")
        try:
            quarter = parse_quarter(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if out.suffix not in (".csv", ".xlsx"):
            raise CommandError("Write the return to a .csv or .xlsx file")
        lines = marac_return(found, quarter, disclosure_rule()).lines()
        if out.suffix == ".xlsx":
            out.write_bytes(xlsx_bytes(f"MARAC return {quarter}", HEADER, lines))
        else:
            out.write_text("".join(csv_lines(HEADER, lines)), encoding="utf-8")
        audit.record(
            "marac.return_exported", agency=found.hosted_by, target=found, reason=str(quarter)
        )
        self.stdout.write(
            f"Wrote the {quarter.label} return of {found} ({len(lines) - 1} meetings) to {out}"
        )
