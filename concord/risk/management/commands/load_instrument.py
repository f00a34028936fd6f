from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from concord.core import audit
from concord.risk.instruments import InstrumentError, read_instrument, store_instrument
from concord.risk.models import Instrument, Question


class Command(BaseCommand):
    help = (
        "Load a risk checklist (DASH, DARA or a local variant) from a JSON file, or update "
        "its labels and help text. Format: docs/user-guide/risk.md. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            definition = read_instrument(file)
            with transaction.atomic():
                instrument = store_instrument(definition, Instrument, Question)
                audit.record("risk.instrument_loaded", target=instrument, changes=["questions"])
        except InstrumentError as error:
            raise CommandError(str(error)) from None
        state = "in use" if instrument.active else "not offered for new assessments"
        self.stdout.write(
            f"{instrument}: {len(definition.questions)} questions, {state}", self.style.SUCCESS
        )
