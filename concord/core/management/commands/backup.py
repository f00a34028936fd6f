from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.core.backup import BackupRefused, back_up


class Command(BaseCommand):
    help = (
        "Back up the database and the stored files into a new directory, with a manifest of "
        "checksums. Keys are never included: back them up separately."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a new or empty directory")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = back_up(directory)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        records = sum(manifest["records"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['database']['engine']}: {records:,} records and "
                f"{len(manifest['files'])} stored files into {directory}."
            )
        )
        self.stdout.write(manifest["keys"])
