"""`manage.py board_pack --period 2025Q1 --out FILE.xlsx` (or FILE.pdf; or a financial
year, --period 2025-26): the board pack of that period with its figures counted now, the
same file as the pack's download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from concord.core import audit
from concord.reporting.board_pack import board_pack_content
from concord.reporting.board_pack_workbook import board_pack_workbook
from concord.reporting.pdf import board_pack_pdf
from concord.reporting.services import chosen_period

SUFFIXES = (".xlsx", ".pdf")


class Command(BaseCommand):
    help = "Write the board pack of a quarter or a financial year as Excel or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            help="a quarter, like 2025Q1 (April to June 2025), or a financial year, like 2025-26",
        )
        parser.add_argument("--out", required=True, help="FILE.xlsx or FILE.pdf")

    def handle(self, *args: Any, period: str, out: str, **options: Any) -> None:
        path = Path(out)
        if path.suffix not in SUFFIXES:
            raise CommandError("Write the board pack to a .xlsx or .pdf file")
        today = timezone.localdate()
        try:
            chosen = chosen_period(period, today)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        content = board_pack_content(chosen, made_on=today)
        write = board_pack_workbook if path.suffix == ".xlsx" else board_pack_pdf
        path.write_bytes(write(content))
        audit.record("reporting.board_pack_exported", reason=f"{chosen.code} {path.suffix[1:]}")
        self.stdout.write(f"Wrote the board pack for {chosen.label} to {path}")
