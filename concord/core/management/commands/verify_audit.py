from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from concord.core import audit


class Command(BaseCommand):
    help = (
        "Seal pending audit events, then check that the sealed audit trail is intact; exit "
        "non-zero naming the first bad event. Reports how many events wait to be sealed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-seal", action="store_true", help="Verify only; do not seal pending events."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sealed_now = 0 if options["no_seal"] else audit.seal()
        check = audit.check_chain()
        if check.problem is not None:
            raise CommandError(f"Audit chain broken at {check.problem}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Audit chain intact: {check.verified} events verified "
                f"({sealed_now} sealed just now). {self._backlog_text()}"
            )
        )

    def _backlog_text(self) -> str:
        """How many events are not sealed yet and how long the oldest has waited: until
        sealed, an event's removal would go unnoticed."""
        unsealed, oldest = audit.backlog()
        if oldest is None:
            return "No events wait to be sealed."
        lag = (timezone.now() - oldest).total_seconds()
        return f"{unsealed} events wait to be sealed; the oldest for {lag:.0f} seconds."
