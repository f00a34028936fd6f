from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.demo import checks
from concord.demo.partnership import DEMO_EMAIL_DOMAIN


class Command(BaseCommand):
    help = "Print a demo user's current authenticator code (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        refused = checks.refusal()
        if refused:
            raise CommandError(refused)
        email = email.strip().lower()
        if not email.endswith("@" + DEMO_EMAIL_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_EMAIL_DOMAIN}) have codes shown.")
        device = TOTPDevice.objects.filter(user__email=email).order_by("-confirmed", "-id").first()
        if device is None:
            raise CommandError(f"{email} has no authenticator set up yet.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
