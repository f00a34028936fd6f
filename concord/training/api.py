"""Training and awareness sessions through the API: the same scope, roles, checks and audit
as the pages. Sessions are the delivering agency's own; staff trained are counted per
attending agency."""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR, date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Agency
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice
from concord.training import services
from concord.training.models import StaffTrained, TrainingSession, TrainingSessionQuerySet
from concord.training.scope import TrainingScope
from concord.training.vocabulary import SESSION_KINDS

router = ApiRouter(tags=["training"])

Kind = Annotated[str, choice(SESSION_KINDS)]
#: A financial year by the year it starts in (2026 is April 2026 to March 2027).
FinancialYear = Annotated[
    int | None, Query(None, ge=MINYEAR, le=MAXYEAR - 1, description="2026 is 2026 to 2027")
]
#: The kind of session to count, or "" for every kind.
KindWanted = Annotated[
    str, Query("", description="Empty for every kind"), choice(SESSION_KINDS, blank=True)
]


class StaffTrainedIn(Input):
    agency_id: UUID
    staff: int = Field(ge=1, le=1_000_000)


class StaffTrainedOut(Schema):
    agency_id: UUID
    agency_name: str
    staff: int | None = Field(description="Empty for counts recorded before it was asked")

    @staticmethod
    def resolve_agency_name(row: StaffTrained) -> str:
        return row.agency.name


class SessionIn(Input):
    held_on: date
    kind: Kind
    title: str = Field(min_length=1, max_length=200)
    attendees: int = Field(ge=0, le=1_000_000)
    children_reached: int = Field(default=0, ge=0, le=1_000_000)
    reported_more_knowledge: int | None = Field(default=None, ge=0, le=1_000_000)
    staff_trained: list[StaffTrainedIn] = []
    notes: str = ""


class SessionOut(Schema):
    id: UUID
    held_on: date
    kind: str
    title: str
    attendees: int
    children_reached: int
    reported_more_knowledge: int | None
    staff_trained: list[StaffTrainedOut]
    notes: str

    @staticmethod
    def resolve_staff_trained(session: TrainingSession) -> list[object]:
        return list(session.staff_trained.all())


class AgencyTotalOut(Schema):
    agency_name: str
    staff_trained: int


def _sessions(
    request: ConcordRequest[TrainingScope], year: int | None, kind: str
) -> TrainingSessionQuerySet:
    sessions = request.scope.training_sessions
    if year is not None:
        sessions = sessions.in_financial_year(year)
    return sessions.of_kind(kind) if kind else sessions


def _save(
    request: ConcordRequest[TrainingScope],
    payload: SessionIn,
    session: TrainingSession | None = None,
) -> TrainingSession:
    values = payload.dict(exclude={"staff_trained"})
    wanted = {row.agency_id: row.staff for row in payload.staff_trained}
    agencies = Agency.objects.filter(pk__in=wanted)
    if len(agencies) != len(wanted):
        raise ValidationError({"staff_trained": "Name agencies that exist, each once"})
    return services.record_training_session(
        request.user,
        request.membership.agency,
        session=session,
        staff_trained={agency: wanted[agency.pk] for agency in agencies},
        **values,
    )


@router.get("", response=list[SessionOut], summary="Sessions your agency delivered")
@paginate
def list_sessions(
    request: ConcordRequest[TrainingScope], year: FinancialYear = None, kind: KindWanted = ""
) -> TrainingSessionQuerySet:
    """``year`` is the financial year starting in April of that year (2026 is 2026 to 2027)."""
    return _sessions(request, year, kind).prefetch_related("staff_trained__agency")


@router.get(
    "/staff-trained",
    response=list[AgencyTotalOut],
    summary="Staff trained per attending agency, most first",
)
def staff_trained(
    request: ConcordRequest[TrainingScope], year: FinancialYear = None, kind: KindWanted = ""
) -> list[dict[str, object]]:
    per_agency = _sessions(request, year, kind).staff_trained_per_agency()
    return [{"agency_name": name, "staff_trained": staff} for name, staff in per_agency]


@router.post("", response={201: SessionOut}, summary="Record a session")
def record_session(
    request: ConcordRequest[TrainingScope], payload: SessionIn
) -> Status[TrainingSession]:
    request.scope.training_sessions  # noqa: B018 - the scope refuses roles that may not (403)
    return Status(201, _save(request, payload))


@router.get("/{session_id}", response=SessionOut, summary="One session")
def get_session(request: ConcordRequest[TrainingScope], session_id: UUID) -> TrainingSession:
    return request.scope.training_session(session_id)


@router.put("/{session_id}", response=SessionOut, summary="Correct a session")
def change_session(
    request: ConcordRequest[TrainingScope], session_id: UUID, payload: SessionIn
) -> TrainingSession:
    return _save(request, payload, request.scope.training_session(session_id))
