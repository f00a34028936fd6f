"""Cases through the API: the same scope, roles, services and audit as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.accounts.models import Membership
from concord.cases import child_services, services, task_services
from concord.cases.lifecycle import CaseStatus
from concord.cases.models import (
    Case,
    CaseChild,
    CaseChildQuerySet,
    CaseQuerySet,
    ChildSupport,
    Contact,
    SafetyPlan,
    SupportOffer,
    Task,
)
from concord.cases.scope import CasesScope
from concord.cases.vocabulary import (
    CHILD_NEEDS,
    CHILD_ROLES,
    CHILD_SUPPORT_KINDS,
    GIVEN_ANSWERS,
    SAFETY_PLAN_AREAS,
    SUPPORT_KINDS,
)
from concord.core.api_errors import ApiRouter, names_a_record
from concord.core.api_fields import Input, choice, fields_named, one_of
from concord.people import reference as ref
from concord.people.models import Person

router = ApiRouter(tags=["cases"])

YesNoNotKnown = Annotated[str, choice(ref.YES_NO_NOT_KNOWN)]


class CaseOut(Schema):
    id: UUID
    reference: str
    person_id: UUID
    service_id: UUID
    status: str
    status_reason: str
    referral_source: str
    method_of_access: str
    referred_at: datetime
    first_contact_at: datetime | None
    opened_at: datetime | None
    closed_at: datetime | None
    lead_professional_id: UUID | None
    abuse_types: list[str]
    relationship_to_person_causing_harm: str
    multiple_perpetrators: str
    worked_by_idva: bool


class CaseIn(Input):
    person_id: UUID
    service_id: UUID
    referral_source: Annotated[str, choice(ref.REFERRAL_SOURCES)]
    method_of_access: Annotated[str, choice(ref.METHODS_OF_ACCESS)]
    referred_at: datetime
    abuse_types: list[Annotated[str, choice(ref.ABUSE_TYPES)]] = []
    relationship_to_person_causing_harm: Annotated[
        str, choice(ref.RELATIONSHIP_KINDS, blank=True)
    ] = ""
    multiple_perpetrators: YesNoNotKnown = ref.NOT_KNOWN
    worked_by_idva: bool = False


class StatusIn(Input):
    status: CaseStatus
    reason: str = ""


class ContactIn(Input):
    channel: Annotated[str, choice(ref.CONTACT_CHANNELS)]
    initiated_by: Annotated[str, choice(ref.CONTACT_INITIATORS)]
    occurred_at: datetime
    duration_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    notes: str = ""


class ContactOut(Schema):
    id: UUID
    channel: str
    initiated_by: str
    occurred_at: datetime
    duration_minutes: int | None
    out_of_hours: bool
    worker_id: UUID
    notes: str


class SafetyPlanIn(Input):
    created_on: date
    areas: list[Annotated[str, choice(SAFETY_PLAN_AREAS)]] = Field(min_length=1)
    reviewed_on: date | None = None
    completed_on: date | None = None
    review_due_on: date | None = None
    notes: str = ""


class SafetyPlanOut(SafetyPlanIn):
    id: UUID


class IntakeProfileIn(Input):
    assessed_on: date
    answers: dict[Annotated[str, choice(ref.INTAKE_ITEMS)], YesNoNotKnown]
    number_of_children: int | None = Field(default=None, ge=0, le=30)
    children_ages: str = ""


class IdvaIn(Input):
    worked_by_idva: bool


class SupportOfferIn(Input):
    kind: Annotated[str, choice(SUPPORT_KINDS)]
    offered_on: date


class OfferAnswerIn(Input):
    answer: Annotated[str, choice(GIVEN_ANSWERS)]
    answered_on: date


class SupportOfferOut(Schema):
    id: UUID
    kind: str
    offered_on: date
    answer: str = Field(description="awaiting until the person's answer is recorded")
    answered_on: date | None
    offered_by_id: UUID
    answer_recorded_by_id: UUID | None


def _working(request: ConcordRequest[CasesScope], case_id: UUID) -> Case:
    """A case the user may record on; 403 for a role that cannot, 404 outside scope."""
    if not rules.test_rule("cases.work_on_case", request.membership):
        raise PermissionDenied
    return request.scope.case(case_id)


@router.get("", response=list[CaseOut], summary="Cases of your agency")
@paginate
def list_cases(
    request: ConcordRequest[CasesScope],
    status: Annotated[
        str,
        Query("", description="Empty for every status"),
        choice(((s.value, s.label) for s in CaseStatus), blank=True),
    ] = "",
) -> CaseQuerySet:
    cases = request.scope.cases
    return cases.filter(status=status) if status else cases


@router.post("", response={201: CaseOut}, summary="Open a case (it starts as referred)")
@names_a_record
def open_case(request: ConcordRequest[CasesScope], payload: CaseIn) -> Status[Case]:
    if not rules.test_rule("cases.work_on_case", request.membership):
        raise PermissionDenied
    person = request.scope.person(payload.person_id)
    service = request.membership.agency.services.filter(pk=payload.service_id).first()
    if service is None:
        raise Http404
    values = payload.dict(exclude={"person_id", "service_id"})
    return Status(201, services.open_case(request.user, person, service, **values))


@router.get("/{case_id}", response=CaseOut, summary="One case (the read is audited)")
def get_case(request: ConcordRequest[CasesScope], case_id: UUID) -> Case:
    return request.scope.case(case_id)


@router.post("/{case_id}/status", response=CaseOut, summary="Move a case along its lifecycle")
def change_status(request: ConcordRequest[CasesScope], case_id: UUID, payload: StatusIn) -> Case:
    case = _working(request, case_id)
    return services.change_status(request.user, case, payload.status, payload.reason)


@router.get("/{case_id}/contacts", response=list[ContactOut], summary="Contacts on a case")
def list_contacts(request: ConcordRequest[CasesScope], case_id: UUID) -> list[Contact]:
    return list(request.scope.case(case_id).contacts.all())


@router.post("/{case_id}/contacts", response={201: ContactOut}, summary="Record a contact")
def record_contact(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ContactIn
) -> Status[Contact]:
    case = _working(request, case_id)
    return Status(201, services.record_contact(request.user, case, **payload.dict()))


@router.get("/{case_id}/safety-plans", response=list[SafetyPlanOut], summary="Safety plans")
def list_safety_plans(request: ConcordRequest[CasesScope], case_id: UUID) -> list[SafetyPlan]:
    return list(request.scope.case(case_id).safety_plans.all())


@router.post("/{case_id}/safety-plans", response={201: SafetyPlanOut}, summary="Make a plan")
def add_safety_plan(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: SafetyPlanIn
) -> Status[SafetyPlan]:
    case = _working(request, case_id)
    return Status(201, services.record_safety_plan(request.user, case, **payload.dict()))


@router.put("/{case_id}/intake-profile", response={204: None}, summary="Intake profile")
def put_intake_profile(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: IntakeProfileIn
) -> Status[None]:
    case = _working(request, case_id)
    services.record_intake_profile(request.user, case, **payload.dict())
    return Status(204, None)


@router.put("/{case_id}/idva", response=CaseOut, summary="Whether an IDVA works the case")
def mark_worked_by_idva(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: IdvaIn
) -> Case:
    case = _working(request, case_id)
    return services.mark_worked_by_idva(request.user, case, payload.worked_by_idva)


@router.get(
    "/{case_id}/support-offers", response=list[SupportOfferOut], summary="Offers of support"
)
def list_support_offers(request: ConcordRequest[CasesScope], case_id: UUID) -> list[SupportOffer]:
    return list(request.scope.case(case_id).support_offers.all())


@router.post(
    "/{case_id}/support-offers",
    response={201: SupportOfferOut},
    summary="Record an offer of support (awaiting the person's answer)",
)
def offer_support(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: SupportOfferIn
) -> Status[SupportOffer]:
    case = _working(request, case_id)
    return Status(201, services.offer_support(request.user, case, **payload.dict()))


@router.post(
    "/{case_id}/support-offers/{offer_id}/answer",
    response=SupportOfferOut,
    summary="Record the person's answer to an offer of support",
)
def answer_offer(
    request: ConcordRequest[CasesScope], case_id: UUID, offer_id: UUID, payload: OfferAnswerIn
) -> SupportOffer:
    case = _working(request, case_id)
    offer = case.support_offers.filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return services.answer_offer(request.user, offer, **payload.dict())


class TaskIn(Input):
    title: str = Field(min_length=1, max_length=200)
    due_on: date
    assignee_id: UUID | None = Field(
        default=None, description="A colleague in your agency who works on cases"
    )


class TaskOut(Schema):
    id: UUID
    title: str
    due_on: date
    assignee_id: UUID | None
    rule: str = Field(description="The rule that set it; empty when a worker did")
    done_at: datetime | None
    done_by_id: UUID | None


@router.get("/{case_id}/tasks", response=list[TaskOut], summary="Tasks on a case")
def list_tasks(request: ConcordRequest[CasesScope], case_id: UUID) -> list[Task]:
    return list(request.scope.case(case_id).tasks.all())


@router.post("/{case_id}/tasks", response={201: TaskOut}, summary="Set a task on a case")
def add_task(request: ConcordRequest[CasesScope], case_id: UUID, payload: TaskIn) -> Status[Task]:
    case = _working(request, case_id)
    assignee = None
    if payload.assignee_id is not None:
        workers = Membership.objects.case_workers(case.agency).select_related("user")
        worker = workers.filter(user_id=payload.assignee_id).first()
        if worker is None:
            raise ValidationError({"assignee_id": "Choose someone in your agency"})
        assignee = worker.user
    task = task_services.add_task(
        request.user, case, title=payload.title, due_on=payload.due_on, assignee=assignee
    )
    return Status(201, task)


@router.post("/{case_id}/tasks/{task_id}/done", response=TaskOut, summary="Mark a task done")
def complete_task(request: ConcordRequest[CasesScope], case_id: UUID, task_id: UUID) -> Task:
    case = _working(request, case_id)
    task = case.tasks.filter(pk=task_id).first()
    if task is None:
        raise Http404
    return task_services.complete_task(request.user, task)


# Children on a case ----------------------------------------------------------------------


class ChildSupportOut(Schema):
    id: UUID
    kind: str = Field(description=one_of(CHILD_SUPPORT_KINDS))
    started_on: date
    ended_on: date | None
    note: str


class ChildOut(Schema):
    id: UUID
    person_id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None
    age: int | None = Field(description="Today, from the date of birth or approximate age")
    role: str = Field(description=one_of(CHILD_ROLES))
    needs: list[str] = Field(description=one_of(CHILD_NEEDS))
    supports: list[ChildSupportOut]

    @staticmethod
    def resolve_given_name(child: CaseChild) -> str:
        return child.person.given_name

    @staticmethod
    def resolve_family_name(child: CaseChild) -> str:
        return child.person.family_name

    @staticmethod
    def resolve_date_of_birth(child: CaseChild) -> date | None:
        return child.person.date_of_birth

    @staticmethod
    def resolve_age(child: CaseChild) -> int | None:
        return child.person.age_on(timezone.localdate())

    @staticmethod
    def resolve_supports(child: CaseChild) -> list[ChildSupport]:
        return list(child.supports.all())


class ChildIn(Input):
    """Someone already in the agency's records (``person_id``), or a child new to it
    (search first with POST /api/v1/people/search so nobody is recorded twice)."""

    role: Annotated[str, choice(CHILD_ROLES)]
    person_id: UUID | None = Field(default=None, description="Someone already recorded")
    given_name: str = Field(default="", max_length=100)
    family_name: str = Field(default="", max_length=100)
    date_of_birth: date | None = None
    approximate_age: int | None = Field(
        default=None, ge=0, le=25, description="Only if the date of birth is not known"
    )
    sex: Annotated[str, choice(ref.SEXES)] = ref.NOT_KNOWN

    def new_child(self) -> dict[str, Any]:
        return self.dict(exclude={"person_id"})

    def describes_someone_new(self) -> bool:
        return any(
            (
                self.given_name.strip(),
                self.family_name.strip(),
                self.date_of_birth,
                self.approximate_age is not None,
            )
        )

    def names_missing(self) -> dict[str, str]:
        labels = {"given_name": "given name", "family_name": "family name"}
        return {
            field: f"Enter the child's {label}"
            for field, label in labels.items()
            if not getattr(self, field).strip()
        }


class ChildNeedsIn(Input):
    needs: list[Annotated[str, choice(CHILD_NEEDS)]] = Field(
        description="Every need, replacing those recorded before (empty for none)"
    )


class ChildSupportIn(Input):
    kind: Annotated[str, choice(CHILD_SUPPORT_KINDS)]
    started_on: date
    ended_on: date | None = Field(default=None, description="When recorded after it ended")
    note: str = Field(default="", max_length=2000)


class EndChildSupportIn(Input):
    ended_on: date


def adding_child(
    request: ConcordRequest[CasesScope],
    payload: ChildIn,
    *,
    existing: Callable[[Person, str], CaseChild],
    new: Callable[[dict[str, Any]], CaseChild],
) -> CaseChild:
    """Someone already recorded (``existing``) or someone new (``new``), as ``payload``
    says; field errors name the API's fields."""
    if payload.person_id is not None:
        if payload.describes_someone_new():
            raise ValidationError(
                {"person_id": "Give someone already recorded or a new child's details, not both"}
            )
        person = request.scope.person(payload.person_id)
        with fields_named({"person": "person_id"}):
            return existing(person, payload.role)
    missing = payload.names_missing()
    if missing:
        raise ValidationError(missing)
    return new(payload.new_child())


