from __future__ import annotations

from typing import Any

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from concord.accounts.models import Agency, AgencyKind, Membership, Service, ServiceKind, User
from concord.accounts.roles import Role

PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    kind = AgencyKind.SPECIALIST_DA_PROVIDER


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    kind = ServiceKind.HELP_POINT


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"worker{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Worker {n}")

    @factory.post_generation
    def password(user: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Role.PRACTITIONER


def enrol_authenticator(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
