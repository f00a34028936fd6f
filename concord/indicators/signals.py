"""Drop cached indicator results when a record they may count is saved or deleted.

Correct rather than clever: a change to an agency's record drops every cached result of
that agency and every partnership-wide one (a record's dates may have moved between
periods, so the period is not used). Changes that touch every agency (a training session,
whose staff come from many agencies; a service, whose kind decides what is counted; MARAC
meetings, referrals and agenda items, counted both for the referring and the hosting
agency) drop everything.

Bulk ``update()`` and ``bulk_create()`` send no signals: code using them must call
``forget_all()``.

A request can be computing a closed period's figures while a change commits, and then keep
figures that miss it. So each transaction that changed records also says so once, after it
commits, in ``RecordsChanged``; a kept result remembers the latest change it may count, and
``concord.indicators.engine`` uses it only while no later change concerns its agency.

Changes made by a long load (an import: ``concord.core.loads``) are the exception: they drop
nothing at once and are said as the load's, and a kept result may leave them out for
``CONCORD_FIGURES_LOAD_LAG_SECONDS``. Otherwise every chunk of an import (several a second)
would make every page of figures compute afresh for everyone reading it. When the load
stops, its agency's figures are dropped as for any other change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max, Model, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from concord.accommodation.models import HousingRecord, SanctuaryMeasure
from concord.accounts.models import Agency, Service
from concord.cases.models import (
    Case,
    Contact,
    ExitReview,
    IntakeProfile,
    SafetyPlan,
    SupportOffer,
)
from concord.core import loads
from concord.helpline.models import HelplineCall
from concord.indicators.models import CachedResult, RecordsChanged
from concord.marac.models import AgendaItem, MaracMeeting, MaracReferral
from concord.outcomes.models import OutcomeMeasure
from concord.people.models import Person
from concord.programmes.models import (
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
)
from concord.submissions.models import SubmissionSchedule
from concord.training.models import StaffTrained, TrainingSession
from concord.voice.models import Complaint, ComplaintStage, Feedback

AGENCY_RECORDS: tuple[type[Model], ...] = (
    Person,
    Case,
    Contact,
    SupportOffer,
    IntakeProfile,
    SafetyPlan,
    ExitReview,
    HousingRecord,
    SanctuaryMeasure,
    CaseChild,
    ChildAttendance,
    ChildRiskAssessment,
    ProgrammeRecord,
    StaffTrained,
    SubmissionSchedule,
    HelplineCall,
    OutcomeMeasure,
    Feedback,
    Complaint,
    ComplaintStage,
)
SHARED_RECORDS: tuple[type[Model], ...] = (
    TrainingSession,
    Agency,
    Service,
    MaracMeeting,
    MaracReferral,
    AgendaItem,
)
UID = "concord.indicators.forget"


EVERY_AGENCY = None
CHANGES_KEPT = timedelta(days=1)


def forget_agency(agency_id: UUID | None) -> None:
    CachedResult.objects.filter(Q(agency_id=agency_id) | Q(agency__isnull=True)).delete()
    _say_changed_at_commit(agency_id)


def forget_all() -> None:
    CachedResult.objects.all().delete()
    _say_changed_at_commit(EVERY_AGENCY)


@dataclass(frozen=True)
class Changes:
    """Where the changes concerning results of one agency stand, by their numbers (0 before
    any change)."""

    latest: int  # the latest: figures computed now may count it
    due: int  # the latest that kept figures must count: all but a load's newest

    @property
    def loading(self) -> bool:
        """Whether kept figures may leave out records a load has just written."""
        return self.latest > self.due


def changes_for(agency_id: UUID | None) -> Changes:
    """The changes that concern results of ``agency_id`` (of the partnership when None:
    every change does), in one query."""
    changes = RecordsChanged.objects.all()
    if agency_id is not None:
        changes = changes.filter(Q(agency_id=agency_id) | Q(agency__isnull=True))
    lag_began = timezone.now() - timedelta(seconds=settings.FIGURES_LOAD_LAG_SECONDS)
    found = changes.aggregate(
        latest=Max("id"), due=Max("id", filter=Q(by_load=False) | Q(at__lte=lag_began))
    )
    return Changes(latest=found["latest"] or 0, due=found["due"] or 0)


class _ChangesAtCommit:
    """The agencies whose records one transaction changed, said once when it commits; as a
    load's when a load made every one of the changes."""

    def __init__(self) -> None:
        self.agencies: set[UUID | None] = set()
        self.by_load = True
        self.said = False

    def __call__(self) -> None:
        self.said = True
        RecordsChanged.objects.bulk_create(
            [
                RecordsChanged(agency_id=agency, by_load=self.by_load)
                for agency in sorted(self.agencies, key=str)
            ]
        )


_pending: WeakKeyDictionary[BaseDatabaseWrapper, _ChangesAtCommit] = WeakKeyDictionary()


def _say_changed_at_commit(agency_id: UUID | None) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        RecordsChanged.objects.create(agency_id=agency_id, by_load=loads.loading())
        return
    pending = _pending.get(connection)
    # Django keeps the callbacks still to run in run_on_commit: ours is gone when a
    # savepoint it was registered in rolled back (and those changes with it).
    if (
        pending is None
        or pending.said
        or not any(f is pending for _, f, _ in connection.run_on_commit)
    ):
        pending = _pending[connection] = _ChangesAtCommit()
        transaction.on_commit(pending)
    pending.agencies.add(agency_id)
    pending.by_load = pending.by_load and loads.loading()


def forget_old_changes() -> None:
    """Maintenance: drop the trail of changes older than a day, with every kept result
    that only that trail could still show to be out of date."""
    old = RecordsChanged.objects.filter(at__lt=timezone.now() - CHANGES_KEPT)
    newest_old = old.aggregate(newest=Max("id"))["newest"]
    if newest_old is None:
        return
    CachedResult.objects.filter(mark__lt=newest_old).delete()
    RecordsChanged.objects.filter(id__lte=newest_old).delete()


def _agency_record_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if loads.loading():
        _say_changed_at_commit(instance.agency_id)
    else:
        forget_agency(instance.agency_id)


def _shared_record_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    if loads.loading():
        _say_changed_at_commit(EVERY_AGENCY)
    else:
        forget_all()


def _load_stopped(sender: Any, agency_id: UUID, **kwargs: Any) -> None:
    forget_agency(agency_id)


def connect() -> None:
    for model in AGENCY_RECORDS:
        for signal in (post_save, post_delete):
            signal.connect(_agency_record_changed, sender=model, dispatch_uid=f"{UID}.{model}")
    for model in SHARED_RECORDS:
        for signal in (post_save, post_delete):
            signal.connect(_shared_record_changed, sender=model, dispatch_uid=f"{UID}.{model}")
    loads.load_stopped.connect(_load_stopped, dispatch_uid=f"{UID}.load_stopped")
