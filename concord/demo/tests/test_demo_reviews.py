"""The demo's homicide reviews: two, recorded once; the partnership manager on both panels,
the police representative on the published one only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from concord.accounts.models import User
from concord.core.models import AuditEvent
from concord.dhr.models import Review
from concord.dhr.presenters import status_text

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_are_recorded_once_with_their_panels(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("seed_demo", stdout=StringIO())
    events = AuditEvent.objects.filter(action__startswith="dhr.").count()

    call_command("seed_demo", stdout=StringIO())

    assert AuditEvent.objects.filter(action__startswith="dhr.").count() == events
    published, in_progress = Review.objects.order_by("notified_on")
    assert [status_text(published), status_text(in_progress)] == [
        "Published",
        "Review in progress",
    ]
    assert Review.objects.on_panel_of(_user("partnership")).count() == 2
    assert list(Review.objects.on_panel_of(_user("police"))) == [published]
    assert published.recommendations.filter(completed_on__isnull=False).count() == 2


def _user(name: str) -> User:
    return User.objects.get(email=f"{name}@demo.concord.example")
