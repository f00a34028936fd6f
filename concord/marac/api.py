"""MARAC through the API: referrals, meetings, agendas, research and actions, with the
same scope, roles, services and audit as the pages. A representative gets the MARAC
summary of a listed case and nothing of the referring agency's records; a case whose
must-not-receive list names the caller (or their agency) is a 404, and the attempt is
audited. The victim's safe contact is never sent: it is shown on its page, on request."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency, User
from concord.core import audit
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice, fields_named, one_of
from concord.marac import repeats, services
from concord.marac.lifecycle import ACTION_STATUS_CHOICES, MARAC_STATUS_CHOICES
from concord.marac.models import (
    AgendaItem,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracMeetingQuerySet,
    MaracReferral,
    MaracReferralQuerySet,
    Research,
)
from concord.marac.scope import MaracScope
from concord.marac.vocabulary import CRITERIA, FEELS_SAFER

router = ApiRouter(tags=["marac"])

SHOWN_WITH_REFERRAL = ("area", "agency", "referred_by")
SHOWN_WITH_ITEM = ("meeting", *(f"referral__{name}" for name in SHOWN_WITH_REFERRAL))


# Schemas ------------------------------------------------------------------------------------


class PersonNamed(Input):
    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)
    date_of_birth: date | None = None


class VictimOut(Schema):
    given_name: str
    family_name: str
    date_of_birth: date | None
    age_when_referred: int


class MaracSummaryOut(Schema):
    """The MARAC summary of a case: all a representative sees."""

    id: UUID
    area: str
    status: str = Field(description=one_of(MARAC_STATUS_CHOICES))
    victim: VictimOut
    people_causing_harm: list[PersonNamed]
    children_count: int
    children_details: str
    score: int
    criteria: list[str] = Field(description=one_of(CRITERIA))
    risk_summary: str
    victim_fears: str
    is_repeat: bool
    previous_referred_on: date | None = Field(description="When a repeat: the earlier referral")
    referring_agency: str
    referred_on: date

    @staticmethod
    def resolve_area(referral: MaracReferral) -> str:
        return referral.area.name

    @staticmethod
    def resolve_victim(referral: MaracReferral) -> dict[str, Any]:
        return {
            "given_name": referral.given_name,
            "family_name": referral.family_name,
            "date_of_birth": referral.date_of_birth,
            "age_when_referred": referral.age_when_referred,
        }

    @staticmethod
    def resolve_people_causing_harm(referral: MaracReferral) -> list[Any]:
        return list(referral.people_causing_harm.all())

    @staticmethod
    def resolve_referring_agency(referral: MaracReferral) -> str:
        return referral.agency.name


class ReferralDetails(Schema):
    """What only the referring agency and the MARAC's coordinators see."""

    case_id: UUID | None = Field(description="The case referred; only to the referring agency")
    referred_by: str
    new_incident_criminal: bool
    victim_knows: bool
    victim_consented: bool
    no_consent_reason: str
    feels_safer: str = Field(description="At follow-up: " + one_of(FEELS_SAFER))
    followed_up_on: date | None
    must_not_receive_user_ids: list[UUID] | None = Field(description="Only to coordinators")
    must_not_receive_agency_ids: list[UUID] | None = Field(description="Only to coordinators")


class MaracReferralOut(MaracSummaryOut):
    details: ReferralDetails | None = Field(
        description="For the referring agency and the MARAC's coordinators; null otherwise"
    )

    @staticmethod
    def resolve_details(referral: MaracReferral, context: dict[str, Any]) -> dict[str, Any] | None:
        membership = context["request"].membership
        if not rules.test_rule("marac.see_whole_referral", membership, referral):
            return None
        coordinates = rules.test_rule("marac.coordinate", membership)
        referring = referral.agency_id == membership.agency_id
        return {
            "case_id": referral.case_id if referring else None,
            "referred_by": str(referral.referred_by),
            "new_incident_criminal": referral.new_incident_criminal,
            "victim_knows": referral.victim_knows,
            "victim_consented": referral.victim_consented,
            "no_consent_reason": referral.no_consent_reason,
            "feels_safer": referral.feels_safer,
            "followed_up_on": referral.followed_up_on,
            "must_not_receive_user_ids": [u.pk for u in referral.must_not_receive_users.all()]
            if coordinates
            else None,
            "must_not_receive_agency_ids": [a.pk for a in referral.must_not_receive_agencies.all()]
            if coordinates
            else None,
        }


