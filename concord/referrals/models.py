"""Consent records (DOMAIN §13) and referrals from a case to another service in Concord or
to an agency outside it. A referral belongs to the referring agency; the receiving agency
sees only the referral's own fields (what it shares), never the referring records."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.db import models

from concord.core.models import AgencyScopedModel
from concord.people import reference as ref
from concord.referrals import consent as rules_of_consent
from concord.referrals.lifecycle import STATUS_CHOICES, ReferralStatus, Side, allowed_next
from concord.referrals.vocabulary import CONSENT_PURPOSES, SAFEGUARDING_BASES

if TYPE_CHECKING:
    from concord.accounts.models import Agency, Membership, Service, User

# Nobody decides a referral they sent: someone else at the receiving service weighs it.
DECISIONS = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED})
OWN_REFERRAL = (
    "You made this referral, so someone else at the receiving service must accept or decline it"
)


def _visible_people(user: User) -> Any:
    """Ids of the restricted people for whom ``user`` is a named worker."""
    from concord.people.models import Person

    return Person.objects.filter(named_workers=user).values("pk")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def for_person(self, person_id: UUID | str) -> ConsentQuerySet:
        return self.filter(person_id=person_id)

    def for_purpose(self, purpose: str) -> ConsentQuerySet:
        return self.filter(purpose=purpose)

    def valid_on(self, day: date) -> ConsentQuerySet:
        """Given, started, not expired and not withdrawn on ``day`` (see referrals.consent)."""
        return self.filter(given=True, given_on__lte=day).exclude(
            models.Q(expires_on__lte=day) | models.Q(withdrawn_on__lte=day)
        )

    def visible_to(self, user: User) -> ConsentQuerySet:
        """Consents of restricted people only for the people's named workers."""
        return self.filter(
            models.Q(person__is_restricted=False) | models.Q(person_id__in=_visible_people(user))
        )


class Consent(AgencyScopedModel):
    """What a person agreed to (or refused): for which purpose, which agencies it covers,
    from when, until when, whether it was withdrawn, and who recorded it."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=40, choices=CONSENT_PURPOSES)
    agencies = models.ManyToManyField(
        "accounts.Agency",
        blank=True,
        related_name="+",
        help_text="The agencies it covers; none means any agency, for this purpose",
    )
    outside_agency = models.CharField(
        max_length=200, blank=True, help_text="An agency outside Concord it names"
    )
    given = models.BooleanField(help_text="Given, or refused")
    given_on = models.DateField(help_text="The day the person gave or refused consent")
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["agency", "person", "purpose"])]

    def __str__(self) -> str:
        decision = "given" if self.given else "refused"
        return f"Consent to {self.get_purpose_display().lower()} {decision} on {self.given_on}"

    @property
    def terms(self) -> rules_of_consent.ConsentTerms:
        return rules_of_consent.ConsentTerms(
            self.given, self.given_on, self.expires_on, self.withdrawn_on
        )

    def problem_on(self, day: date) -> rules_of_consent.ConsentProblem | None:
        return rules_of_consent.problem_on(self.terms, day)

    def is_valid_on(self, day: date) -> bool:
        return rules_of_consent.is_valid_on(self.terms, day)

    def covers(self, *, agency: Agency | None = None, outside_agency: str = "") -> bool:
        """Whether it covers sharing with ``agency`` or with a named outside agency. Reads
        ``agencies``: prefetch it when checking many."""
        return rules_of_consent.covers(
            {named.pk for named in self.agencies.all()},
            self.outside_agency,
            agency=agency.pk if agency is not None else None,
            outside_agency=outside_agency,
        )


class ReferralQuerySet(models.QuerySet["Referral"]):
    def with_status(self, status: ReferralStatus | str) -> ReferralQuerySet:
        return self.filter(status=ReferralStatus(status))

    def to_services(self, services: models.QuerySet[Service]) -> ReferralQuerySet:
        return self.filter(to_service__in=services)

    def visible_to(self, user: User) -> ReferralQuerySet:
        """Referrals about restricted people only for the people's named workers (on the
        referring side: the receiving side sees only what the referral shares)."""
        return self.filter(
            models.Q(case__person__is_restricted=False)
            | models.Q(case__person_id__in=_visible_people(user))
        )

    def named_at_receiver(self, user: User) -> ReferralQuerySet:
        """Received referrals not about restricted people, or accepted with ``user`` among
        the workers named for the receiving agency's copy of the person."""
        return self.filter(
            models.Q(person_restricted=False)
            | models.Q(created_case__person_id__in=_visible_people(user))
        )


