"""Feedback and complaints of this membership's agency, through ``request.scope``
(ADR 0011); the involvement register, which names no one, for those who keep or read it."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from concord.accounts.roles import Role
from concord.cases.scope import CasesScope
from concord.voice.models import (
    Complaint,
    ComplaintQuerySet,
    Feedback,
    InvolvementActivity,
)


class VoiceScope(CasesScope):
    @property
    def feedback(self) -> QuerySet[Feedback]:
        """Feedback about this agency's services."""
        self._require("voice.record")
        return Feedback.objects.filter(agency=self.agency)

    def feedback_item(self, feedback_id: UUID | str) -> Feedback:
        """One piece of feedback of this agency; the read is audited."""
        found = self.feedback.select_related("service", "case", "equality", "recorded_by")
        return self._one(found.filter(pk=feedback_id).first(), "feedback.viewed")

    @property
    def complaints(self) -> ComplaintQuerySet:
        """Complaints about this agency's services."""
        self._require("voice.record")
        return Complaint.objects.filter(agency=self.agency)

    def complaint(self, complaint_id: UUID | str) -> Complaint:
        """One complaint of this agency with its current stage; the read is audited."""
        found = self.complaints.select_related(
            "service", "case", "equality", "current_stage", "recorded_by"
        )
        return self._one(found.filter(pk=complaint_id).first(), "complaint.viewed")

    @property
    def involvement(self) -> QuerySet[InvolvementActivity]:
        """The partnership's register of involvement activities (no person in it)."""
        self._require("voice.view_involvement")
        return InvolvementActivity.objects.all()

    def activity(self, activity_id: UUID | str) -> InvolvementActivity:
        return self._one(self.involvement.filter(pk=activity_id).first())

    def activity_to_change(self, activity_id: UUID | str) -> InvolvementActivity:
        """An activity this member may change: a service manager, their agency's; the
        partnership manager, any."""
        self._require("voice.keep_involvement")
        activity = self.activity(activity_id)
        keeps_all = self.membership.role_enum == Role.PARTNERSHIP_MANAGER
        if not keeps_all and activity.agency_id != self.agency.pk:
            raise PermissionDenied
        return activity
