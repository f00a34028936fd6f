"""The one way into person-level records.

A Scope belongs to a request (``request.scope``) or an API call. It yields only the
records of the signed-in membership's agency, raises PermissionDenied (403) for a role that
may not see such records at all, and Http404 for a record outside the agency. Every read
of a single person-level record is written to the audit trail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from concord.cases.models import Case, CaseQuerySet
from concord.core import audit
from concord.people.models import Person, PersonQuerySet

if TYPE_CHECKING:
    from concord.accounts.models import Membership, User


class Scope:
    def __init__(self, user: User, membership: Membership) -> None:
        self.user = user
        self.membership = membership
        self.agency = membership.agency

    def _require(self, rule_name: str) -> None:
        if not rules.test_rule(rule_name, self.membership):
            raise PermissionDenied

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
        person = self.people.filter(pk=person_id).first()
        if person is None:
            raise Http404
        audit.record("person.viewed", actor=self.user, agency=self.agency, target=person)
        return person

    def person_history(self, person_id: UUID | str) -> Person:
        """A person whose audit history the user may read (managers only)."""
        self._require("people.view_person_history")
        return self.person(person_id)

    @property
    def cases(self) -> CaseQuerySet:
        self._require("cases.view_case")
        return Case.objects.filter(agency=self.agency).visible_to(self.user)

    def case(self, case_id: UUID | str) -> Case:
        """One case of this agency, with its person and service; the read is audited."""
        case = self.cases.select_related("person", "service", "lead_professional")
        found = case.filter(pk=case_id).first()
        if found is None:
            raise Http404
        audit.record("case.viewed", actor=self.user, agency=self.agency, target=found)
        return found