# What a referral is shown with (its page, the API's answers): fetched with it in one query.
REFERRAL_RELATIONS = (
    "agency",
    "referring_service",
    "referred_by",
    "lead_professional",
    "to_service",
    "receiving_agency",
    "consent",
    "decided_by",
)


class Referral(AgencyScopedModel):
    """A referral from a case (``agency`` is the referring agency) to a service in Concord
    or to an agency outside it. The person's details it shares are copied onto it, so the
    receiving agency never reads the referring agency's records."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    referring_service = models.ForeignKey(
        "accounts.Service", on_delete=models.PROTECT, related_name="+"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField()
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The referring case's lead, named so the person does not retell their story",
    )

    to_service = models.ForeignKey(
        "accounts.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outside_agency = models.CharField(max_length=200, blank=True)

    # What the referral shares about the person, copied when it is made.
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=40, choices=ref.SEXES, default=ref.NOT_KNOWN)
    summary = models.CharField(max_length=1000, help_text="What the receiving service needs")
    # The person's record was restricted to named workers when referred (DOMAIN §13): at the
    # receiving agency the referral is for its service managers, and its copy of the person
    # for the workers they name on accepting it.
    person_restricted = models.BooleanField(default=False)

    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    safeguarding_basis = models.CharField(max_length=40, choices=SAFEGUARDING_BASES, blank=True)
    safeguarding_reason = models.CharField(max_length=1000, blank=True)

    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=ReferralStatus.PENDING)
    decline_reason = models.CharField(max_length=40, choices=ref.DECLINE_REASONS, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_at"]
        indexes = [
            models.Index(fields=["receiving_agency", "status", "referred_at"]),
            models.Index(fields=["agency", "status", "referred_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="referral_goes_to_one_place",
                condition=(
                    models.Q(to_service__isnull=False, outside_agency="")
                    | (models.Q(to_service__isnull=True) & ~models.Q(outside_agency=""))
                ),
            ),
            models.CheckConstraint(
                name="referral_has_a_lawful_basis",
                condition=(
                    models.Q(consent__isnull=False, safeguarding_basis="")
                    | (
                        models.Q(consent__isnull=True)
                        & ~models.Q(safeguarding_basis="")
                        & ~models.Q(safeguarding_reason="")
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.destination}"

    @property
    def destination(self) -> str:
        return self.to_service.name if self.to_service else self.outside_agency

    @property
    def person_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def status_enum(self) -> ReferralStatus:
        return ReferralStatus(self.status)

    @property
    def is_outside_concord(self) -> bool:
        return self.to_service_id is None

    def sides_of(self, agency_id: UUID) -> set[Side]:
        """Which side of the referral an agency is on: referring, receiving, or both for a
        referral within one agency; none for any other agency."""
        sides = set()
        if agency_id == self.agency_id:
            sides.add(Side.REFERRING)
        if agency_id == self.receiving_agency_id:
            sides.add(Side.RECEIVING)
        return sides

    def made_by(self, user_id: object) -> bool:
        return self.referred_by_id == user_id

    def next_steps_for(self, acting_as: Membership) -> list[ReferralStatus]:
        """What ``acting_as`` may do next: by the agency's side, and never a decision on a
        referral the user made."""
        steps = allowed_next(self.status, self.sides_of(acting_as.agency_id))
        if self.made_by(acting_as.user_id):
            steps = [step for step in steps if step not in DECISIONS]
        return steps


class ReferredChild(AgencyScopedModel):
    """A child of the case who goes with the referral (``agency`` is the referring agency).
    What it shares about them is copied when the referral is made, like the person's own
    details; the receiving agency never reads the referring agency's record of the child."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    # The referring case's child, for a referral within one agency (where the receiving
    # service's case takes the same person); never shown to another agency.
    case_child = models.ForeignKey(
        "cases.CaseChild", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is not known, as given then"
    )
    sex = models.CharField(max_length=40, choices=ref.SEXES, default=ref.NOT_KNOWN)
    person_restricted = models.BooleanField(default=False)
    # The child's person at the receiving agency once the referral is accepted: with
    # ``case_child`` it joins the child's two records, so figures count the child once
    # (as the referral joins the adult's). Never shown to the referring agency.
    received_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "given_name"]

    def __str__(self) -> str:
        return f"A child referred with {self.referral_id}"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"
