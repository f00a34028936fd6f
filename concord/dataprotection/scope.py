"""The data-protection duties of the membership's agency, through ``request.scope``
(ADR 0011): its retention reviews and the people it answers subject access requests for."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from concord.core import audit
from concord.dataprotection.models import RetentionReview, ReviewStatus
from concord.people.models import Person
from concord.people.scope import PeopleScope


class DataProtectionScope(PeopleScope):
    @property
    def retention_reviews(self) -> QuerySet[RetentionReview]:
        """The agency's reviews of people its managers may see."""
        self._require("dataprotection.review_retention")
        visible = self.people.values("pk")
        return RetentionReview.objects.filter(agency=self.agency, person__in=visible)

    def reviews_due(self, review_ids: list[str] | None = None) -> QuerySet[RetentionReview]:
        """Reviews waiting for a decision (those of ``review_ids`` when given); listing
        them is audited, by ids only."""
        due = self.retention_reviews.filter(status=ReviewStatus.DUE).select_related("person")
        if review_ids is not None:
            return due.filter(pk__in=review_ids)
        audit.record(
            "retention.reviews_listed",
            actor=self.user,
            agency=self.agency,
            object_type="dataprotection.retentionreview",
        )
        return due

    def subject_access_person(self, person_id: UUID | str) -> Person:
        """The person whose records a manager exports for a subject access request; the
        export is audited."""
        self._require("dataprotection.export_subject_access")
        return self._one(self.people.filter(pk=person_id).first(), "person.subject_access_read")
