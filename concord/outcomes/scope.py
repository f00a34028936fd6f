"""Outcome measures and questionnaire links on the cases the membership may see, through
``request.scope`` (ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from concord.cases.scope import CasesScope
from concord.outcomes.models import (
    OutcomeMeasure,
    OutcomeMeasureQuerySet,
    QuestionnaireLink,
    QuestionnaireLinkQuerySet,
)


class OutcomesScope(CasesScope):
    @property
    def outcome_measures(self) -> OutcomeMeasureQuerySet:
        self._require("outcomes.view_measure")
        return OutcomeMeasure.objects.filter(agency=self.agency, case__in=self.cases.values("pk"))

    def outcome_measure(self, measure_id: UUID | str) -> OutcomeMeasure:
        """One measure on a case the user may see, with its questions; the read is audited.
        The page is about the case's person."""
        measures = self.outcome_measures.select_related("case__person", "case__service")
        found = measures.prefetch_related("questionnaire__questions").filter(pk=measure_id)
        measure = self._one(found.first(), "outcome_measure.viewed")
        self._about(measure.case.person)
        return measure

    @property
    def questionnaire_links(self) -> QuestionnaireLinkQuerySet:
        self._require("outcomes.view_measure")
        return QuestionnaireLink.objects.filter(
            agency=self.agency, case__in=self.cases.values("pk")
        )
