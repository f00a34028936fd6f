"""The people of the membership's agency, through ``request.scope`` (ADR 0001, ADR 0011)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q

from concord.accounts.scope import MembershipScope
from concord.core import audit
from concord.people.matching import sounds_like_full_name
from concord.people.models import Person, PersonQuerySet
from concord.people.search import NAME, search_query


class PeopleScope(MembershipScope):
    @property
    def people(self) -> PersonQuerySet:
        self._require("people.view_person")
        return Person.objects.filter(agency=self.agency).visible_to(self.user)

    def browse_people(self, search: str = "") -> PersonQuerySet:
        """People listed or searched for (by name, date of birth, phone number or case
        reference) on a page or through the API. The audit trail records that someone
        browsed or searched and the kind of search, never what they typed; and, for the
        insider-threat alerts, each restricted record hidden from them that the search
        would have found (or whose name it sounds like)."""
        people = self.people
        kind = ""
        if search:
            kind, query = search_query(search)
            people = people.filter(query).distinct()
            self._note_restricted_matches(search, kind, query)
        action = "people.searched" if search else "people.listed"
        audit.record(
            action, actor=self.user, agency=self.agency, object_type="people.person", reason=kind
        )
        return people

    def _note_restricted_matches(self, search: str, kind: str, query: Q) -> None:
        hidden = Person.objects.filter(agency=self.agency).hidden_from(self.user)
        if kind == NAME:
            found = [
                person_id
                for person_id, given_keys, family_keys in hidden.values_list(
                    "pk", "given_name_keys", "family_name_keys"
                )
                if sounds_like_full_name(search, given_keys, family_keys)
            ]
        else:
            found = list(hidden.filter(query).values_list("pk", flat=True).distinct())
        for person_id in found:
            audit.record(
                "people.search_matched_restricted",
                actor=self.user,
                agency=self.agency,
                object_type="people.person",
                object_id=person_id,
            )

    def person(self, person_id: UUID | str) -> Person:
        """One person of this agency; the read is audited. The page is about them."""
        person = self._one(self.people.filter(pk=person_id).first(), "person.viewed")
        self._about(person)
        return person

    def person_history(self, person_id: UUID | str) -> Person:
        """A person whose audit history the user may read (managers only)."""
        self._require("people.view_person_history")
        return self.person(person_id)
