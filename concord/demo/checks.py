"""`check --deploy` refuses demo accounts in production, however the settings were made."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

DEMO_IN_PRODUCTION = Error(
    "CONCORD_DEMO_ACCOUNTS is true while CONCORD_ENVIRONMENT is production.",
    hint="Demo accounts share a published password: set CONCORD_DEMO_ACCOUNTS=false.",
    id="concord.E001",
)


def refusal() -> str | None:
    """Why demo accounts may not be used here, or None when they may."""
    if not settings.DEMO_ACCOUNTS_ENABLED:
        return (
            "Demo accounts are switched off. Set CONCORD_DEMO_ACCOUNTS=true to load them "
            "(never on a server holding real records)."
        )
    if settings.ENVIRONMENT == "production":
        return "Demo accounts are refused when CONCORD_ENVIRONMENT=production."
    return None


@register(Tags.security, deploy=True)
def demo_accounts_off_in_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.ENVIRONMENT == "production" and settings.DEMO_ACCOUNTS_ENABLED:
        return [DEMO_IN_PRODUCTION]
    return []
