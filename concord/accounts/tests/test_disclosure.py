"""The disclosure rule in force comes from settings."""

from __future__ import annotations

from django.test import override_settings

from concord.accounts.disclosure import disclosure_rule
from concord.domain.disclosure import DisclosureRule


def test_the_partnerships_rule_comes_from_settings():
    assert disclosure_rule() == DisclosureRule(5)
    assert disclosure_rule(sensitive=True) == DisclosureRule(10)
    with override_settings(
        DISCLOSURE_THRESHOLD=3, DISCLOSURE_SENSITIVE_THRESHOLD=7, DISCLOSURE_ROUND_TO_FIVE=True
    ):
        assert disclosure_rule() == DisclosureRule(3, round_to_five=True)
        assert disclosure_rule(sensitive=True) == DisclosureRule(7, round_to_five=True)
