"""The one way into person-level records.

A Scope belongs to a request (``request.scope``) or an API call. It yields only the
records of the signed-in membership's agency, raises PermissionDenied (403) for a role that
may not see such records at all, and Http404 for a record outside the agency. Every read
of a single person-level record is written to the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import Http404

from concord.accommodation.models import HOUSING_RELATIONS, HousingRecord, HousingRecordQuerySet
from concord.accounts.models import ServiceKind
from concord.cases.models import Case, CaseQuerySet, ImportBatch
from concord.core import audit
from concord.people.models import Person, PersonQuerySet
from concord.referrals.models import Consent, ConsentQuerySet, Referral, ReferralQuerySet
from concord.training.models import TrainingSession, TrainingSessionQuerySet

if TYPE_CHECKING:
    from concord.accounts.models import Membership, User


class Scope:
    def __init__(self, user: User, membership: Membership) -> None:
        self.user = user
        self.membership = membership
        self.agency = membership.agency

    def _require(self, rule_name: str) -> None:
        if not rules.test_rule(rule_name, self.membership):
            raise PermissionDenied

    @property
    def people(self) -> PersonQuerySet:
        self._require("people.view_person")
        return Person.objects.filter(agency=self.agency).visible_to(self.user)

    def browse_people(self, search: str = "") -> PersonQuerySet:
        """People listed or searched for on a page or through the API. The audit trail
        records that someone browsed or searched, never what they typed."""
        people = self.people
        if search:
            people = people.search(search)
        action = "people.searched" if search else "people.listed"
        audit.record(action, actor=self.user, agency=self.agency, object_type="people.person")
        return people

    def person(self, person_id: UUID | str) -> Person:
        """One person of this agency; the read is audited."""
        person = self.people.filter(pk=person_id).first()
        if person is None:
            raise Http404
        audit.record("person.viewed", actor=self.user, agency=self.agency, target=person)
        return person

    def person_history(self, person_id: UUID | str) -> Person:
        """A person whose audit history the user may read (managers only)."""
        self._require("people.view_person_history")
        return self.person(person_id)

    @property
    def cases(self) -> CaseQuerySet:
        self._require("cases.view_case")
        return Case.objects.filter(agency=self.agency).visible_to(self.user)

    @property
    def import_batches(self) -> QuerySet[ImportBatch]:
        self._require("cases.import_records")
        return ImportBatch.objects.filter(agency=self.agency)

    def import_batch(self, batch_id: UUID | str) -> ImportBatch:
        """One import of this agency; its quarantined rows hold personal data, so the read
        is audited."""
        batch = self.import_batches.filter(pk=batch_id).first()
        if batch is None:
            raise Http404
        audit.record("import.viewed", actor=self.user, agency=self.agency, target=batch)
        return batch

    def case(self, case_id: UUID | str) -> Case:
        """One case of this agency, with its person and service; the read is audited."""
        case = self.cases.select_related("person", "service", "lead_professional")
        found = case.filter(pk=case_id).first()
        if found is None:
            raise Http404
        audit.record("case.viewed", actor=self.user, agency=self.agency, target=found)
        return found

    @property
    def housing_records(self) -> HousingRecordQuerySet:
        self._require("accommodation.view_housing")
        return HousingRecord.objects.filter(agency=self.agency).visible_to(self.user)

    def housing_case(self, case_id: UUID | str) -> Case:
        """One case of this agency at a housing service, with its housing record and
        sanctuary measures; 404 for any other case. The read is audited (as a case)."""
        self._require("accommodation.view_housing")
        case = self.case(case_id)
        if case.service.kind != ServiceKind.HOUSING:
            raise Http404
        prefetch_related_objects([case], *HOUSING_RELATIONS)
        return case

    @property
    def training_sessions(self) -> TrainingSessionQuerySet:
        """Training and awareness sessions the agency delivered (not person-level)."""
        self._require("training.view_session")
        return TrainingSession.objects.filter(agency=self.agency)

    def training_session(self, session_id: UUID | str) -> TrainingSession:
        found = self.training_sessions.filter(pk=session_id).first()
        if found is None:
            raise Http404
        return found

    @property
    def referrals(self) -> ReferralQuerySet:
        """Referrals this agency made."""
        self._require("referrals.view_referral")
        return Referral.objects.filter(agency=self.agency).visible_to(self.user)

    @property
    def inbox(self) -> ReferralQuerySet:
        """Referrals to this agency's services. Only the referral's own fields are for the
        receiving agency: never follow ``case`` from one (the referring agency's record)."""
        self._require("referrals.receive_referral")
        return Referral.objects.filter(receiving_agency=self.agency)

    def referral(self, referral_id: UUID | str) -> Referral:
        """One referral this agency made or received; the read is audited."""
        self._require("referrals.view_referral")
        sent = Q(pk__in=self.referrals.values("pk"))
        return self._referral(referral_id, sent | Q(receiving_agency=self.agency))

    def received_referral(self, referral_id: UUID | str) -> Referral:
        """A referral to this agency, to accept or decline; 404 for any other."""
        self._require("referrals.receive_referral")
        return self._referral(referral_id, Q(receiving_agency=self.agency))

    def sent_referral(self, referral_id: UUID | str) -> Referral:
        """A referral this agency made, to withdraw; 404 for any other."""
        self._require("referrals.make_referral")
        return self._referral(referral_id, Q(pk__in=self.referrals.values("pk")))

    def _referral(self, referral_id: UUID | str, where: Q) -> Referral:
        found = (
            Referral.objects.filter(where, pk=referral_id)
            .select_related(
                "agency",
                "referring_service",
                "referred_by",
                "lead_professional",
                "to_service",
                "receiving_agency",
                "consent",
                "decided_by",
            )
            .first()
        )
        if found is None:
            raise Http404
        audit.record("referral.viewed", actor=self.user, agency=self.agency, target=found)
        return found

    @property
    def consents(self) -> ConsentQuerySet:
        self._require("referrals.record_consent")
        return Consent.objects.filter(agency=self.agency).visible_to(self.user)

    def consent(self, consent_id: UUID | str) -> Consent:
        """One consent record of this agency; the read is audited."""
        found = self.consents.select_related("person").filter(pk=consent_id).first()
        if found is None:
            raise Http404
        audit.record("consent.viewed", actor=self.user, agency=self.agency, target=found)
        return found
