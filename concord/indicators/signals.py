"""Drop cached indicator results when a record they may count is saved or deleted.

Correct rather than clever: a change to an agency's record drops every cached result of
that agency and every partnership-wide one (a record's dates may have moved between
periods, so the period is not used). Changes that touch every agency (a training session,
whose staff come from many agencies; a service, whose kind decides what is counted; MARAC
meetings, referrals and agenda items, counted both for the referring and the hosting
agency) drop everything.

Bulk ``update()`` and ``bulk_create()`` send no signals: code using them must call
``forget_all()``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q
from django.db.models.signals import post_delete, post_save

from concord.accommodation.models import HousingRecord
from concord.accounts.models import Service
from concord.cases.models import Case, Contact, ExitReview, IntakeProfile, SafetyPlan
from concord.indicators.models import CachedResult
from concord.marac.models import AgendaItem, MaracMeeting, MaracReferral
from concord.people.models import Person
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)
from concord.training.models import StaffTrained, TrainingSession

AGENCY_RECORDS: tuple[type[Model], ...] = (
    Person,
    Case,
    Contact,
    IntakeProfile,
    SafetyPlan,
    ExitReview,
    HousingRecord,
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
    StaffTrained,
)
SHARED_RECORDS: tuple[type[Model], ...] = (
    TrainingSession,
    Service,
    MaracMeeting,
    MaracReferral,
    AgendaItem,
)
UID = "concord.indicators.forget"


def forget_agency(agency_id: object) -> None:
    CachedResult.objects.filter(Q(agency_id=agency_id) | Q(agency__isnull=True)).delete()


def forget_all() -> None:
    CachedResult.objects.all().delete()


def _agency_record_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    forget_agency(instance.agency_id)


def _shared_record_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    forget_all()


def connect() -> None:
    for model in AGENCY_RECORDS:
        for signal in (post_save, post_delete):
            signal.connect(_agency_record_changed, sender=model, dispatch_uid=f"{UID}.{model}")
    for model in SHARED_RECORDS:
        for signal in (post_save, post_delete):
            signal.connect(_shared_record_changed, sender=model, dispatch_uid=f"{UID}.{model}")
