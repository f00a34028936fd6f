"""Risk assessments and incidents of the membership's agency, through ``request.scope``
(ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from concord.cases.scope import CasesScope
from concord.risk.models import Incident, IncidentQuerySet, RiskAssessment, RiskAssessmentQuerySet


class RiskScope(CasesScope):
    @property
    def risk_assessments(self) -> RiskAssessmentQuerySet:
        self._require("risk.view_assessment")
        return RiskAssessment.objects.filter(agency=self.agency).visible_to(self.user)

    def risk_assessment(self, assessment_id: UUID | str) -> RiskAssessment:
        """One risk assessment of this agency, with its case and checklist; the read is
        audited."""
        assessments = self.risk_assessments.select_related("case__person", "instrument")
        found = self._one(assessments.filter(pk=assessment_id).first(), "risk.assessment_viewed")
        self._about(found.case.person)
        return found

    @property
    def incidents(self) -> IncidentQuerySet:
        """Domestic abuse incidents recorded on this agency's cases."""
        self._require("risk.view_assessment")
        return Incident.objects.filter(agency=self.agency).visible_to(self.user)
