"""The online referrals of this membership's agency, through ``request.scope``
(ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from concord.accounts.scope import MembershipScope
from concord.inbox import vocabulary as words
from concord.inbox.models import OnlineReferral, OnlineReferralFile


class InboxScope(MembershipScope):
    @property
    def online_referrals(self) -> QuerySet[OnlineReferral]:
        """Referrals received by this agency's help point."""
        self._require("inbox.view")
        return OnlineReferral.objects.filter(agency=self.agency)

    def online_referral(self, referral_id: UUID | str) -> OnlineReferral:
        """One referral of this agency; the read is audited."""
        found = self.online_referrals.select_related(
            "service", "decided_by", "risk_instrument"
        ).filter(pk=referral_id)
        return self._one(found.first(), "online_referral.viewed")

    def referral_file(self, file_id: UUID | str) -> OnlineReferralFile:
        """One file a professional attached to a referral to this agency (404 at any other)."""
        self._require("inbox.view")
        found = OnlineReferralFile.objects.filter(
            agency=self.agency, pk=file_id, referral__kind=words.PROFESSIONAL
        ).select_related("referral")
        return self._one(found.first())
