from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema, Status
from ninja.pagination import paginate

from concord.accounts.http import ConcordRequest
from concord.core.api_errors import ApiRouter
from concord.core.api_fields import Input, choice
from concord.people import reference as ref
from concord.people import services
from concord.people.models import Person, PersonQuerySet
from concord.people.scope import PeopleScope

router = ApiRouter(tags=["people"])


class PersonOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None


class PersonIn(Input):
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date | None = None
    is_victim_survivor: bool = False
    is_person_causing_harm: bool = False
    is_child_young_person: bool = False
    sex: Annotated[str, choice(ref.SEXES)] = ref.NOT_KNOWN
    ethnicity: Annotated[str, choice(ref.ETHNICITY_CHOICES)] = ref.NOT_KNOWN
    first_language: str = Field("", max_length=60)
    needs_interpreter: Annotated[str, choice(ref.YES_NO_NOT_KNOWN)] = ref.NOT_KNOWN
    area: str = Field("", max_length=60, description="A ward or postcode district")


class PersonSearchIn(Input):
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
