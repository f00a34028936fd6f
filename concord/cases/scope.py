"""Cases and imports of the membership's agency, through ``request.scope`` (ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from concord.cases.models import (
    Case,
    CaseChild,
    CaseChildQuerySet,
    CaseQuerySet,
    ChildSupport,
    ImportBatch,
    Task,
    TaskQuerySet,
)
from concord.people.scope import PeopleScope


class CasesScope(PeopleScope):
    @property
    def cases(self) -> CaseQuerySet:
        self._require("cases.view_case")
        return Case.objects.filter(agency=self.agency).visible_to(self.user)

    @property
    def tasks(self) -> TaskQuerySet:
        """Tasks on the cases the user may see."""
        return Task.objects.filter(agency=self.agency, case__in=self.cases.values("pk"))

    def case(self, case_id: UUID | str) -> Case:
        """One case of this agency, with its person and service; the read is audited. The
        page is about the case's person."""
        cases = self.cases.select_related("person", "service", "lead_professional")
        case = self._one(cases.filter(pk=case_id).first(), "case.viewed")
        self._about(case.person)
        return case

    def children_of(self, case: Case) -> CaseChildQuerySet:
        """The children on a case found through ``case``, with their people; restricted
        children only for their named workers."""
        return CaseChild.objects.filter(case=case).visible_to(self.user).select_related("person")

    def case_child(self, case: Case, child_id: UUID | str) -> CaseChild:
        """One child on a case found through ``case``; the read is audited."""
        return self._one(self.children_of(case).filter(pk=child_id).first(), "case_child.viewed")

    def child_support(self, child: CaseChild, support_id: UUID | str) -> ChildSupport:
        """One record of a child's support (the child found through ``case_child``)."""
        return self._one(child.supports.filter(pk=support_id).first())

    @property
    def import_batches(self) -> QuerySet[ImportBatch]:
        self._require("cases.import_records")
        return ImportBatch.objects.filter(agency=self.agency)

    def import_batch(self, batch_id: UUID | str) -> ImportBatch:
        """One import of this agency; its quarantined rows hold personal data, so the read
        is audited."""
        return self._one(self.import_batches.filter(pk=batch_id).first(), "import.viewed")