class MaracReferralIn(Input):
    area: str = Field(description="The MARAC's slug")
    referred_on: date
    criteria: list[Annotated[str, choice(CRITERIA)]]
    score: int = Field(ge=0, le=27, description="The risk checklist's score")
    risk_summary: str = Field(max_length=2000)
    victim_fears: str = Field(max_length=2000)
    new_incident_criminal: bool = Field(
        description="Whether what led to the referral would be a crime if reported"
    )
    people_causing_harm: list[PersonNamed]
    children_count: int = Field(ge=0, le=30)
    children_details: str = Field(default="", max_length=2000)
    victim_knows: bool
    victim_consented: bool
    no_consent_reason: str = Field(default="", max_length=2000)
    safe_contact: str = Field(max_length=2000, description="Never sent back by the API")


class MustNotReceiveIn(Input):
    user_ids: list[UUID] = []
    agency_ids: list[UUID] = []


class FollowUpIn(Input):
    feels_safer: Annotated[str, choice(FEELS_SAFER)]
    followed_up_on: date


class MeetingOut(Schema):
    id: UUID
    area: str
    meets_on: date
    starts_at: time | None = Field(description="The time it starts, if set")
    venue: str = Field(description="Where it meets, or how to join it online")
    agencies: list[str] = Field(description="The agencies attending")
    cases: int = Field(description="Cases on the agenda you may see")

    @staticmethod
    def resolve_area(meeting: MaracMeeting) -> str:
        return meeting.area.name

    @staticmethod
    def resolve_agencies(meeting: MaracMeeting) -> list[str]:
        return [agency.name for agency in meeting.agencies.all()]

    @staticmethod
    def resolve_cases(meeting: MaracMeeting) -> int:
        return int(getattr(meeting, "cases", 0))


class MeetingIn(Input):
    meets_on: date
    starts_at: time | None = Field(default=None, description="The time it starts")
    venue: str = Field(default="", max_length=200, description="Where it meets")
    agency_ids: list[UUID] = Field(description="The agencies attending")


class AgendaIn(Input):
    referral_id: UUID


class ResearchOut(Schema):
    agency: str
    findings: str
    recorded_by: str
    updated_at: datetime

    @staticmethod
    def resolve_agency(research: Research) -> str:
        return research.agency.name

    @staticmethod
    def resolve_recorded_by(research: Research) -> str:
        return str(research.recorded_by)


class ActionOut(Schema):
    id: UUID
    agenda_item_id: UUID
    agency: str = Field(description="The agency it is assigned to")
    description: str
    due_on: date
    status: str = Field(description=one_of(ACTION_STATUS_CHOICES))
    outcome_on: date | None
    outcome_note: str

    @staticmethod
    def resolve_agenda_item_id(action: MaracAction) -> UUID:
        return action.item_id

    @staticmethod
    def resolve_agency(action: MaracAction) -> str:
        return action.agency.name


class AgendaItemOut(Schema):
    id: UUID
    meeting_id: UUID
    meets_on: date
    case: MaracSummaryOut = Field(description="The MARAC summary")
    discussion_summary: str
    heard_at: datetime | None
    research: list[ResearchOut]
    actions: list[ActionOut]

    @staticmethod
    def resolve_meets_on(item: AgendaItem) -> date:
        return item.meeting.meets_on

    @staticmethod
    def resolve_case(item: AgendaItem) -> MaracReferral:
        return item.referral

    @staticmethod
    def resolve_research(item: AgendaItem) -> list[Research]:
        return list(item.research.all())

    @staticmethod
    def resolve_actions(item: AgendaItem) -> list[MaracAction]:
        return list(item.actions.all())


class ResearchIn(Input):
    findings: str = Field(max_length=2000)


class DiscussionIn(Input):
    summary: str = Field(max_length=2000)


class ActionIn(Input):
    agency_id: UUID | None = Field(default=None, description="An agency attending the meeting")
    description: str = Field(max_length=2000)
    due_on: date


class OutcomeIn(Input):
    completed: bool
    outcome_on: date
    note: str = Field(default="", max_length=2000, description="Why, when not completed")


# Helpers ------------------------------------------------------------------------------------


