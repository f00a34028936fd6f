from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concord.synthetic.journeys import SCALES, generate


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
        journeys = generate(
            people, service=options["service"], seed=options["seed"], until=date.today()
        )
        journeys.write(directory)
        counts = ", ".join(f"{len(rows)} {kind}" for kind, rows in journeys.rows.items())
        self.stdout.write(f"Wrote {counts} to {directory}")
