"""People an agency supports or records: victims/survivors, people causing harm, children
and young people; their names, equality monitoring, relationships and contact safety."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from concord.core.models import AgencyScopedModel
from concord.people import reference as ref
from concord.people.matching import name_keys, phone_digits

NOT_KNOWN = "not_known"


def _choice(
    vocabulary: tuple[tuple[str, str], ...], **kwargs: object
) -> models.CharField[str, str]:
    return models.CharField(max_length=40, choices=vocabulary, default=NOT_KNOWN, **kwargs)  # type: ignore[arg-type]


class PersonQuerySet(models.QuerySet["Person"]):
    def search(self, text: str) -> PersonQuerySet:
        """People found by name, date of birth, phone number or a reference
        (concord.people.search)."""
        from concord.people.search import search_query

        return self.filter(search_query(text)[1]).distinct()

    def visible_to(self, user: object) -> PersonQuerySet:
        """Restricted people (e.g. partner-agency staff) only for their named workers."""
        return self.filter(models.Q(is_restricted=False) | models.Q(named_workers=user))

    def hidden_from(self, user: object) -> PersonQuerySet:
        """Restricted people ``user`` is not a named worker for."""
        return self.filter(is_restricted=True).exclude(models.Q(named_workers=user))


class Person(AgencyScopedModel):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # Sound-alike keys (people.matching.name_keys) for search-before-create.
    given_name_keys = models.CharField(max_length=200, blank=True, editable=False)
    family_name_keys = models.CharField(max_length=200, blank=True, editable=False)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is not known"
    )
    approximate_age_on = models.DateField(null=True, blank=True)

    is_victim_survivor = models.BooleanField(default=False)
    is_person_causing_harm = models.BooleanField(default=False)
    is_child_young_person = models.BooleanField(default=False)

    sex = _choice(ref.SEXES)
    gender_same_as_birth = _choice(ref.GENDER_SAME_AS_BIRTH_CHOICES)
    ethnicity = _choice(ref.ETHNICITY_CHOICES)
    religion = _choice(ref.RELIGIONS)
    disability = _choice(ref.DISABILITY)
    sexual_orientation = _choice(ref.SEXUAL_ORIENTATIONS)
    marital_status = _choice(ref.MARITAL_STATUSES)
    first_language = models.CharField(max_length=60, blank=True)
    area = models.CharField(
        max_length=60,
        blank=True,
        help_text="Where the person lives, as a ward or postcode district (never a full "
        "postcode): for figures by area",
    )
    needs_interpreter = _choice(ref.YES_NO_NOT_KNOWN)
    immigration_status = _choice(ref.IMMIGRATION_STATUSES)
    no_recourse_to_public_funds = _choice(ref.YES_NO_NOT_KNOWN)
    pregnant = _choice(ref.YES_NO_NOT_KNOWN)

    is_restricted = models.BooleanField(
        default=False, help_text="Visible only to named workers (e.g. a partner agency's staff)"
    )
    named_workers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["agency", "family_name", "given_name"])]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        self.area = ref.normal_area(self.area)
        if ref.FULL_POSTCODE.fullmatch(self.area):
            raise ValidationError(
                {"area": "Enter the postcode district only (like LE2), not the full postcode"}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.given_name_keys = name_keys(self.given_name)
        self.family_name_keys = name_keys(self.family_name)
        super().save(*args, **kwargs)

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth:
            born = self.date_of_birth
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if self.approximate_age is not None and self.approximate_age_on:
            return self.approximate_age + (day - self.approximate_age_on).days // 365
        return None


class PersonAlias(AgencyScopedModel):
    """Another name someone is known by: an alias, a previous name, a spelling variant."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Relationship(AgencyScopedModel):
    """How one person relates to another in the same agency's records (stored both ways)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=ref.RELATIONSHIP_KINDS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="relationship_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} is {self.get_kind_display()} of {self.other}"


class ContactSafety(AgencyScopedModel):
    """How to reach someone safely. Address and safe contact details are sensitive: masked
    on every page until someone reveals them with a reason, and each reveal is audited."""

    SENSITIVE_FIELDS = ("current_address", "safe_phone", "safe_email", "refuge_location")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="contact_safety")
    current_address = models.TextField(blank=True)
    safe_phone = models.CharField(max_length=40, blank=True)
    safe_phone_digits = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    safe_email = models.EmailField(blank=True)
    refuge_location = models.TextField(blank=True)
    safe_to_leave_message = _choice(ref.YES_NO_NOT_KNOWN)
    safe_times = models.CharField(max_length=200, blank=True)
    words_to_use = models.CharField(
        max_length=200, blank=True, help_text="What to say if someone else answers"
    )

    def __str__(self) -> str:
        return f"Contact safety for {self.person_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.safe_phone_digits = phone_digits(self.safe_phone)
        super().save(*args, **kwargs)


class Correction(AgencyScopedModel):
    """A correction of one of a person's identifying details (UK GDPR rectification): the
    value before and after, who made it, when and why, shown in the record's history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["-corrected_at", "-created_at"]

    def __str__(self) -> str:
        return f"Correction of {self.field} for {self.person_id}"
