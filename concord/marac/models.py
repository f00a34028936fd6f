"""MARACs: areas, referrals to them with the people causing harm they name, meetings and
their agendas, each agency's research, and the actions of the action plan.

Who sees what (DOMAIN §4, §13; the rules live in the QuerySets below and reach pages and
the API only through ``request.scope``):

- the **referring agency** sees the referrals it made (restricted victims: only their
  named workers);
- the **coordinators** of a MARAC are the MARAC coordinators of the agency that hosts it
  (``MaracArea.hosted_by``): they see every referral to it, whichever agency made it;
- **representatives** of an agency attending a meeting see the cases on that meeting's
  agenda, and of each only the MARAC summary;
- nobody sees a referral whose "must not receive" list names them or their agency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from concord.core.models import AgencyScopedModel, BaseModel
from concord.marac import repeats
from concord.marac.lifecycle import (
    ACTION_STATUS_CHOICES,
    MARAC_STATUS_CHOICES,
    ActionStatus,
    MaracStatus,
)
from concord.marac.vocabulary import FEELS_SAFER, HIGHEST_SCORE
from concord.people import reference as ref

if TYPE_CHECKING:
    from concord.accounts.models import Agency, Membership, User


# What a MARAC referral's pages read with it, from the referral or through an agenda item
# or an action.
MARAC_REFERRAL_RELATIONS = ("area", "agency", "referred_by")
AGENDA_REFERRAL_RELATIONS = tuple(f"referral__{name}" for name in MARAC_REFERRAL_RELATIONS)
ACTION_REFERRAL_RELATIONS = tuple(f"item__{name}" for name in AGENDA_REFERRAL_RELATIONS)


class MaracArea(BaseModel):
    """One MARAC (a city, a county) and the figures it is measured against."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    hosted_by = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The agency whose MARAC coordinators run this MARAC",
    )
    adult_female_population = models.PositiveIntegerField(
        help_text="Females aged 16 and over living in the area (for cases per 10,000)"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "MARAC area"

    def __str__(self) -> str:
        return self.name


class MaracReferralQuerySet(models.QuerySet["MaracReferral"]):
    def made_by(self, agency: Agency, user: User) -> MaracReferralQuerySet:
        """The agency's own referrals; of restricted victims, only for their named workers."""
        from concord.people.models import Person

        named = Person.objects.filter(named_workers=user).values("pk")
        return self.filter(agency=agency).filter(
            Q(case__person__is_restricted=False) | Q(case__person_id__in=named)
        )

    def to_areas_hosted_by(self, agency: Agency) -> MaracReferralQuerySet:
        return self.filter(area__hosted_by=agency)

    def listed_for(self, agency: Agency) -> MaracReferralQuerySet:
        """Cases on the agenda of a meeting the agency attends."""
        return self.filter(agenda_item__meeting__agencies=agency)

    def kept_from(self, membership: Membership) -> MaracReferralQuerySet:
        """Referrals whose must-not-receive list names the user or their agency."""
        return self.filter(
            Q(must_not_receive_users=membership.user)
            | Q(must_not_receive_agencies=membership.agency_id)
        )

    def not_kept_from(self, membership: Membership) -> MaracReferralQuerySet:
        return self.exclude(pk__in=self.model.objects.kept_from(membership).values("pk"))

    def waiting(self) -> MaracReferralQuerySet:
        return self.filter(status=MaracStatus.REFERRED)


class MaracReferral(AgencyScopedModel):
    """A referral of a case to a MARAC (``agency`` is the referring agency). What it tells
    the MARAC about the victim and the people causing harm is copied onto it when it is
    made, so the MARAC never reads the referring agency's records."""

    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField()
    criteria = models.JSONField(help_text="vocabulary.CRITERIA codes")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(HIGHEST_SCORE)])
    risk_summary = models.TextField()
    victim_fears = models.TextField(help_text="Who the victim fears")
    new_incident_criminal = models.BooleanField(
        help_text="Whether what led to the referral would be a crime if reported"
    )

    # The victim, copied from the referring agency's record when referred.
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    age_when_referred = models.PositiveSmallIntegerField()
    sex = models.CharField(max_length=40, choices=ref.SEXES)
    gender_same_as_birth = models.CharField(max_length=40, choices=ref.GENDER_SAME_AS_BIRTH_CHOICES)
    ethnicity = models.CharField(max_length=40, choices=ref.ETHNICITY_CHOICES)
    sexual_orientation = models.CharField(max_length=40, choices=ref.SEXUAL_ORIENTATIONS)
    disability = models.CharField(max_length=40, choices=ref.DISABILITY)

    children_count = models.PositiveSmallIntegerField(help_text="Children in the household")
    children_details = models.TextField(blank=True)
    victim_knows = models.BooleanField(help_text="The victim knows of the referral")
    victim_consented = models.BooleanField()
    no_consent_reason = models.TextField(blank=True)
    safe_contact = models.TextField(help_text="How to reach the victim safely: sensitive")

    status = models.CharField(
        max_length=20, choices=MARAC_STATUS_CHOICES, default=MaracStatus.REFERRED
    )
    is_repeat = models.BooleanField()
    repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_referred_on = models.DateField(
        null=True, blank=True, help_text="When a repeat: the date of the earlier referral"
    )
    repeat_definition = models.CharField(
        max_length=20, choices=[(d, d.label) for d in repeats.Definition]
    )

    must_not_receive_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+"
    )
    must_not_receive_agencies = models.ManyToManyField(
        "accounts.Agency", blank=True, related_name="+"
    )

    feels_safer = models.CharField(
        max_length=20, choices=FEELS_SAFER, blank=True, help_text="Asked at follow-up"
    )
    followed_up_on = models.DateField(null=True, blank=True)

    objects = MaracReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-created_at"]
        verbose_name = "MARAC referral"
        indexes = [
            models.Index(fields=["area", "referred_on"]),
            models.Index(fields=["area", "status"]),
            models.Index(fields=["agency", "referred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="marac_consent_needs_knowledge",
                condition=Q(victim_knows=True) | Q(victim_consented=False),
            ),
            models.CheckConstraint(
                name="marac_repeat_names_the_earlier",
                condition=Q(is_repeat=False, previous_referred_on__isnull=True)
                | Q(is_repeat=True, previous_referred_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"MARAC referral of {self.referred_on:%Y-%m-%d}"

    @property
    def victim_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def status_enum(self) -> MaracStatus:
        return MaracStatus(self.status)

    def is_kept_from(self, membership: Membership) -> bool:
        return MaracReferral.objects.kept_from(membership).filter(pk=self.pk).exists()


class PersonCausingHarm(AgencyScopedModel):
    """A person causing harm named on a MARAC referral, copied when it was made. They are
    never told of the referral: nothing in Concord is shown to them."""

    referral = models.ForeignKey(
        MaracReferral, on_delete=models.CASCADE, related_name="people_causing_harm"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class MaracMeetingQuerySet(models.QuerySet["MaracMeeting"]):
    def hosted_by(self, agency: Agency) -> MaracMeetingQuerySet:
        return self.filter(area__hosted_by=agency)

    def attended_by(self, agency: Agency) -> MaracMeetingQuerySet:
        return self.filter(agencies=agency)


class MaracMeeting(BaseModel):
    """One meeting of a MARAC: its date, the agencies attending and (through its agenda
    items) the cases it hears."""

    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="meetings")
    meets_on = models.DateField()
    starts_at = models.TimeField(null=True, blank=True, help_text="The time it starts")
    venue = models.CharField(
        max_length=200, blank=True, help_text="Where it meets, or how to join it online"
    )
    agencies = models.ManyToManyField(
        "accounts.Agency", related_name="+", help_text="The agencies attending"
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MaracMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-meets_on"]
        constraints = [
            models.UniqueConstraint(fields=["area", "meets_on"], name="marac_meeting_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.area} on {self.meets_on:%Y-%m-%d}"


class AgendaItem(AgencyScopedModel):
    """A case on a meeting's agenda (``agency`` hosts the MARAC): what the meeting
    discussed and, through its actions, the action plan."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="items")
    referral = models.OneToOneField(
        MaracReferral, on_delete=models.PROTECT, related_name="agenda_item"
    )
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    discussion_summary = models.TextField(blank=True)
    heard_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Agenda item of {self.meeting}"


class Research(AgencyScopedModel):
    """What one agency (``agency``) found in its own records about a listed case, recorded
    before the meeting."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="research")
    findings = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "research"
        constraints = [
            models.UniqueConstraint(fields=["item", "agency"], name="research_once_per_agency")
        ]

    def __str__(self) -> str:
        return f"Research by {self.agency_id}"


class MaracActionQuerySet(models.QuerySet["MaracAction"]):
    def open(self) -> MaracActionQuerySet:
        return self.filter(status=ActionStatus.OPEN)


class MaracAction(AgencyScopedModel):
    """One action of a case's action plan, assigned to an agency (``agency``), due by a
    date, and followed until recorded as completed or not completed."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    due_on = models.DateField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ACTION_STATUS_CHOICES, default=ActionStatus.OPEN
    )
    outcome_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = MaracActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self) -> str:
        return f"Action due {self.due_on:%Y-%m-%d}"

    @property
    def status_enum(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def completed_on_time(self) -> bool:
        return (
            self.status == ActionStatus.COMPLETED
            and self.outcome_on is not None
            and self.outcome_on <= self.due_on
        )
