"""The partnership analyst's home panel (concord.core.home_panels): files the agencies
were expected to send for the last two quarters that are late or not yet due."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.core.home_panels import HomePanel
from concord.core.presenters import govuk_date
from concord.submissions import services
from concord.submissions.history import submission_history
from concord.submissions.scope import SubmissionsScope

OUTSTANDING = ("Overdue", "Not due yet")


def submissions_due(request: ConcordRequest[Any]) -> dict[str, Any]:
    today = timezone.localdate()
    newest = services.last_quarter()
    scope = request.scope.narrowed_to(SubmissionsScope)
    lines = submission_history(scope.submissions, [newest.previous(), newest], agency=None)
    outstanding = [line for line in lines if line.expected and line.state(today) in OUTSTANDING]
    outstanding.sort(key=lambda line: (line.state(today) != "Overdue", line.due_on))
    rows = [
        [
            {"text": line.agency.name},
            {"text": f"{line.kind_label}, {line.quarter.label}"},
            {"text": f"{line.state(today)}: due {govuk_date(line.due_on)}"},
        ]
        for line in outstanding
    ]
    late = sum(1 for line in outstanding if line.state(today) == "Overdue")
    return {"rows": rows, "late": late, "due": len(outstanding) - late}


SUBMISSIONS_DUE = HomePanel(
    "submissions_due",
    90,
    "submissions.view_every_agency",
    "submissions/home_due.html",
    submissions_due,
)
