from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concord.synthetic.journeys import SCALES, generate_chunks, write_files


class Command(BaseCommand):
    help = "Write synthetic journeys as import files (docs/data-dictionary/import-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--people", type=int, help="instead of the scale's number of people")
        parser.add_argument("--service", default="SAFE help point")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        people = options["people"] or SCALES[options["scale"]]
        chunks = generate_chunks(
            people, service=options["service"], seed=options["seed"], until=date.today()
        )
        counts = write_files(chunks, directory)
        written = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Wrote {written} to {directory}")
