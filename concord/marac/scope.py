"""MARAC referrals, meetings, agendas and actions, through ``request.scope`` (ADR 0011).
See concord.marac.models for who sees what."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

import rules
from django.db.models import Model, Q, QuerySet
from django.http import Http404

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
from concord.risk.scope import RiskScope

M = TypeVar("M", bound=Model)
LISTING = "MARAC listing"


class MaracScope(RiskScope):
    """A MARAC referral draws on the case's risk assessments and incidents, so this scope
    builds on the risk scope."""

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
        return self._one(found, action)

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
        return self._one(self.marac_areas.filter(slug=slug).first())

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
        return self._one(found, "marac_meeting.viewed")

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
        item = self._marac_one(item, item.referral if item else None, "marac_case.viewed")
        referral = item.referral
        if referral.agency_id != self.agency.pk:  # the listing shares the alerts panel
            self._about(referral.case.person, (referral.agency.name, LISTING))
        return item

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
