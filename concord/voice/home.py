"""The service manager's home panel (concord.core.home_panels): complaints overdue."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel
from concord.voice import presenters
from concord.voice.scope import VoiceScope


def overdue_complaints(request: ConcordRequest[VoiceScope]) -> dict[str, Any]:
    today = timezone.localdate()
    overdue = request.scope.complaints.overdue(today).select_related("service", "current_stage")
    return {"rows": presenters.complaint_rows(overdue[:10], today), "count": overdue.count()}


OVERDUE_COMPLAINTS = HomePanel(
    "voice_overdue_complaints",
    40,
    "voice.export_complaints",
    "voice/home_overdue.html",
    overdue_complaints,
)