def _listed(request: ConcordRequest[MaracScope]) -> None:
    """Lists are audited as the MARAC page is: that someone looked."""
    audit.record(
        "marac.listed", actor=request.user, agency=request.membership.agency, object_type="marac"
    )


def _require(request: ConcordRequest[MaracScope], rule_name: str) -> None:
    if not rules.test_rule(rule_name, request.membership):
        raise PermissionDenied


def _agencies(agency_ids: list[UUID], field: str) -> list[Agency]:
    wanted = set(agency_ids)
    found = list(Agency.objects.filter(pk__in=wanted, is_active=True))
    if len(found) != len(wanted):
        raise ValidationError({field: "Choose agencies in Concord"})
    return found


def _item_relations(items: Any) -> Any:
    return items.select_related(*SHOWN_WITH_ITEM).prefetch_related(
        "referral__people_causing_harm",
        "research__agency",
        "research__recorded_by",
        "actions__agency",
    )


# Referrals ----------------------------------------------------------------------------------


@router.get(
    "/marac/referrals", response=list[MaracReferralOut], summary="MARAC referrals you may see"
)
@paginate
def referrals(request: ConcordRequest[MaracScope]) -> MaracReferralQuerySet:
    found = request.scope.marac_referrals.select_related(*SHOWN_WITH_REFERRAL)
    _listed(request)
    return found.prefetch_related("people_causing_harm")


@router.post(
    "/cases/{case_id}/marac-referrals",
    response={201: MaracReferralOut},
    summary="Refer the victim on a case to a MARAC; whether it is a repeat is decided now",
)
def refer(
    request: ConcordRequest[MaracScope], case_id: UUID, payload: MaracReferralIn
) -> Status[MaracReferral]:
    _require(request, "marac.refer")
    case = request.scope.case(case_id)
    area = MaracArea.objects.filter(slug=payload.area, is_active=True).first()
    if area is None:
        raise ValidationError({"area": "Choose a MARAC in Concord by its slug"})
    values = payload.dict(exclude={"area", "people_causing_harm"})
    harm = [repeats.Party(**person.dict()) for person in payload.people_causing_harm]
    referral = services.refer_to_marac(
        request.user, case, area=area, people_causing_harm=harm, **values
    )
    return Status(201, referral)


@router.get(
    "/marac/referrals/{referral_id}",
    response=MaracReferralOut,
    summary="One MARAC referral (the read is audited)",
)
def get_referral(request: ConcordRequest[MaracScope], referral_id: UUID) -> MaracReferral:
    return request.scope.marac_referral(referral_id)


@router.put(
    "/marac/referrals/{referral_id}/must-not-receive",
    response=MaracReferralOut,
    summary="Who must never see the case: people, and agencies none of whose staff may",
)
def must_not_receive(
    request: ConcordRequest[MaracScope], referral_id: UUID, payload: MustNotReceiveIn
) -> MaracReferral:
    referral = request.scope.coordinated_marac_referral(referral_id)
    users = list(User.objects.filter(pk__in=set(payload.user_ids), is_active=True))
    if len(users) != len(set(payload.user_ids)):
        raise ValidationError({"user_ids": "Choose people with a Concord account"})
    agencies = _agencies(payload.agency_ids, "agency_ids")
    with fields_named({"users": "user_ids", "agencies": "agency_ids"}):
        return services.set_must_not_receive(
            request.membership, referral, users=users, agencies=agencies
        )


@router.post(
    "/marac/referrals/{referral_id}/follow-up",
    response=MaracReferralOut,
    summary="Whether the victim feels safer after the MARAC (the referring agency)",
)
def follow_up(
    request: ConcordRequest[MaracScope], referral_id: UUID, payload: FollowUpIn
) -> MaracReferral:
    referral = request.scope.referred_marac_referral(referral_id)
    return services.record_follow_up(request.user, referral, **payload.dict())


# Meetings -----------------------------------------------------------------------------------


@router.get(
    "/marac/meetings", response=list[MeetingOut], summary="Meetings you coordinate or attend"
)
@paginate
def meetings(request: ConcordRequest[MaracScope]) -> MaracMeetingQuerySet:
    visible = request.scope.agenda_items.values("pk")
    return (
        request.scope.marac_meetings.select_related("area")
        .prefetch_related("agencies")
        .annotate(cases=Count("items", filter=Q(items__in=visible)))
    )


