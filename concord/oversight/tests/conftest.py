"""A clock the audit trail writes by, so a test can script a day of audited work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.utils import timezone

from concord.accounts.models import Membership
from concord.accounts.scope import scope_for
from concord.oversight.scope import OversightScope

SEEDING = "concord.oversight.migrations.0002_default_alert_rules"

MONDAY_MORNING = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = MONDAY_MORNING

    def __call__(self) -> datetime:
        return self.now

    def set(self, *, minutes: float = 0) -> None:
        """Move to this many minutes after nine on Monday morning."""
        self.now = MONDAY_MORNING + timedelta(minutes=minutes)

    def later(self, hours: float = 1) -> datetime:
        return self.now + timedelta(hours=hours)


def seed_alert_rules() -> None:
    """The rules as the migration seeds them: a test that empties the database (a
    transactional test, a browser journey) also empties what migrations wrote."""
    import_module(SEEDING).add_defaults(apps, None)


@pytest.fixture(autouse=True)
def _alert_rules(request: pytest.FixtureRequest) -> None:
    uses_database = {"db", "transactional_db"} & set(request.fixturenames)
    if uses_database or request.node.get_closest_marker("django_db"):
        seed_alert_rules()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


def scope(membership: Membership) -> OversightScope:
    found = scope_for(membership.user, membership)
    assert isinstance(found, OversightScope)
    return found
