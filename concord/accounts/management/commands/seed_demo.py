from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concord.accounts.demo import DEMO_PASSWORD, demo_email, load_demo_partnership


class Command(BaseCommand):
    help = "Load the demo partnership and one demo user per role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_ACCOUNTS_ENABLED:
            raise CommandError(
                "Demo accounts are switched off. Set CONCORD_DEMO_ACCOUNTS=true to load them "
                "(never on a server holding real records)."
            )
        users = load_demo_partnership()
        self.stdout.write(f"Demo partnership loaded. Demo users (password: {DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo_email(demo.email):45} {demo.role.label}")
        self.stdout.write(
            "Each has an authenticator app set up. For a user's current 6-digit code run, "
            "in another terminal:\n  make demo-code EMAIL=idva@demo.concord.example"
        )