@router.post(
    "/marac/areas/{slug}/meetings",
    response={201: MeetingOut},
    summary="Schedule a meeting of a MARAC your agency hosts",
)
def schedule(
    request: ConcordRequest[MaracScope], slug: str, payload: MeetingIn
) -> Status[MaracMeeting]:
    area = request.scope.marac_area(slug)
    agencies = _agencies(payload.agency_ids, "agency_ids")
    with fields_named({"agencies": "agency_ids"}):
        meeting = services.schedule_meeting(
            request.user,
            area,
            meets_on=payload.meets_on,
            agencies=agencies,
            starts_at=payload.starts_at,
            venue=payload.venue,
        )
    return Status(201, meeting)


@router.get(
    "/marac/meetings/{meeting_id}/agenda",
    response=list[AgendaItemOut],
    summary="The cases on a meeting's agenda, each as its MARAC summary",
)
def agenda(request: ConcordRequest[MaracScope], meeting_id: UUID) -> list[AgendaItem]:
    meeting = request.scope.marac_meeting(meeting_id)
    return list(_item_relations(request.scope.agenda_items.filter(meeting=meeting)))


@router.post(
    "/marac/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut},
    summary="Put a referral on a meeting's agenda (coordinators)",
)
def list_on_agenda(
    request: ConcordRequest[MaracScope], meeting_id: UUID, payload: AgendaIn
) -> Status[AgendaItem]:
    meeting = request.scope.coordinated_marac_meeting(meeting_id)
    referral = request.scope.coordinated_marac_referral(payload.referral_id)
    with fields_named({"meeting": "meeting_id"}):
        item = services.list_on_agenda(request.user, meeting, referral)
    return Status(201, item)


@router.get(
    "/marac/agenda-items/{item_id}",
    response=AgendaItemOut,
    summary="One case at its meeting: summary, research, discussion and actions",
)
def agenda_item(request: ConcordRequest[MaracScope], item_id: UUID) -> AgendaItem:
    return request.scope.agenda_item(item_id)


@router.put(
    "/marac/agenda-items/{item_id}/research",
    response=ResearchOut,
    summary="Your agency's research on a listed case, before the meeting",
)
def research(request: ConcordRequest[MaracScope], item_id: UUID, payload: ResearchIn) -> Research:
    _require(request, "marac.record_research")
    item = request.scope.agenda_item(item_id)
    return services.record_research(request.membership, item, findings=payload.findings)


@router.put(
    "/marac/agenda-items/{item_id}/discussion",
    response=AgendaItemOut,
    summary="The meeting's discussion of a case; the first records it as heard",
)
def discussion(
    request: ConcordRequest[MaracScope], item_id: UUID, payload: DiscussionIn
) -> AgendaItem:
    item = request.scope.coordinated_agenda_item(item_id)
    return services.record_discussion(request.user, item, summary=payload.summary)


@router.post(
    "/marac/agenda-items/{item_id}/actions",
    response={201: ActionOut},
    summary="Add an action to a heard case's action plan, for an agency attending",
)
def add_action(
    request: ConcordRequest[MaracScope], item_id: UUID, payload: ActionIn
) -> Status[MaracAction]:
    item = request.scope.coordinated_agenda_item(item_id)
    agency = Agency.objects.filter(pk=payload.agency_id).first() if payload.agency_id else None
    if payload.agency_id and agency is None:
        raise ValidationError({"agency_id": "Choose an agency in Concord"})
    with fields_named({"agency": "agency_id"}):
        action = services.assign_action(
            request.user,
            item,
            agency=agency,
            description=payload.description,
            due_on=payload.due_on,
        )
    return Status(201, action)


@router.get("/marac/actions", response=list[ActionOut], summary="Actions assigned to your agency")
@paginate
def actions(request: ConcordRequest[MaracScope]) -> Any:
    _listed(request)
    return request.scope.marac_actions.select_related("agency")


@router.post(
    "/marac/actions/{action_id}/outcome",
    response=ActionOut,
    summary="Record an action of your agency completed or not completed",
)
def action_outcome(
    request: ConcordRequest[MaracScope], action_id: UUID, payload: OutcomeIn
) -> MaracAction:
    action = request.scope.marac_action(action_id)
    return services.record_action_outcome(request.membership, action, **payload.dict())
