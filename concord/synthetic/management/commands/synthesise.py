from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.accounts.models import Agency
from concord.cases.importing import importing_user
from concord.synthetic import accommodation
from concord.synthetic.accommodation_loading import load_accommodation
from concord.synthetic.journeys import SCALES, generate_chunks, write_files
from concord.synthetic.loading import LoadRefused


class Command(BaseCommand):
    help = (
        "Write synthetic journeys as import files (docs/data-dictionary/import-format.md), "
        "or, with --accommodation-for, load three years of synthetic safe accommodation "
        "straight into the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, nargs="?")
        parser.add_argument("--scale", choices=sorted(SCALES), default="city")
        parser.add_argument("--people", type=int, help="instead of the scale's number of people")
        parser.add_argument("--service", default="SAFE help point")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--accommodation-for",
            metavar="AGENCY_SLUG",
            help="the provider whose accommodation services, units, stays and unmet need "
            "are loaded (city: 300 households a year, county: 3,000)",
        )
        parser.add_argument(
            "--partner", metavar="AGENCY_SLUG", help="the agency running second-stage flats"
        )
        parser.add_argument("--as-user", metavar="EMAIL", help="who the load is recorded as by")

    def handle(self, *args: Any, directory: Path | None, **options: Any) -> None:
        if options["accommodation_for"]:
            self._accommodation(options)
            return
        if directory is None:
            raise CommandError("Give the directory to write the import files to.")
        people = options["people"] or SCALES[options["scale"]]
        chunks = generate_chunks(
            people, service=options["service"], seed=options["seed"], until=date.today()
        )
        counts = write_files(chunks, directory)
        written = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Wrote {written} to {directory}")

    def _accommodation(self, options: dict[str, Any]) -> None:
        if options["scale"] not in accommodation.SCALES:
            raise CommandError("Safe accommodation comes at city or county scale.")
        if not (options["partner"] and options["as_user"]):
            raise CommandError("Give --partner and --as-user with --accommodation-for.")
        try:
            agency = Agency.objects.get(slug=options["accommodation_for"])
            partner = Agency.objects.get(slug=options["partner"])
            actor = importing_user(agency, options["as_user"])
        except (Agency.DoesNotExist, ValueError) as error:
            raise CommandError(str(error) or "No agency with that slug.") from None
        households = accommodation.SCALES[options["scale"]]
        chunks = accommodation.generate_accommodation(
            households, seed=options["seed"], until=date.today()
        )
        try:
            counts = load_accommodation(
                chunks,
                agency=agency,
                partner=partner,
                actor=actor,
                progress=lambda stays: self.stdout.write(f"  stays: {stays}"),
            )
        except LoadRefused as refusal:
            raise CommandError(str(refusal)) from None
        written = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"Loaded {written} straight into the database")
