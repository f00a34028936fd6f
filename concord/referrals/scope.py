"""Referrals this membership's agency made or received, and its consent records, through
``request.scope`` (ADR 0011)."""

from __future__ import annotations

from uuid import UUID

import rules
from django.db.models import Q

from concord.cases.scope import CasesScope
from concord.referrals.models import (
    REFERRAL_RELATIONS,
    Consent,
    ConsentQuerySet,
    Referral,
    ReferralQuerySet,
)


class ReferralsScope(CasesScope):
    @property
    def referrals(self) -> ReferralQuerySet:
        """Referrals this agency made."""
        self._require("referrals.view_referral")
        return Referral.objects.filter(agency=self.agency).visible_to(self.user)

    @property
    def inbox(self) -> ReferralQuerySet:
        """Referrals to this agency's services. Only the referral's own fields are for the
        receiving agency: never follow ``case`` from one (the referring agency's record).
        One about a restricted person is for the agency's service managers, who accept it
        naming the workers who may see the person, and then for those workers too."""
        self._require("referrals.receive_referral")
        received = Referral.objects.filter(receiving_agency=self.agency)
        if rules.test_rule("referrals.allocate_restricted_referral", self.membership):
            return received
        return received.named_at_receiver(self.user)

    def referral(self, referral_id: UUID | str) -> Referral:
        """One referral this agency made or received; the read is audited."""
        self._require("referrals.view_referral")
        sent = Q(pk__in=self.referrals.values("pk"))
        return self._referral(referral_id, sent | Q(pk__in=self.inbox.values("pk")))

    def received_referral(self, referral_id: UUID | str) -> Referral:
        """A referral to this agency, to accept or decline; 404 for any other."""
        return self._referral(referral_id, Q(pk__in=self.inbox.values("pk")))

    def sent_referral(self, referral_id: UUID | str) -> Referral:
        """A referral this agency made, to withdraw; 404 for any other."""
        self._require("referrals.make_referral")
        return self._referral(referral_id, Q(pk__in=self.referrals.values("pk")))

    def _referral(self, referral_id: UUID | str, where: Q) -> Referral:
        found = (
            Referral.objects.filter(where, pk=referral_id)
            .select_related(*REFERRAL_RELATIONS)
            .first()
        )
        return self._one(found, "referral.viewed")

    @property
    def consents(self) -> ConsentQuerySet:
        self._require("referrals.record_consent")
        return Consent.objects.filter(agency=self.agency).visible_to(self.user)

    def consent(self, consent_id: UUID | str) -> Consent:
        """One consent record of this agency; the read is audited."""
        found = self.consents.select_related("person").filter(pk=consent_id).first()
        return self._one(found, "consent.viewed")
