from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.people import services
from concord.people.models import Person, PersonQuerySet
from concord.people.scope import PeopleScope

router = Router(tags=["people"])


class PersonOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None


class PersonIn(Schema):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date | None = None
    is_victim_survivor: bool = False
    is_person_causing_harm: bool = False
    is_child_young_person: bool = False
    sex: str = "not_known"
    ethnicity: str = "not_known"
    first_language: str = ""
    needs_interpreter: str = "not_known"
    area: str = Field("", max_length=60, description="A ward or postcode district")


class PersonSearchIn(Schema):
    name: str = Field(min_length=2, max_length=200, description="Any part of a name")
    date_of_birth: date | None = None


@router.get("", response=list[PersonOut], summary="People of your agency")
@paginate
def list_people(request: ConcordRequest[PeopleScope]) -> PersonQuerySet:
    return request.scope.browse_people()


@router.post("", response={201: PersonOut}, summary="Record a person (search first)")
def create_person(request: ConcordRequest[PeopleScope], payload: PersonIn) -> Status[Person]:
    request.scope.people  # noqa: B018 - the scope refuses roles without case data (403)
    values = payload.dict()
    person = services.record_person(
        request.user,
        request.membership.agency,
        given_name=values.pop("given_name"),
        family_name=values.pop("family_name"),
        date_of_birth=values.pop("date_of_birth"),
        **values,
    )
    return Status(201, person)


@router.post("/search", response=list[PersonOut], summary="Search before creating a record")
def search_people(request: ConcordRequest[PeopleScope], payload: PersonSearchIn) -> list[Person]:
    people = request.scope.browse_people(payload.name)
    if payload.date_of_birth:
        people = people.filter(date_of_birth=payload.date_of_birth)
    return list(people[:50])


@router.get("/{person_id}", response=PersonOut, summary="One person (the read is audited)")
def get_person(request: ConcordRequest[PeopleScope], person_id: UUID) -> Person:
    return request.scope.person(person_id)
