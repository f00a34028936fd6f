"""Referrals sent from outside Concord (DOMAIN §17): a victim's self-referral and a
professional's online referral, both from public forms without an account. Each lands in
the inbox of the help point that takes online referrals, with a clock running until the
first contact, and becomes a person and case only when a worker accepts it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core.models import AgencyScopedModel
from concord.inbox import vocabulary as words
from concord.referrals.vocabulary import SAFEGUARDING_BASES


class OnlineReferral(AgencyScopedModel):
    """One form sent to the help point. ``reference`` is what the sender is told; it is
    random, so it says nothing of how many referrals there are."""

    service = models.ForeignKey("accounts.Service", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=words.KINDS)
    reference = models.CharField(max_length=12, unique=True, editable=False)
    received_at = models.DateTimeField()

    # The person to contact (the victim, whoever sent the form).
    name = models.CharField(max_length=100, help_text="Their name, or what to call them")
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    contact_method = models.CharField(max_length=20, choices=words.CONTACT_METHODS)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(max_length=200, blank=True)
    safe_times = models.CharField(max_length=300, blank=True)
    never = models.JSONField(default=list, blank=True, help_text="Codes of inbox NEVER")
    never_other = models.CharField(max_length=300, blank=True)
    danger_now = models.CharField(max_length=20, choices=words.DANGER_NOW)
    language = models.CharField(max_length=100, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    more = models.TextField(blank=True, max_length=4000)

    # A professional's referral: who sent it, and on what basis.
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referrer_email = models.EmailField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referral_source = models.CharField(
        max_length=40, blank=True, help_text="A code of REFERRAL_SOURCES: the referrer's kind"
    )
    consent_given = models.BooleanField(null=True, blank=True)
    safeguarding_basis = models.CharField(max_length=40, choices=SAFEGUARDING_BASES, blank=True)
    safeguarding_reason = models.CharField(max_length=1000, blank=True)
    risk_instrument = models.ForeignKey(
        "risk.Instrument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk_answers = models.JSONField(default=dict, blank=True)
    risk_score = models.PositiveSmallIntegerField(null=True, blank=True)

    # What the help point did with it.
    status = models.CharField(max_length=20, choices=words.STATUSES, default=words.NEW)
    first_contact_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker first reached the person"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=40, choices=words.CLOSE_REASONS, blank=True)
    case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="online_referral",
        help_text="The case it became when accepted",
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "service", "status", "received_at"])]

    def __str__(self) -> str:
        return f"Online referral {self.reference}"


class OnlineReferralFile(AgencyScopedModel):
    """A file a professional attached, stored as case documents are (under
    CONCORD_DATA_DIR by a name of its own; ``kind`` is what its content is)."""

    referral = models.ForeignKey(OnlineReferral, on_delete=models.CASCADE, related_name="files")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)
    size = models.PositiveIntegerField(help_text="In bytes")
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"File {self.pk}"
