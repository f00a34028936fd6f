from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.core.backup import BackupRefused, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and "
        "CONCORD_DATA_DIR, after checking its checksums; ends by verifying the audit trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="the backup's directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what a database that already has tables holds",
        )

    def handle(self, *args: Any, directory: Path, force: bool = False, **options: Any) -> None:
        try:
            manifest = restore(directory, force=force)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        records = sum(manifest["records"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {records:,} records and {len(manifest['files'])} stored files from "
                f"the backup made {manifest['made_at']} by Concord {manifest['concord_version']}."
            )
        )
        self.stdout.write(manifest["keys"])
