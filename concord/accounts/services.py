"""Every change to agencies, accounts, roles (with the second person a role that sees case
records needs), MFA devices and API tokens. Each function
runs in one transaction, takes the acting user and writes its audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.grants import GRANT_LIFECYCLE, GrantStatus
from concord.accounts.models import (
    Agency,
    ApiToken,
    Membership,
    RoleGrant,
    Service,
    Team,
    User,
    hash_token,
)
from concord.accounts.roles import SECOND_PERSON_ROLES, Role, needs_second_person
from concord.core import audit
from concord.core.lifecycle import IllegalTransition

API_TOKEN_LIFETIME = timedelta(days=90)


@transaction.atomic
def create_agency(actor: User, *, name: str, slug: str, kind: str) -> Agency:
    agency = Agency.objects.create(name=name, slug=slug, kind=kind)
    audit.record("agency.created", actor=actor, agency=agency, target=agency)
    return agency


@transaction.atomic
def add_service(actor: User, agency: Agency, *, name: str, kind: str) -> Service:
    service = Service.objects.create(agency=agency, name=name, kind=kind)
    audit.record("service.created", actor=actor, agency=agency, target=service)
    return service


@transaction.atomic
def add_team(actor: User, agency: Agency, *, name: str, service: Service | None) -> Team:
    team = Team.objects.create(agency=agency, name=name, service=service)
    audit.record("team.created", actor=actor, agency=agency, target=team)
    return team


@transaction.atomic
def add_member(
    acting_as: Membership | None,
    agency: Agency,
    *,
    email: str,
    full_name: str,
    role: str,
    services: list[Service] | tuple[Service, ...] = (),
    team: Team | None = None,
) -> Membership:
    """Give someone a role at an agency, creating their account if it is new. A new
    account has no usable password until they follow a set-password link.

    A role that sees person-level records needs a second person (``request_role_grant``);
    only Concord itself (``acting_as`` None: demo data, management commands) gives one at
    once, and its grant is kept as given by Concord."""
    if acting_as is not None and needs_second_person(Role(role)):
        raise PermissionDenied("A role that sees case records needs a second person's approval")
    user = _account(acting_as, agency, email=email, full_name=full_name)
    _refuse_duties_together(user, role)
    membership = _give_role(
        acting_as.user if acting_as else None, user, agency, role, services=services, team=team
    )
    if acting_as is None and needs_second_person(Role(role)):
        grant = RoleGrant.objects.create(
            user=user,
            agency=agency,
            role=role,
            team=team,
            status=GrantStatus.APPROVED,
            decided_at=timezone.now(),
            membership=membership,
        )
        grant.services.set(services)
        audit.record("role_grant.approved", agency=agency, target=grant, changes=["status"])
    return membership


@transaction.atomic
def request_role_grant(
    acting_as: Membership,
    agency: Agency,
    *,
    email: str,
    full_name: str,
    role: str,
    services: list[Service] | tuple[Service, ...] = (),
    team: Team | None = None,
) -> RoleGrant:
    """Ask for someone to be given a role that sees person-level records. Nothing is given
    until a second person approves (``approve_role_grant``); nobody asks for themselves."""
    if not needs_second_person(Role(role)):
        raise ValueError(f"{role} is given at once, with add_member")
    if email.strip().lower() == acting_as.user.email:
        raise ValidationError(
            {"email": "You cannot ask for a role that sees case records for yourself"}
        )
    user = _account(acting_as, agency, email=email, full_name=full_name)
    _refuse_duties_together(user, role)
    if Membership.objects.filter(user=user, agency=agency, role=role, is_active=True).exists():
        raise ValidationError({"role": f"{user} already has this role at {agency}"})
    if RoleGrant.objects.pending().filter(user=user, agency=agency, role=role).exists():
        raise ValidationError({"role": "A request for this role is already waiting for approval"})
    grant = RoleGrant.objects.create(
        user=user, agency=agency, role=role, team=team, requested_by=acting_as.user
    )
    grant.services.set(services)
    audit.record(
        "role_grant.requested",
        actor=acting_as.user,
        agency=agency,
        target=grant,
        changes=["role", "services", "team"],
    )
    return grant


def may_decide_grant(acting_as: Membership, grant: RoleGrant) -> bool:
    """A second person decides: a system administrator, or an administrator or service
    manager of the grant's agency; never whoever asked, nor the person it is for."""
    if acting_as.user_id in (grant.requested_by_id, grant.user_id):
        return False
    role = acting_as.role_enum
    if role is Role.SYSTEM_ADMINISTRATOR:
        return True
    if acting_as.agency_id != grant.agency_id:
        return False
    if role is Role.AGENCY_ADMINISTRATOR:
        return may_manage_account(acting_as, grant.user)
    return role is Role.SERVICE_MANAGER


@transaction.atomic
def approve_role_grant(acting_as: Membership, grant: RoleGrant) -> RoleGrant:
    """Give the role asked for: the membership starts now."""
    grant = _decide(acting_as, grant, GrantStatus.APPROVED)
    _refuse_duties_together(grant.user, grant.role)
    grant.membership = _give_role(
        acting_as.user,
        grant.user,
        grant.agency,
        grant.role,
        services=list(grant.services.all()),
        team=grant.team,
    )
    grant.save(update_fields=["status", "decided_by", "decided_at", "membership", "updated_at"])
    audit.record(
        "role_grant.approved",
        actor=acting_as.user,
        agency=grant.agency,
        target=grant,
        changes=["status"],
    )
    return grant


