"""The demo's feedback, complaints and involvement: recorded once, one complaint overdue."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from concord.core.models import AuditEvent
from concord.voice.models import Complaint, Feedback, InvolvementActivity

pytestmark = pytest.mark.django_db


def test_the_demo_is_recorded_once_with_one_complaint_overdue(settings):
    settings.DEMO_ACCOUNTS_ENABLED = True
    call_command("seed_demo", stdout=StringIO())
    events = AuditEvent.objects.filter(action__startswith="complaint.").count()

    call_command("seed_demo", stdout=StringIO())

    assert AuditEvent.objects.filter(action__startswith="complaint.").count() == events
    assert Feedback.objects.count() == 4
    assert Feedback.objects.filter(case__isnull=False).count() == 1
    assert Complaint.objects.count() == 4
    assert Complaint.objects.overdue(timezone.localdate()).count() == 1
    assert Complaint.objects.filter(current_stage__number=2).count() == 1
    assert InvolvementActivity.objects.exclude(what_changed="").count() == 2
