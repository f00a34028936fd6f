"""Housing records of the membership's agency, through ``request.scope`` (ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import prefetch_related_objects
from django.http import Http404

from concord.accommodation.models import HOUSING_RELATIONS, HousingRecord, HousingRecordQuerySet
from concord.accounts.models import ServiceKind
from concord.cases.models import Case
from concord.cases.scope import CasesScope


class HousingScope(CasesScope):
    @property
    def housing_records(self) -> HousingRecordQuerySet:
        self._require("accommodation.view_housing")
        return HousingRecord.objects.filter(agency=self.agency).visible_to(self.user)

    def housing_case(self, case_id: UUID | str) -> Case:
        """One case of this agency at a housing service, with its housing record and
        sanctuary measures; 404 for any other case. The read is audited (as a case)."""
        self._require("accommodation.view_housing")
        case = self.case(case_id)
        if case.service.kind != ServiceKind.HOUSING:
            raise Http404
        prefetch_related_objects([case], *HOUSING_RELATIONS)
        return case
