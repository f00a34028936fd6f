"""The configured bands and escalation rule, and the MARAC criteria a case meets now, from
records already fetched (the rules themselves are in concord.risk.dash)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings

from concord.risk import dash
from concord.risk.models import Incident, RiskAssessment


def thresholds() -> dash.Thresholds:
    return dash.Thresholds(medium_from=settings.RISK_MEDIUM_FROM, high_from=settings.RISK_HIGH_FROM)


def escalation_rule() -> dash.EscalationRule:
    return dash.EscalationRule(
        incidents=settings.RISK_ESCALATION_INCIDENTS,
        window_days=settings.RISK_ESCALATION_WINDOW_DAYS,
        police_only=settings.RISK_ESCALATION_POLICE_ONLY,
    )


def as_incidents(incidents: Iterable[Incident]) -> list[dash.Incident]:
    return [dash.Incident(i.occurred_on, i.reported_to_police) for i in incidents]


def criteria_met(
    latest: RiskAssessment | None,
    incidents: Iterable[Incident],
    *,
    as_of: date,
    repeat: bool = False,
) -> list[dash.Criterion]:
    """The MARAC criteria met on ``as_of`` by a case whose latest finished assessment is
    ``latest``; ``repeat`` comes from the MARAC register of earlier referrals."""
    return dash.marac_criteria(
        points=latest.score if latest else None,
        judged=dash.Level(latest.judged_level) if latest and latest.judged_level else None,
        incidents=as_incidents(incidents),
        as_of=as_of,
        thresholds=thresholds(),
        rule=escalation_rule(),
        repeat=repeat,
    )