def _children(request: ConcordRequest[CasesScope], case: Case) -> CaseChildQuerySet:
    return request.scope.children_of(case).prefetch_related("supports")


def _child(request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID) -> CaseChild:
    case = _working(request, case_id)
    return request.scope.case_child(case, child_id)


@router.get(
    "/{case_id}/children",
    response=list[ChildOut],
    summary="The children on a case, each with their needs and support (the read is audited)",
)
def list_children(request: ConcordRequest[CasesScope], case_id: UUID) -> list[CaseChild]:
    return list(_children(request, request.scope.case(case_id)))


@router.post(
    "/{case_id}/children",
    response={201: ChildOut},
    summary="Put a child or young person under 18 on a case",
)
def add_child(
    request: ConcordRequest[CasesScope], case_id: UUID, payload: ChildIn
) -> Status[CaseChild]:
    case = _working(request, case_id)
    actor = request.user
    child = adding_child(
        request,
        payload,
        existing=lambda person, role: child_services.add_child(actor, case, person, role=role),
        new=lambda details: child_services.add_new_child(actor, case, **details),
    )
    return Status(201, _children(request, case).get(pk=child.pk))


@router.put(
    "/{case_id}/children/{child_id}/needs",
    response=ChildOut,
    summary="What a child needs support with",
)
def record_child_needs(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID, payload: ChildNeedsIn
) -> CaseChild:
    child = _child(request, case_id, child_id)
    return child_services.record_child_needs(request.user, child, needs=payload.needs)