@transaction.atomic
def refuse_role_grant(acting_as: Membership, grant: RoleGrant) -> RoleGrant:
    grant = _decide(acting_as, grant, GrantStatus.REFUSED)
    grant.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(
        "role_grant.refused",
        actor=acting_as.user,
        agency=grant.agency,
        target=grant,
        changes=["status"],
    )
    return grant


def _decide(acting_as: Membership, grant: RoleGrant, target: GrantStatus) -> RoleGrant:
    """Lock the grant, check the decider and the move, and note who decided and when."""
    locked = RoleGrant.objects.select_for_update().select_related("user", "agency").get(pk=grant.pk)
    if not may_decide_grant(acting_as, locked):
        raise PermissionDenied("A different administrator or the agency's service manager decides")
    try:
        GRANT_LIFECYCLE.check(locked.status, target)
    except IllegalTransition as error:
        raise ValidationError(str(error)) from None
    locked.status = target
    locked.decided_by = acting_as.user
    locked.decided_at = timezone.now()
    return locked


def _account(acting_as: Membership | None, agency: Agency, *, email: str, full_name: str) -> User:
    """The account with this email address, made (without a password) if it is new."""
    email = email.strip().lower()
    user = User.objects.filter(email=email).first()
    if user is not None:
        _require_may_manage(acting_as, user)
        return user
    user = User.objects.create_user(email=email, full_name=full_name.strip())
    audit.record(
        "account.created", actor=acting_as.user if acting_as else None, agency=agency, target=user
    )
    return user


def _refuse_duties_together(user: User, role: str) -> None:
    """Nobody holds system administration and a role that sees case records at once."""
    held = Membership.objects.filter(user=user, is_active=True)
    if needs_second_person(Role(role)) and held.filter(role=Role.SYSTEM_ADMINISTRATOR).exists():
        raise ValidationError(
            {"role": "A system administrator cannot also have a role that sees case records"}
        )
    if role == Role.SYSTEM_ADMINISTRATOR and held.filter(role__in=SECOND_PERSON_ROLES).exists():
        raise ValidationError(
            {"role": "Someone with a role that sees case records cannot be a system administrator"}
        )


def _give_role(
    actor: User | None,
    user: User,
    agency: Agency,
    role: str,
    *,
    services: list[Service] | tuple[Service, ...],
    team: Team | None,
) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, agency=agency, role=role, defaults={"team": team}
    )
    if not created:
        membership.is_active = True
        membership.team = team
        membership.save(update_fields=["is_active", "team", "updated_at"])
    membership.services.set(services)
    audit.record(
        "membership.granted",
        actor=actor,
        agency=agency,
        target=membership,
        changes=["role", "services", "team"],
    )
    return membership


@transaction.atomic
def end_membership(acting_as: Membership, membership: Membership) -> None:
    _require_may_manage(acting_as, membership.user)
    actor = acting_as.user
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit.record(
        "membership.ended",
        actor=actor,
        agency=membership.agency,
        target=membership,
        changes=["is_active"],
    )


def may_manage_account(acting_as: Membership, user: User) -> bool:
    """System administrators manage any account. An agency administrator manages an account
    only when all its roles are at their own agency and none is system administrator, so
    nobody can take over an account of another agency by adding it a role."""
    if acting_as.role == Role.SYSTEM_ADMINISTRATOR:
        return True
    roles = Membership.objects.filter(user=user)
    outside = roles.exclude(agency=acting_as.agency) | roles.filter(role=Role.SYSTEM_ADMINISTRATOR)
    return not outside.exists()


def _require_may_manage(acting_as: Membership | None, user: User) -> None:
    """``acting_as`` is None only for Concord itself (management commands, demo data)."""
    if acting_as is not None and not may_manage_account(acting_as, user):
        raise PermissionDenied("Only a system administrator can change this account")


@dataclass(frozen=True)
class SetPasswordLink:
    path: str
    expires_at: datetime


@transaction.atomic
def reset_password(acting_as: Membership, user: User) -> SetPasswordLink:
    """Withdraw the user's password and give the administrator a one-time link to pass on
    (by a channel they trust) so the user can choose a new one."""
    _require_may_manage(acting_as, user)
    actor, agency = acting_as.user, acting_as.agency
    user.set_unusable_password()
    user.save(update_fields=["password", "updated_at"])
    audit.record(
        "account.password_reset", actor=actor, agency=agency, target=user, changes=["password"]
    )
    return set_password_link(user)


def set_password_link(user: User) -> SetPasswordLink:
    from django.conf import settings

    path = reverse(
        "accounts:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    expires = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    return SetPasswordLink(path=path, expires_at=expires)


@transaction.atomic
def set_own_password(user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    audit.record("account.password_set", actor=user, target=user, changes=["password"])


@transaction.atomic
def reset_mfa(acting_as: Membership, user: User) -> None:
    """Remove the user's authenticator app; they enrol a new one at next sign-in."""
    _require_may_manage(acting_as, user)
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        "account.mfa_reset",
        actor=acting_as.user,
        agency=acting_as.agency,
        target=user,
        changes=["mfa"],
    )


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up, made on first request."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(user: User, device: TOTPDevice) -> None:
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record("auth.mfa_enrolled", actor=user, target=user, changes=["mfa"])


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str


@transaction.atomic
def create_api_token(actor: User, membership: Membership, *, name: str) -> IssuedToken:
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor,
        membership=membership,
        name=name,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=hash_token(key),
        expires_at=timezone.now() + API_TOKEN_LIFETIME,
    )
    audit.record("api_token.created", actor=actor, agency=membership.agency, target=token)
    return IssuedToken(token=token, key=key)


@transaction.atomic
def revoke_api_token(actor: User, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        "api_token.revoked",
        actor=actor,
        agency=token.membership.agency,
        target=token,
        changes=["revoked_at"],
    )
