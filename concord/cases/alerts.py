"""The cases app's line of the alerts panel (concord.core.alerts, ADR 0017): the children
recorded on the person's latest intake safeguarding profile, at any agency sharing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from concord.cases.models import IntakeProfile
from concord.core.alerts import Fact, Record, Viewer


def facts(records: Sequence[Record], viewer: Viewer, today: date) -> list[Fact]:
    agencies = {r.person.pk: r.agency_name for r in records if r.is_shared}
    latest = (
        IntakeProfile.objects.filter(case__person__in=[r.person.pk for r in records])
        .exclude(number_of_children=None)
        .select_related("case")
        .order_by("-assessed_on", "-created_at")
        .first()
    )
    if latest is None:
        return []
    count = latest.number_of_children
    text = (
        "None"
        if not count
        else f"{count}" + (f" (ages {latest.children_ages})" if latest.children_ages else "")
    )
    return [Fact(50, "Children", text, False, agencies.get(latest.case.person_id, ""))]
