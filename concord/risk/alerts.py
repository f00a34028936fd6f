"""The risk app's line of the alerts panel (concord.core.alerts, ADR 0017): the level that
stands on the latest finished risk assessment of the person, at any agency sharing it, and
when it was made. Read live: a new assessment shows on the next page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from concord.core.alerts import Fact, Record, Viewer
from concord.core.presenters import govuk_date
from concord.risk.dash import Level
from concord.risk.models import RiskAssessment


def facts(records: Sequence[Record], viewer: Viewer, today: date) -> list[Fact]:
    agencies = {r.person.pk: r.agency_name for r in records if r.is_shared}
    latest = (
        RiskAssessment.objects.finished()
        .filter(case__person__in=[r.person.pk for r in records])
        .exclude(level="")
        .select_related("case")
        .order_by("-finished_at")
        .first()
    )
    if latest is None:
        return [Fact(30, "Risk", "No risk assessment finished")]
    level = Level(latest.level)
    assessed = govuk_date(latest.finished_at)
    text = f"{level.label} risk ({latest.score} yes answers), assessed {assessed}"
    source = agencies.get(latest.case.person_id, "")
    return [Fact(30, "Risk", text, level is Level.HIGH, source)]
