import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.accounts.demo import DEMO_PASSWORD, demo_email, load_demo_partnership
from concord.accounts.models import Agency, User
from concord.cases.importing import import_directory
from concord.synthetic.journeys import SCALES, generate


class Command(BaseCommand):
    help = "Load the demo partnership and one demo user per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            help="also import synthetic journeys at the help point (city: 400 people)",
        )

    def handle(self, *args: Any, scale: str | None = None, **options: Any) -> None:
        if not settings.DEMO_ACCOUNTS_ENABLED:
            raise CommandError(
                "Demo accounts are switched off. Set CONCORD_DEMO_ACCOUNTS=true to load them "
                "(never on a server holding real records)."
            )
        users = load_demo_partnership()
        if scale:
            self._synthetic(scale)
        self.stdout.write(f"Demo partnership loaded. Demo users (password: {DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo_email(demo.email):45} {demo.role.label}")
        self.stdout.write(
            "Each has an authenticator app set up. For a user's current 6-digit code run, "
            "in another terminal:\n  make demo-code EMAIL=idva@demo.concord.example"
        )

    def _synthetic(self, scale: str) -> None:
        """Synthetic journeys go in through the real import, so running again adds nothing."""
        haven = Agency.objects.get(slug="haven")
        manager = User.objects.get(email=demo_email("manager"))
        journeys = generate(SCALES[scale], service="SAFE help point", seed=1, until=date.today())
        with tempfile.TemporaryDirectory() as directory:
            journeys.write(Path(directory))
            for outcome in import_directory(Path(directory), agency=haven, actor=manager):
                self.stdout.write(
                    f"  synthetic {outcome.kind}: {outcome.imported} imported, "
                    f"{outcome.unchanged} already there, {outcome.quarantined} kept back"
                )
