"""Who the token acts as, and role requests: a role that sees case records is asked for by
one administrator and approved or refused by a second person, as on the pages."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status

from concord.accounts import services
from concord.accounts.grants import GrantStatus
from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency, RoleGrant, RoleGrantQuerySet, Team
from concord.accounts.roles import Role, needs_second_person
from concord.core.api_errors import ApiRouter, names_a_record, open_to_every_role
from concord.core.api_fields import Input, fields_named

router = ApiRouter(tags=["account"])


class MeOut(Schema):
    full_name: str
    email: str
    role: str
    agency: str


@router.get("/me", response=MeOut, summary="Who the token acts as")
@open_to_every_role
def me(request: ConcordRequest) -> MeOut:
    membership = request.membership
    return MeOut(
        full_name=request.user.full_name,
        email=request.user.email,
        role=membership.role,
        agency=membership.agency.name,
    )


class RoleRequestIn(Input):
    email: str = Field(max_length=254)
    full_name: str = Field(min_length=1, max_length=200, description="Kept for a new account")
    role: Role = Field(description="A role that sees case records")
    agency_id: UUID | None = Field(
        default=None,
        description="Your own agency when empty; another only for system administrators",
    )
    service_ids: list[UUID] = Field(default=[], description="Empty for all the agency's services")
    team_id: UUID | None = None


class RoleRequestOut(Schema):
    id: UUID
    person_name: str
    person_email: str
    agency_id: UUID
    agency_name: str
    role: Role
    service_ids: list[UUID]
    team_id: UUID | None
    status: GrantStatus
    requested_by: str | None = Field(description="Empty when Concord itself gave the role")
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None

    @staticmethod
    def from_grant(grant: RoleGrant) -> RoleRequestOut:
        return RoleRequestOut(
            id=grant.pk,
            person_name=grant.user.full_name,
            person_email=grant.user.email,
            agency_id=grant.agency_id,
            agency_name=grant.agency.name,
            role=Role(grant.role),
            service_ids=[service.pk for service in grant.services.all()],
            team_id=grant.team_id,
            status=grant.status_enum,
            requested_by=grant.requested_by.full_name if grant.requested_by else None,
            requested_at=grant.created_at,
            decided_by=grant.decided_by.full_name if grant.decided_by else None,
            decided_at=grant.decided_at,
        )


def _require(request: ConcordRequest, rule_name: str) -> None:
    if not rules.test_rule(rule_name, request.membership):
        raise PermissionDenied


def _agency(request: ConcordRequest, agency_id: UUID | None) -> Agency:
    """The agency asked for: the token's own, or (for system administrators) any."""
    own: Agency = request.membership.agency
    if agency_id is None or agency_id == own.pk:
        return own
    if not rules.test_rule("accounts.manage_agencies", request.membership):
        raise Http404
    return get_object_or_404(Agency, pk=agency_id)


def _grants(request: ConcordRequest) -> RoleGrantQuerySet:
    return RoleGrant.objects.reviewed_by(request.membership).select_related(
        "user", "agency", "requested_by", "decided_by"
    )


@router.post(
    "/role-requests",
    response={201: RoleRequestOut},
    summary="Ask for a role that sees case records (a second person approves)",
)
@names_a_record
def request_role(request: ConcordRequest, payload: RoleRequestIn) -> Status[RoleRequestOut]:
    _require(request, "accounts.manage_users")
    agency = _agency(request, payload.agency_id)
    try:
        validate_email(payload.email)
    except ValidationError:
        raise ValidationError({"email": "Enter an email address like name@example.org"}) from None
    if not needs_second_person(payload.role):
        raise ValidationError({"role": "This role sees no case records: give it on the Users page"})
    chosen = list(agency.services.filter(pk__in=payload.service_ids, is_active=True))
    if len(chosen) != len(set(payload.service_ids)):
        raise ValidationError({"service_ids": "Name active services of the agency"})
    team = None
    if payload.team_id is not None:
        team = Team.objects.filter(agency=agency, pk=payload.team_id).first()
        if team is None:
            raise ValidationError({"team_id": "Name a team of the agency"})
    with fields_named({"services": "service_ids", "team": "team_id"}):
        grant = services.request_role_grant(
            request.membership,
            agency,
            email=payload.email,
            full_name=payload.full_name,
            role=payload.role,
            services=chosen,
            team=team,
        )
    return Status(201, RoleRequestOut.from_grant(grant))


@router.get(
    "/role-requests",
    response={200: list[RoleRequestOut]},
    summary="Role requests you may see, newest first",
)
def list_role_requests(
    request: ConcordRequest, status: GrantStatus | None = None
) -> list[RoleRequestOut]:
    _require(request, "accounts.review_role_grants")
    grants = _grants(request).prefetch_related("services").order_by("-created_at")
    if status is not None:
        grants = grants.filter(status=status)
    return [RoleRequestOut.from_grant(grant) for grant in grants]


@router.post(
    "/role-requests/{grant_id}/approve",
    response={200: RoleRequestOut},
    summary="Approve a role request (not your own, nor one for you)",
)
def approve_role_request(request: ConcordRequest, grant_id: UUID) -> RoleRequestOut:
    _require(request, "accounts.review_role_grants")
    grant = get_object_or_404(_grants(request), pk=grant_id)
    return RoleRequestOut.from_grant(services.approve_role_grant(request.membership, grant))


@router.post(
    "/role-requests/{grant_id}/refuse",
    response={200: RoleRequestOut},
    summary="Refuse a role request (not your own, nor one for you)",
)
def refuse_role_request(request: ConcordRequest, grant_id: UUID) -> RoleRequestOut:
    _require(request, "accounts.review_role_grants")
    grant = get_object_or_404(_grants(request), pk=grant_id)
    return RoleRequestOut.from_grant(services.refuse_role_grant(request.membership, grant))
