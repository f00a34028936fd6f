"""The one way into person-level records.

A Scope belongs to a request (``request.scope``) or an API call. It yields only the
records of the signed-in membership's agency, raises PermissionDenied (403) for a role that
may not see such records at all, and Http404 for a record outside the agency. Every read
of a single person-level record is written to the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from concord.accommodation.models import HOUSING_RELATIONS, HousingRecord, HousingRecordQuerySet
from concord.accounts.models import ServiceKind
from concord.cases.models import Case, CaseQuerySet, ImportBatch
from concord.commissioning.models import Contract, ContractQuerySet, QuarterlyReturn
from concord.core import audit
from concord.marac.models import (
    ACTION_REFERRAL_RELATIONS,
    AGENDA_REFERRAL_RELATIONS,
    MARAC_REFERRAL_RELATIONS,
    AgendaItem,
    MaracAction,
    MaracActionQuerySet,
    MaracArea,
    MaracMeeting,
    MaracMeetingQuerySet,
    MaracReferral,
    MaracReferralQuerySet,
)
from concord.people.models import Person, PersonQuerySet
from concord.referrals.models import Consent, ConsentQuerySet, Referral, ReferralQuerySet
from concord.risk.models import (
    Incident,
    IncidentQuerySet,
    RiskAssessment,
    RiskAssessmentQuerySet,
)
from concord.submissions.models import (
    QuarantinedSubmissionRow,
    Submission,
    SubmissionQuerySet,
)
from concord.training.models import TrainingSession, TrainingSessionQuerySet

if TYPE_CHECKING:
    from concord.accounts.models import Membership, User

M = TypeVar("M", bound=Model)


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

    # Partnership data: data officers their own agency's files, analysts every agency's ---

    @property
    def submissions(self) -> SubmissionQuerySet:
        """Files sent by partner agencies: a data officer's own agency's; every agency's for
        an analyst, who sees their counts only."""
        self._require("submissions.view")
        found = Submission.objects.select_related("agency", "submitted_by")
        if rules.test_rule("submissions.view_every_agency", self.membership):
            return found.all()
        return found.of_agency(self.agency.pk)

    def submission(self, submission_id: UUID | str) -> Submission:
        found = self.submissions.filter(pk=submission_id).first()
        if found is None:
            raise Http404
        return found

    def sent_submission(self, submission_id: UUID | str) -> Submission:
        """A file this agency sent, for its data officer to follow and fix; 404 for any
        other."""
        self._require("submissions.send")
        return self.submission(submission_id)

    def kept_back_row(
        self, submission_id: UUID | str, row_id: UUID | str
    ) -> QuarantinedSubmissionRow:
        """A row of this agency's file waiting in quarantine (its values stay sealed until
        concord.submissions.vault opens them, audited)."""
        submission = self.sent_submission(submission_id)
        found = QuarantinedSubmissionRow.objects.waiting().filter(submission=submission, pk=row_id)
        row = found.select_related("submission__agency").first()
        if row is None:
            raise Http404
        return row

    def case(self, case_id: UUID | str) -> Case:
        """One case of this agency, with its person and service; the read is audited."""
        case = self.cases.select_related("person", "service", "lead_professional")
        found = case.filter(pk=case_id).first()
        if found is None:
            raise Http404
        audit.record("case.viewed", actor=self.user, agency=self.agency, target=found)
        return found

    @property
    def risk_assessments(self) -> RiskAssessmentQuerySet:
        self._require("risk.view_assessment")
        return RiskAssessment.objects.filter(agency=self.agency).visible_to(self.user)

    def risk_assessment(self, assessment_id: UUID | str) -> RiskAssessment:
        """One risk assessment of this agency, with its case and checklist; the read is
        audited."""
        assessments = self.risk_assessments.select_related("case__person", "instrument")
        found = assessments.filter(pk=assessment_id).first()
        if found is None:
            raise Http404
        audit.record("risk.assessment_viewed", actor=self.user, agency=self.agency, target=found)
        return found

    @property
    def incidents(self) -> IncidentQuerySet:
        """Domestic abuse incidents recorded on this agency's cases."""
        self._require("risk.view_assessment")
        return Incident.objects.filter(agency=self.agency).visible_to(self.user)

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

    # Commissioning: the commissioner's own contracts, or the provider's -----------------

    @property
    def contracts(self) -> ContractQuerySet:
        """Contracts the agency owns (contract monitoring officers) or provides (service
        managers)."""
        self._require("commissioning.view_contract")
        if rules.test_rule("commissioning.manage_contract", self.membership):
            return Contract.objects.owned_by(self.agency)
        return Contract.objects.provided_by(self.agency)

    def contract(self, contract_id: UUID | str) -> Contract:
        found = self.contracts.select_related("provider", "agency").filter(pk=contract_id).first()
        if found is None:
            raise Http404
        return found

    def managed_contract(self, contract_id: UUID | str) -> Contract:
        self._require("commissioning.manage_contract")
        return self.contract(contract_id)

    def quarterly_return(self, return_id: UUID | str) -> QuarterlyReturn:
        """A return of one of the agency's contracts; 404 for any other."""
        found = QuarterlyReturn.objects.filter(contract__in=self.contracts.values("pk"))
        found = found.select_related("contract__provider", "contract__agency").filter(pk=return_id)
        quarterly_return = found.first()
        if quarterly_return is None:
            raise Http404
        return quarterly_return

    def provided_return(self, return_id: UUID | str) -> QuarterlyReturn:
        self._require("commissioning.submit_return")
        return self.quarterly_return(return_id)

    def reviewed_return(self, return_id: UUID | str) -> QuarterlyReturn:
        self._require("commissioning.review_return")
        return self.quarterly_return(return_id)

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

    # MARAC: see concord.marac.models for who sees what -----------------------------------

    def _marac_reach(self) -> MaracReferralQuerySet:
        """Every MARAC referral the membership's agency and role reach, before the
        must-not-receive lists are applied."""
        referrals = MaracReferral.objects
        reach = Q(pk__in=referrals.made_by(self.agency, self.user).values("pk"))
        if rules.test_rule("marac.coordinate", self.membership):
            reach |= Q(pk__in=referrals.to_areas_hosted_by(self.agency).values("pk"))
        if rules.test_rule("marac.represent_agency", self.membership):
            reach |= Q(pk__in=referrals.listed_for(self.agency).values("pk"))
        return referrals.filter(reach)

    @property
    def marac_referrals(self) -> MaracReferralQuerySet:
        """MARAC referrals the membership may see, none kept from it by a must-not-receive
        list."""
        self._require("marac.view_referral")
        return self._marac_reach().not_kept_from(self.membership)

    def _marac_one(self, found: M | None, referral: MaracReferral | None, action: str) -> M:
        """One MARAC record, read and audited; 404 when there is none or when the case's
        must-not-receive list keeps it from the user, and that attempt is audited too."""
        if found is None or referral is None:
            raise Http404
        if referral.is_kept_from(self.membership):
            audit.record(
                "marac.access_refused",
                actor=self.user,
                agency=self.agency,
                target=found,
                reason="must_not_receive",
            )
            raise Http404
        audit.record(action, actor=self.user, agency=self.agency, target=found)
        return found

    def marac_referral(self, referral_id: UUID | str) -> MaracReferral:
        self._require("marac.view_referral")
        found = self._marac_reach().select_related(*MARAC_REFERRAL_RELATIONS)
        referral = found.filter(pk=referral_id).first()
        return self._marac_one(referral, referral, "marac_referral.viewed")

    def referred_marac_referral(self, referral_id: UUID | str) -> MaracReferral:
        """A MARAC referral this agency made (to follow up); 404 for any other."""
        self._require("marac.refer")
        found = MaracReferral.objects.made_by(self.agency, self.user)
        referral = found.select_related(*MARAC_REFERRAL_RELATIONS).filter(pk=referral_id).first()
        return self._marac_one(referral, referral, "marac_referral.viewed")

    def coordinated_marac_referral(self, referral_id: UUID | str) -> MaracReferral:
        """A referral to a MARAC this agency hosts, for its coordinators; 404 for any other."""
        self._require("marac.coordinate")
        found = MaracReferral.objects.to_areas_hosted_by(self.agency)
        referral = found.select_related(*MARAC_REFERRAL_RELATIONS).filter(pk=referral_id).first()
        return self._marac_one(referral, referral, "marac_referral.viewed")

    @property
    def marac_areas(self) -> QuerySet[MaracArea]:
        """The MARACs this agency hosts (coordinators)."""
        self._require("marac.coordinate")
        return MaracArea.objects.filter(hosted_by=self.agency, is_active=True)

    def marac_area(self, slug: str) -> MaracArea:
        found = self.marac_areas.filter(slug=slug).first()
        if found is None:
            raise Http404
        return found

    @property
    def marac_meetings(self) -> MaracMeetingQuerySet:
        """Meetings of the MARACs this agency hosts (coordinators) or attends
        (representatives)."""
        self._require("marac.view_meeting")
        if rules.test_rule("marac.coordinate", self.membership):
            return MaracMeeting.objects.hosted_by(self.agency)
        return MaracMeeting.objects.attended_by(self.agency)

    def marac_meeting(self, meeting_id: UUID | str) -> MaracMeeting:
        """One meeting; its agenda lists cases, so the read is audited."""
        found = self.marac_meetings.select_related("area").filter(pk=meeting_id).first()
        if found is None:
            raise Http404
        audit.record("marac_meeting.viewed", actor=self.user, agency=self.agency, target=found)
        return found

    def coordinated_marac_meeting(self, meeting_id: UUID | str) -> MaracMeeting:
        self._require("marac.coordinate")
        return self.marac_meeting(meeting_id)

    @property
    def agenda_items(self) -> QuerySet[AgendaItem]:
        """Cases on the agendas of the membership's meetings, none kept from it."""
        visible = self.marac_referrals.values("pk")
        meetings = self.marac_meetings.values("pk")
        return AgendaItem.objects.filter(meeting__in=meetings, referral__in=visible)

    def agenda_item(self, item_id: UUID | str) -> AgendaItem:
        """One case on the agenda of one of the membership's meetings; the read is audited."""
        meetings = self.marac_meetings.values("pk")
        found = AgendaItem.objects.filter(meeting__in=meetings, pk=item_id)
        item = found.select_related("meeting__area", *AGENDA_REFERRAL_RELATIONS).first()
        return self._marac_one(item, item.referral if item else None, "marac_case.viewed")

    def coordinated_agenda_item(self, item_id: UUID | str) -> AgendaItem:
        self._require("marac.coordinate")
        return self.agenda_item(item_id)

    @property
    def marac_actions(self) -> MaracActionQuerySet:
        """Actions assigned to this agency on cases it may see (representatives)."""
        self._require("marac.record_action_outcome")
        items = self.agenda_items.values("pk")
        return MaracAction.objects.filter(agency=self.agency, item__in=items)

    def marac_action(self, action_id: UUID | str) -> MaracAction:
        """An action assigned to this agency, to record its outcome; 404 for any other."""
        self._require("marac.record_action_outcome")
        meetings = self.marac_meetings.values("pk")
        found = MaracAction.objects.filter(agency=self.agency, item__meeting__in=meetings)
        found = found.filter(pk=action_id)
        action = found.select_related("item__meeting", *ACTION_REFERRAL_RELATIONS).first()
        referral = action.item.referral if action else None
        return self._marac_one(action, referral, "marac_action.viewed")
