"""The help point's call log: calls taken without a person or case (an anonymous caller, a
friend asking for advice, a professional seeking guidance). No names are asked for. A call
turned into a person and case keeps a link to that case's first contact, which it became."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from concord.accounts.models import Service, ServiceKind
from concord.cases.models import local_day
from concord.core.models import AgencyScopedModel
from concord.helpline.vocabulary import CALL_REASONS, CALLER_TYPES, SERVICE_USERS

if TYPE_CHECKING:
    from concord.accounts.models import Membership


def help_points(membership: Membership) -> models.QuerySet[Service]:
    """The help point services a member logs calls for: those they work in, or every one of
    their agency's when they are not attached to a service (a manager)."""
    own = membership.services.filter(kind=ServiceKind.HELP_POINT, is_active=True)
    if membership.services.exists():
        return own
    return Service.objects.filter(
        agency_id=membership.agency_id, kind=ServiceKind.HELP_POINT, is_active=True
    )


class HelplineCallQuerySet(models.QuerySet["HelplineCall"]):
    def from_service_users(self) -> HelplineCallQuerySet:
        return self.filter(caller_type__in=SERVICE_USERS)

    def without_a_case(self) -> HelplineCallQuerySet:
        """Calls not turned into a case (those that were are counted as the case's contact)."""
        return self.filter(contact__isnull=True)


class HelplineCall(AgencyScopedModel):
    """One call to a help point service, logged without the caller's identity."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    called_at = models.DateTimeField()
    called_on = models.DateField(editable=False)  # the UK local day, for counting by index
    caller_type = models.CharField(max_length=30, choices=CALLER_TYPES)
    reason = models.CharField(max_length=40, choices=CALL_REASONS)
    advice_given = models.TextField(blank=True)
    signposted_to = models.JSONField(default=list, blank=True)
    signposted_other = models.CharField(max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contact = models.OneToOneField(
        "cases.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helpline_call",
        help_text="The first contact of the case the call was turned into",
    )

    objects = HelplineCallQuerySet.as_manager()

    class Meta:
        ordering = ["-called_at"]
        indexes = [
            models.Index(fields=["agency", "service", "called_at"]),
            models.Index(fields=["called_on", "caller_type"]),
        ]

    def __str__(self) -> str:
        return f"Helpline call on {self.called_at:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.called_on = local_day(self.called_at)
        super().save(*args, **kwargs)
