from __future__ import annotations

from datetime import date
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from concord.core.http import ConcordRequest
from concord.people.models import Person, PersonQuerySet

router = Router(tags=["people"])


class PersonOut(Schema):
    id: UUID
    given_name: str
    family_name: str
    date_of_birth: date | None


class PersonSearchIn(Schema):
    name: str = Field(min_length=2, max_length=200, description="Any part of a name")
    date_of_birth: date | None = None


@router.get("", response=list[PersonOut], summary="People of your agency")
@paginate
def list_people(request: ConcordRequest) -> PersonQuerySet:
    return request.scope.browse_people()


@router.post("/search", response=list[PersonOut], summary="Search before creating a record")
def search_people(request: ConcordRequest, payload: PersonSearchIn) -> list[Person]:
    people = request.scope.browse_people(payload.name)
    if payload.date_of_birth:
        people = people.filter(date_of_birth=payload.date_of_birth)
    return list(people[:50])


@router.get("/{person_id}", response=PersonOut, summary="One person (the read is audited)")
def get_person(request: ConcordRequest, person_id: UUID) -> Person:
    return request.scope.person(person_id)
