"""Alerts for the membership's agency's managers, and the user's own break-glass grants,
through ``request.scope`` (ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from concord.cases.models import Case, CaseQuerySet
from concord.cases.scope import CasesScope
from concord.core import audit
from concord.oversight.models import Alert, AlertQuerySet, BreakGlass, BreakGlassQuerySet


class OversightScope(CasesScope):
    @property
    def alerts(self) -> AlertQuerySet:
        """The agency's alerts, leaving out any about the user themselves."""
        self._require("oversight.view_alerts")
        return Alert.objects.filter(agency=self.agency).not_about(self.user)

    def alert(self, alert_id: UUID | str) -> Alert:
        """One alert with its people; the read is audited (it is about a user's conduct)."""
        alerts = self.alerts.select_related(
            "subject", "subject_agency", "acknowledged_by", "break_glass"
        )
        return self._one(alerts.filter(pk=alert_id).first(), "alert.viewed")

    @property
    def break_glass_grants(self) -> BreakGlassQuerySet:
        """The user's own grants, made while acting for this agency."""
        self._require("oversight.break_glass")
        return BreakGlass.objects.filter(user=self.user, user_agency=self.agency)

    def broken_glass(self, grant_id: UUID | str) -> BreakGlass:
        """A grant of the user's that has not expired, with its person; the read of the
        person's record is audited."""
        grant = (
            self.break_glass_grants.current()
            .select_related("person", "person__agency")
            .filter(pk=grant_id)
            .first()
        )
        if grant is None:
            raise Http404
        audit.record(
            "person.viewed_through_break_glass",
            actor=self.user,
            agency=self.agency,
            target=grant.person,
        )
        return grant

    def broken_glass_cases(self, grant: BreakGlass) -> CaseQuerySet:
        """The cases of a break-glass grant's person at its owning agency."""
        return Case.objects.filter(person=grant.person, agency=grant.person.agency).select_related(
            "service", "lead_professional"
        )

    def visible_person_ids(self, ids: set[str]) -> set[str]:
        """Which of these person ids the user may open (for links in an alert's evidence)."""
        if not ids:
            return set()
        return {str(pk) for pk in self.people.filter(pk__in=ids).values_list("pk", flat=True)}
