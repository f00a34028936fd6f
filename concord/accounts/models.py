"""Agencies, their services and teams, the people who use Concord, and their roles."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from concord.accounts.roles import CASE_WORK_ROLES, Role
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
        return self.filter(is_active=True, agency__is_active=True)

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
