"""Housing records and safe accommodation of the membership's agency, through
``request.scope`` (ADR 0011); the vacancy board alone reads every agency's units, and never
their locations (ADR 0022)."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from concord.accommodation.models import (
    HOUSING_RELATIONS,
    AccommodationService,
    AccommodationServiceQuerySet,
    HousingRecord,
    HousingRecordQuerySet,
    Stay,
    StayMember,
    Unit,
    UnitQuerySet,
    UnmetNeed,
)
from concord.accommodation.services import ACCOMMODATION_KINDS
from concord.accounts.models import Service, ServiceKind
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

    # Safe accommodation -------------------------------------------------------------------

    @property
    def accommodation_services(self) -> QuerySet[Service]:
        """The agency's refuge and housing services, each may be set up as accommodation."""
        self._require("accommodation.set_up")
        return Service.objects.filter(agency=self.agency, kind__in=ACCOMMODATION_KINDS)

    def accommodation_service(self, service_id: UUID | str) -> Service:
        return self._one(self.accommodation_services.filter(pk=service_id).first())

    def accommodation_of(self, service: Service) -> AccommodationService | None:
        """The accommodation of one of ``accommodation_services``, None until set up."""
        return AccommodationService.objects.filter(service=service, agency=self.agency).first()

    def unmet_needs_of(self, accommodation: AccommodationService | None) -> QuerySet[UnmetNeed]:
        """The households from outside Concord this agency's service could not support,
        over the last year (none until the service is set up)."""
        self._require("accommodation.set_up")
        if accommodation is None:
            return UnmetNeed.objects.none()
        since = timezone.localdate() - timedelta(days=365)
        return UnmetNeed.objects.filter(
            agency=self.agency, accommodation=accommodation, referred_on__gte=since
        )

    def unit(self, unit_id: UUID | str, rule: str = "accommodation.set_up") -> Unit:
        """One unit of this agency's accommodation; 404 for another agency's."""
        self._require(rule)
        units = Unit.objects.filter(agency=self.agency).select_related("accommodation__service")
        return self._one(units.filter(pk=unit_id).first())

    @property
    def vacancies(self) -> UnitQuerySet:
        """Units free tonight at every agency's services (the partnership's vacancy board).
        Read only what the board shows: never ``location``."""
        self._require("accommodation.view_vacancies")
        today = timezone.localdate()
        return Unit.objects.free_on(today).defer("location")

    @property
    def services_with_occupancy(self) -> AccommodationServiceQuerySet:
        """Every agency's accommodation services with tonight's bed spaces and their units,
        each saying whether it is free (the API's list). Never a unit's ``location``."""
        self._require("accommodation.view_vacancies")
        today = timezone.localdate()
        units = Unit.objects.with_free_on(today).defer("location")
        return (
            AccommodationService.objects.with_occupancy(today)
            .select_related("service", "agency")
            .prefetch_related(Prefetch("units", units))
        )

    def accommodation_case(self, case_id: UUID | str, rule: str) -> Case:
        """One case of this agency at an accommodation service, with its accommodation
        and its stays; 404 for any other case. The read is audited (as a case)."""
        self._require(rule)
        case = self.case(case_id)
        if getattr(case.service, "accommodation", None) is None:
            raise Http404
        prefetch_related_objects([case], Prefetch("stays", Stay.objects.select_related("unit")))
        return case

    def unit_of(self, case: Case, unit_id: UUID | str) -> Unit | None:
        """A unit of the accommodation service the case (from ``accommodation_case``) is at."""
        return Unit.objects.filter(pk=unit_id, accommodation__service=case.service).first()

    def stays_of(self, case: Case) -> QuerySet[Stay]:
        """The stays of a case reached through ``accommodation_case``, with their members
        and the support each received."""
        members = StayMember.objects.select_related("person").prefetch_related("support")
        return case.stays.select_related(
            "unit", "accommodation", "housing_record"
        ).prefetch_related(Prefetch("members", members), "housing_record__sanctuary_measures")

    def stay(self, case: Case, stay_id: UUID | str) -> Stay:
        """One stay of a case reached through ``accommodation_case``."""
        return self._one(self.stays_of(case).filter(pk=stay_id).first())
