from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.accounts.models import Agency
from concord.cases.importing import import_directory, importing_user


class Command(BaseCommand):
    help = (
        "Import historical records from CSV files in DIR for an agency "
        "(format: docs/data-dictionary/import-format.md). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--agency", required=True, help="the agency's short name (slug)")
        parser.add_argument("--as-user", required=True, help="email of the user importing")

    def handle(
        self, *args: Any, directory: Path, agency: str, as_user: str, **options: Any
    ) -> None:
        found = Agency.objects.filter(slug=agency).first()
        if found is None:
            raise CommandError(f"No agency has the short name '{agency}'")
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory")
        try:
            actor = importing_user(found, as_user)
        except ValueError as error:
            raise CommandError(str(error)) from None
        quarantined = 0
        for outcome in import_directory(directory, agency=found, actor=actor, progress=self._bar):
            self.stdout.write("")
            if outcome.refused:
                self.stdout.write(
                    self.style.ERROR(f"{outcome.kind}: file refused: {outcome.refused}")
                )
                quarantined += 1
                continue
            self.stdout.write(
                f"{outcome.kind}: {outcome.imported} imported, {outcome.unchanged} already there, "
                f"{outcome.quarantined} in quarantine"
            )
            quarantined += outcome.quarantined
        if quarantined:
            self.stdout.write(
                self.style.WARNING("Some rows need attention: see the import page for reasons.")
            )

    def _bar(self, kind: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stdout.write(
            f"\r{kind:16} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
        )
        self.stdout.flush()
