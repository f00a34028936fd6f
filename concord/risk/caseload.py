"""The caseload's risk column (concord.cases.caseload): the level that stands on the
case's latest finished assessment and its date, with a filter by level."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery

from concord.accounts.models import Membership
from concord.cases.caseload import CaseloadColumn
from concord.cases.models import Case, CaseQuerySet
from concord.core.presenters import govuk_date
from concord.risk.dash import Level
from concord.risk.models import RiskAssessment


def _with_risk(cases: CaseQuerySet, membership: Membership) -> CaseQuerySet:
    latest = RiskAssessment.objects.finished().filter(case=OuterRef("pk")).order_by("-finished_at")
    return cases.annotate(
        risk_level=Subquery(latest.values("level")[:1]),
        risk_on=Subquery(latest.values("finished_at")[:1]),
    )


def risk_text(case: Case, today: date) -> str:
    level: str | None = getattr(case, "risk_level", None)
    if not level:
        return "Not assessed"
    return f"{Level(level).label}, {govuk_date(getattr(case, 'risk_on', None))}"


def _at_level(level: Level | None) -> Callable[[CaseQuerySet, date], CaseQuerySet]:
    def narrow(cases: CaseQuerySet, today: date) -> CaseQuerySet:
        latest = RiskAssessment.objects.finished().filter(case=OuterRef("pk"))
        level_now = Subquery(latest.order_by("-finished_at").values("level")[:1])
        cases = cases.annotate(risk_filter_level=level_now)
        return cases.filter(**{"risk_filter_level": level.value if level else None})

    return narrow


def _cell(case: Case, today: date) -> dict[str, Any]:
    return {"text": risk_text(case, today)}


RISK = CaseloadColumn(
    "risk",
    10,
    "Risk",
    _with_risk,
    _cell,
    risk_text,
    "Risk",
    {
        **{level.value: (level.label, _at_level(level)) for level in reversed(Level)},
        "none": ("Not assessed", _at_level(None)),
    },
)
