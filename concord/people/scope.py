"""The people of the membership's agency, through ``request.scope`` (ADR 0001, ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from concord.accounts.scope import MembershipScope
from concord.core import audit
from concord.people.models import Person, PersonQuerySet


class PeopleScope(MembershipScope):
    @property
    def people(self) -> PersonQuerySet:
        self._require("people.view_person")
        return Person.objects.filter(agency=self.agency).visible_to(self.user)

    def browse_people(self, search: str = "") -> PersonQuerySet:
        """People listed or searched for on a page or through the API. The audit trail
        records that someone browsed or searched, never what they typed."""
        people = self.people
        if search:
            people = people.search(search)
        action = "people.searched" if search else "people.listed"
        audit.record(action, actor=self.user, agency=self.agency, object_type="people.person")
        return people

    def person(self, person_id: UUID | str) -> Person:
        """One person of this agency; the read is audited."""
        return self._one(self.people.filter(pk=person_id).first(), "person.viewed")

    def person_history(self, person_id: UUID | str) -> Person:
        """A person whose audit history the user may read (managers only)."""
        self._require("people.view_person_history")
        return self.person(person_id)