@router.get(
    "/{case_id}/children/{child_id}/support",
    response=list[ChildSupportOut],
    summary="The support a child receives in their own right",
)
def list_child_support(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID
) -> list[ChildSupport]:
    case = request.scope.case(case_id)
    return list(request.scope.case_child(case, child_id).supports.all())


@router.post(
    "/{case_id}/children/{child_id}/support",
    response={201: ChildSupportOut},
    summary="Record support a child receives",
)
def start_child_support(
    request: ConcordRequest[CasesScope], case_id: UUID, child_id: UUID, payload: ChildSupportIn
) -> Status[ChildSupport]:
    child = _child(request, case_id, child_id)
    return Status(201, child_services.start_child_support(request.user, child, **payload.dict()))


@router.post(
    "/{case_id}/children/{child_id}/support/{support_id}/end",
    response=ChildSupportOut,
    summary="Record that a child's support has ended",
)
def end_child_support(
    request: ConcordRequest[CasesScope],
    case_id: UUID,
    child_id: UUID,
    support_id: UUID,
    payload: EndChildSupportIn,
) -> ChildSupport:
    child = _child(request, case_id, child_id)
    support = request.scope.child_support(child, support_id)
    return child_services.end_child_support(request.user, support, ended_on=payload.ended_on)
