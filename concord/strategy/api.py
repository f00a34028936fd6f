"""The delivery plan through the API: the same rules, services and audit as the pages.
Readers of the plan list every action; a lead who is not one lists only their own. An
action's status changes only through an update (a body with a status and no progress is a
422), approved at once when the manager sends it."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import rules
from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice, one_of
from concord.domain.delivery import ACTION_STATUS_CHOICES, UPDATE_STATE_CHOICES
from concord.strategy import services
from concord.strategy.models import Action, ActionUpdate

router = ApiRouter(tags=["strategy"])


class PlanActionOut(Schema):
    id: UUID
    year: int = Field(description="The plan's financial year, by the calendar year it starts in")
    objective: str
    reference: str
    title: str
    lead: str
    lead_agency: str
    starts_on: date
    due_on: date
    status: str = Field(description=one_of(ACTION_STATUS_CHOICES))
    indicators: list[str] = Field(description="Codes of the catalogue's indicators")
    carried_from: UUID | None = None

    @staticmethod
    def resolve_year(action: Action) -> int:
        return action.plan.year

    @staticmethod
    def resolve_objective(action: Action) -> str:
        return str(action.objective)

    @staticmethod
    def resolve_lead(action: Action) -> str:
        return action.lead.full_name or action.lead.email

    @staticmethod
    def resolve_lead_agency(action: Action) -> str:
        return action.lead_agency.name

    @staticmethod
    def resolve_indicators(action: Action) -> list[str]:
        return [link.code for link in action.indicators.all()]

    @staticmethod
    def resolve_carried_from(action: Action) -> UUID | None:
        return action.carried_from_id


class UpdateIn(Input):
    written_on: date
    status: Annotated[str, choice(ACTION_STATUS_CHOICES)]
    progress: str = Field(min_length=1, max_length=10_000, description="Required with every status")
    links: list[str] = Field(default=[], max_length=20, description="Evidence: https:// links")


class UpdateOut(Schema):
    id: UUID
    written_on: date
    status: str = Field(description=one_of(ACTION_STATUS_CHOICES))
    progress: str
    state: str = Field(description=one_of(UPDATE_STATE_CHOICES))


def _actions(request: ConcordRequest) -> QuerySet[Action]:
    actions = Action.objects.select_related("plan", "objective", "lead", "lead_agency")
    actions = actions.prefetch_related("indicators")
    if rules.test_rule("strategy.view_plan", request.membership):
        return actions
    return actions.led_by(request.user)


@router.get("/actions", response=list[PlanActionOut], summary="Delivery-plan actions you may see")
@paginate
def list_actions(
    request: ConcordRequest,
    year: Annotated[int | None, Query(None, ge=2000, le=2100, description="A plan's year")] = None,
    status: Annotated[
        str,
        Query("", description="Empty for every status"),
        choice(ACTION_STATUS_CHOICES, blank=True),
    ] = "",
) -> QuerySet[Action]:
    actions = _actions(request)
    if year is not None:
        actions = actions.filter(plan__year=year)
    if status:
        actions = actions.filter(status=status)
    return actions.order_by("-plan__year", "reference", "pk")


def _action(request: ConcordRequest, action_id: UUID) -> Action:
    found = _actions(request).filter(pk=action_id).first()
    if found is None or not rules.test_rule("strategy.view_action", request.membership, found):
        raise Http404
    return found


@router.get("/actions/{action_id}", response=PlanActionOut, summary="One delivery-plan action")
def get_action(request: ConcordRequest, action_id: UUID) -> Action:
    return _action(request, action_id)


@router.post(
    "/actions/{action_id}/updates",
    response={201: UpdateOut},
    summary="Add an update: a lead's awaits approval, the partnership manager's is approved",
)
def add_update(request: ConcordRequest, action_id: UUID, payload: UpdateIn) -> Status[ActionUpdate]:
    found = _action(request, action_id)
    update = services.add_update(request.membership, found, **payload.dict())
    return Status(201, update)
