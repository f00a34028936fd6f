"""The partnership's disclosure rule, from settings (docs/configuration.md): what figures
that leave a service may show to the roles that see only aggregates. Beside the other
rules of who may see what, below every app that publishes figures (ADR 0010)."""

from __future__ import annotations

from django.conf import settings

from concord.domain.disclosure import DisclosureRule


def disclosure_rule(*, sensitive: bool = False) -> DisclosureRule:
    """The rule for figures that leave a service; ``sensitive`` for the most sensitive
    breakdowns, which hide more."""
    threshold = (
        settings.DISCLOSURE_SENSITIVE_THRESHOLD if sensitive else settings.DISCLOSURE_THRESHOLD
    )
    return DisclosureRule(threshold, round_to_five=settings.DISCLOSURE_ROUND_TO_FIVE)
