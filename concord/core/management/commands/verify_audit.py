from typing import Any

from django.core.management.base import BaseCommand, CommandError

from concord.core.audit import verify_chain
from concord.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check that the audit trail is intact; exit non-zero naming the first bad event."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Audit chain broken at {problem}")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} events verified."))
