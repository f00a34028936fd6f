import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concord.accounts.models import Agency, Membership, User
from concord.cases.importing import import_directory
from concord.demo import checks
from concord.demo.partnership import DEMO_PASSWORD, demo_email, load_demo_partnership
from concord.demo.submissions import send_demo_files
from concord.synthetic.journeys import SCALES, Journeys, generate_chunks, write_files
from concord.synthetic.loading import AlreadyLoaded, LoadRefused, load

# Too many people for the import, which writes one row at a time through the services.
DIRECT_SCALES = frozenset({"county", "national"})


class Command(BaseCommand):
    help = (
        "Load the demo partnership, one demo user per role and the police's partnership "
        "data files (idempotent)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            help=(
                "also add synthetic journeys at the help point: city (400 people) through the "
                "real import, so running again adds nothing; county (4,000) and national "
                "(400,000) straight into the database, once (running again adds nothing)"
            ),
        )

    def handle(self, *args: Any, scale: str | None = None, **options: Any) -> None:
        refused = checks.refusal()
        if refused:
            raise CommandError(refused)
        users = load_demo_partnership()
        send_demo_files(Membership.objects.get(user__email=demo_email("police-data")))
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
        """Synthetic journeys at the help point, through the import or straight in."""
        haven = Agency.objects.get(slug="haven")
        manager = User.objects.get(email=demo_email("manager"))
        people = SCALES[scale]
        chunks = generate_chunks(people, service="SAFE help point", seed=1, until=date.today())
        if scale in DIRECT_SCALES:
            self._load(chunks, people, haven, manager)
            return
        with tempfile.TemporaryDirectory() as directory:
            write_files(chunks, Path(directory))
            for outcome in import_directory(Path(directory), agency=haven, actor=manager):
                self.stdout.write(
                    f"  synthetic {outcome.kind}: {outcome.imported} imported, "
                    f"{outcome.unchanged} already there, {outcome.quarantined} kept back"
                )

    def _load(self, chunks: Iterator[Journeys], people: int, agency: Agency, actor: User) -> None:
        """Straight into the database (concord.synthetic.loading): one audit event, not one
        per record."""
        try:
            counts = load(
                chunks,
                agency=agency,
                actor=actor,
                progress=lambda done: self.stdout.write(f"  synthetic people: {done} of {people}"),
            )
        except AlreadyLoaded:
            self.stdout.write("  synthetic journeys: already loaded, nothing added")
            return
        except LoadRefused as refusal:
            raise CommandError(str(refusal)) from None
        for kind, count in counts.items():
            self.stdout.write(f"  synthetic {kind}: {count} loaded straight into the database")
