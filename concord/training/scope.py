"""Training sessions the membership's agency delivered, through ``request.scope``
(ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from concord.accounts.scope import MembershipScope
from concord.training.models import TrainingSession, TrainingSessionQuerySet


class TrainingScope(MembershipScope):
    @property
    def training_sessions(self) -> TrainingSessionQuerySet:
        """Training and awareness sessions the agency delivered (not person-level)."""
        self._require("training.view_session")
        return TrainingSession.objects.filter(agency=self.agency)

    def training_session(self, session_id: UUID | str) -> TrainingSession:
        return self._one(self.training_sessions.filter(pk=session_id).first())
