"""Agencies, their services and teams, the people who use Concord, and their roles."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from concord.accounts.grants import GRANT_STATUS_CHOICES, GrantStatus
from concord.accounts.roles import CASE_WORK_ROLES, SECOND_PERSON_ROLES, Role
from concord.core.models import BaseModel


class AgencyKind(models.TextChoices):
    POLICE = "police", "Police"
    SPECIALIST_DA_PROVIDER = "specialist_da_provider", "Specialist domestic abuse provider"
    HOUSING = "housing", "Housing"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    HEALTH = "health", "Health"
    PROBATION = "probation", "Probation"
    EDUCATION = "education", "Education"
    COMMISSIONER = "commissioner", "Commissioner (local authority)"
    OTHER = "other", "Other"


class ServiceKind(models.TextChoices):
    HELP_POINT = "help_point", "Help point: helpline, counselling, outreach and IDVAs"
    HOUSING = "housing", "Housing (Safe Home)"
    FAMILY = "family", "Family service (0 to 19)"
    PERPETRATOR_PROGRAMME = "perpetrator_programme", "Perpetrator programme"
    REFUGE = "refuge", "Refuge and safe accommodation"
    OTHER = "other", "Other"


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class Agency(BaseModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Service(BaseModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=ServiceKind.choices)
    is_active = models.BooleanField(default=True)
    takes_online_referrals = models.BooleanField(
        default=False,
        help_text="The help point whose inbox the public self-referral and professionals' "
        "referral forms send to (one in the partnership)",
    )

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="service_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """Someone who signs in to Concord. Signs in by email; never deleted, only deactivated."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        """Django's admin is for system administrators only."""
        return self.memberships.filter(role=Role.SYSTEM_ADMINISTRATOR, is_active=True).exists()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        """Roles in use. A role that sees person-level records is never in use beside an
        active system administrator role of the same person (separation of duties)."""
        administers = Membership.objects.filter(
            user=models.OuterRef("user"), role=Role.SYSTEM_ADMINISTRATOR, is_active=True
        )
        return self.filter(is_active=True, agency__is_active=True).exclude(
            models.Q(role__in=SECOND_PERSON_ROLES) & models.Exists(administers)
        )

    def case_workers(self, agency: Agency) -> MembershipQuerySet:
        """Active memberships of ``agency`` in roles that work with person-level records."""
        return self.active().filter(agency=agency, role__in=CASE_WORK_ROLES)


class Membership(BaseModel):
    """A user's role at one agency, optionally limited to some of its services."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    services = models.ManyToManyField(Service, blank=True, related_name="memberships")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    is_active = models.BooleanField(default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_label} at {self.agency}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return self.role_enum.label


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def pending(self) -> RoleGrantQuerySet:
        return self.filter(status=GrantStatus.PENDING)

    def at(self, agency: Agency) -> RoleGrantQuerySet:
        return self.filter(agency=agency)

    def reviewed_by(self, membership: Membership) -> RoleGrantQuerySet:
        """What a manager sees: every agency's for a system administrator, otherwise their
        own agency's."""
        if membership.role == Role.SYSTEM_ADMINISTRATOR:
            return self.all()
        return self.at(membership.agency)

    def awaiting(self, membership: Membership) -> RoleGrantQuerySet:
        """Pending grants this manager is told of: neither asked for by them nor for them."""
        return (
            self.reviewed_by(membership)
            .pending()
            .exclude(requested_by=membership.user)
            .exclude(user=membership.user)
        )


class RoleGrant(BaseModel):
    """A role that sees person-level records, asked for by one person and approved or
    refused by another (separation of duties). ``requested_by`` and ``decided_by`` are
    empty only when Concord itself gave the role (demo data, management commands)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(max_length=40, choices=ROLE_CHOICES)
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(
        max_length=20, choices=GRANT_STATUS_CHOICES, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="grants"
    )

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(status=GrantStatus.PENDING),
                name="role_grant_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role_label} at {self.agency} ({self.status_label.lower()})"

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def status_enum(self) -> GrantStatus:
        return GrantStatus(self.status)

    @property
    def status_label(self) -> str:
        return self.status_enum.label


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(BaseModel):
    """A personal API token. Only its SHA-256 hash is stored; the key is shown once."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "cnc_" + secrets.token_urlsafe(32)
