"""Retention: the monthly listing of people whose records are due, a service manager's
decision on each, and anonymising the approved ones, a person a transaction.

A person's records are due once every app's retention rule is past for them (each app's
``kept``, concord.people.personal_data): anonymising one episode while a newer one is kept
would leave the record half blank for the workers who still rely on it. Anonymising keeps
every row and every field that figures count, so the figures of a closed period do not
change; the audit trail records who and when by ids and names no values, and is never
edited.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from concord.accounts.models import Agency, User
from concord.core import audit
from concord.dataprotection.models import RetentionReview, ReviewStatus
from concord.people.models import Person
from concord.people.personal_data import HOLDINGS

# A held person is listed again this long after the hold.
HOLD_LASTS = timedelta(days=365)
STILL_LISTED = (ReviewStatus.DUE, ReviewStatus.APPROVED, ReviewStatus.ANONYMISED)


class NotDue(ValueError):
    """The review is not waiting for a decision (decided already, or anonymised)."""


def past_retention(today: date) -> QuerySet[Person]:
    """People whom no app's retention rule keeps on ``today``."""
    people = Person.objects.all()
    for holding in HOLDINGS.in_order():
        if holding.kept is not None:
            people = people.exclude(holding.kept(today))
    return people


def people_due(today: date) -> QuerySet[Person]:
    """People past retention and not listed already (a hold lasts HOLD_LASTS)."""
    listed = RetentionReview.objects.filter(
        Q(status__in=STILL_LISTED)
        | Q(status=ReviewStatus.HELD, decided_at__date__gt=today - HOLD_LASTS)
    )
    return past_retention(today).exclude(pk__in=listed.values("person"))


def list_due(today: date | None = None) -> int:
    """The monthly job: list every person due for a manager's review, a chunk a
    transaction; returns how many were listed."""
    today = today or timezone.localdate()
    listed = 0
    while chunk := list(
        people_due(today).values_list("pk", "agency_id")[: settings.RETENTION_CHUNK_PEOPLE]
    ):
        try:
            _list(chunk, today)
        except IntegrityError:  # another worker is listing the same people
            break
        listed += len(chunk)
    return listed


@transaction.atomic
def _list(chunk: list[tuple[UUID, UUID]], today: date) -> None:
    for person_id, agency_id in chunk:
        RetentionReview.objects.create(agency_id=agency_id, person_id=person_id, listed_on=today)
        audit.record(
            "retention.listed",
            object_type="people.person",
            object_id=person_id,
            agency=Agency(pk=agency_id),
        )


@transaction.atomic
def decide(
    actor: User, agency: Agency, reviews: Iterable[RetentionReview], *, approve: bool, reason: str
) -> int:
    """A manager approves ``reviews`` for anonymising, or holds them with ``reason``."""
    decided = 0
    for review in reviews:
        if review.status != ReviewStatus.DUE:
            raise NotDue(f"{review} was decided already")
        review.status = ReviewStatus.APPROVED if approve else ReviewStatus.HELD
        review.hold_reason = "" if approve else reason
        review.decided_by = actor
        review.decided_at = timezone.now()
        review.save()
        audit.record(
            f"retention.{review.status}",
            actor=actor,
            agency=agency,
            object_type="people.person",
            object_id=review.person_id,
        )
        decided += 1
    return decided


def anonymise_approved(today: date | None = None) -> int:
    """Anonymise every approved person, one transaction each; returns how many."""
    today = today or timezone.localdate()
    done = 0
    approved = RetentionReview.objects.filter(status=ReviewStatus.APPROVED)
    while chunk := list(approved.values_list("pk", flat=True)[: settings.RETENTION_CHUNK_PEOPLE]):
        for review_id in chunk:
            done += _anonymise(review_id, today)
    return done


@transaction.atomic
def _anonymise(review_id: UUID, today: date) -> int:
    claimed = RetentionReview.objects.filter(pk=review_id, status=ReviewStatus.APPROVED)
    review = claimed.select_for_update().select_related("person").first()
    if review is None:  # another worker got there first
        return 0
    person = review.person
    if not past_retention(today).filter(pk=person.pk).exists():
        review.status = ReviewStatus.HELD
        review.hold_reason = "Records were added after the approval: not due any more"
        review.save()
        audit.record("retention.held", agency=review.agency, target=person)
        return 0
    changed = [holding.name for holding in HOLDINGS.in_order() if holding.anonymise(person)]
    review.status = ReviewStatus.ANONYMISED
    review.anonymised_at = timezone.now()
    review.save()
    audit.record("person.anonymised", agency=review.agency, target=person, changes=changed)
    return 1
