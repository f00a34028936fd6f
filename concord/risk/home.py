"""The home panel of a worker's own cases by the risk that stands on each (concord.core.
home_panels): how many at each level, and the high-risk ones first."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from concord.accounts.http import ConcordRequest
from concord.cases.home import PANEL_ROWS, case_link
from concord.cases.scope import CasesScope
from concord.core.home_panels import HomePanel
from concord.risk.caseload import RISK, risk_text
from concord.risk.dash import Level

NOT_ASSESSED = "Not assessed"


def my_cases_by_risk(request: ConcordRequest[Any]) -> dict[str, Any]:
    cases = request.scope.narrowed_to(CasesScope).cases.active().led_by(request.user)
    cases = RISK.annotate(cases.order_by("reference"), request.membership)
    today = timezone.localdate()
    by_level: dict[str, list[Any]] = {level.value: [] for level in reversed(Level)}
    by_level[""] = []
    for case in cases:
        by_level[case.risk_level or ""].append(case)  # type: ignore[attr-defined]
    ordered = [case for level in by_level.values() for case in level]
    rows = [
        [{"html": case_link(case.pk, case.reference)}, {"text": risk_text(case, today)}]
        for case in ordered[:PANEL_ROWS]
    ]
    labels = {**{level.value: level.label for level in Level}, "": NOT_ASSESSED}
    counts = [(labels[level], len(found)) for level, found in by_level.items()]
    return {"rows": rows, "counts": counts, "total": len(ordered)}


MY_CASES_BY_RISK = HomePanel(
    "my_cases_by_risk", 10, "risk.view_assessment", "risk/home_cases.html", my_cases_by_risk
)
